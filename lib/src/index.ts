/**
 * The public API of the notebooks' helper library. Import it from a notebook as `'../lib'`.
 */
import { assertFreshBuild } from './build-freshness';

assertFreshBuild();

export { tf } from './tf';
export { useBackend, versions, BACKENDS, type BackendName, type BackendInfo } from './backend';
export { setSeed, getSeed, rng, mulberry32 } from './seed';
export { record, formatNumber } from './record';
export { assertClaim } from './claim';
export { showTable } from './table';
export { showPlot } from './plot/show-plot';
export { renderSvg, type VegaLiteSpec } from './plot/render';
export { linePlot, linePlotSpec, type Series, type LinePlotOptions } from './plot/line-plot';
export { showBundle, inNotebook, type MimeBundle } from './display';
export { announceRunFacts, type RunFacts } from './run-facts';
export { RECORD_MIME, RUN_FACTS_MIME } from './mime';
