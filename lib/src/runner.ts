/**
 * The runner contract: what the scripts (`npm run notebooks`, `doctor`, `datasets`, `bench`, `native-tf`,
 * `gpu-check`) need from the library beyond the notebook API, imported as `dl-lectures-lib/runner`. A list
 * of exports only: importing it runs nothing. Scripts import the library through this file and the
 * notebook API (`dl-lectures-lib`) only, so the library's inside is free to move.
 */
// What a notebook sends the runner: the MIME types of its machine-readable outputs and what they carry.
export { RECORD_MIME, RUN_FACTS_MIME, CLAIM_MIME } from './mime';
export { type RunFacts } from './run-facts';
export { type ClaimOutcome } from './claim';
// Text for the reports.
export { formatNumber } from './format-number';
export { escapeHtml } from './escape-html';
// Backends: the list, a quiet choice (useBackend is the notebooks' door: it also checks the build and says what runs).
export { BACKENDS, chooseBackend, type BackendName, type BackendInfo } from './backend';
export { assertFreshBuild } from './build-freshness';
export { adapterLabel } from './webgpu-backend';
export { findNativeBindings, readNativeManifest, NATIVE_DIR, NATIVE_MANIFEST, NATIVE_PACKAGE_DIR, type NativeBuildManifest } from './native-backend';
export { nativeOpsInUse, NATIVE_OPS_ADDON } from './native-kernels';
export { packageVersion, packageDirVersion } from './package-version';
// The official MNIST and Fashion-MNIST files: where they go, what they are, how they are checked.
export { DATASETS_DIR, DATASETS_FIX, IDX_DATASETS, type IdxDatasetSpec, type IdxFileSpec } from './data/idx-datasets';
export { checkIdxFile } from './data/check-idx-file';
export { locateIdxFolder } from './data/idx-split';
export { DataFileError } from './data/data-file-error';
// The pieces the charts share, for pages the scripts draw (the sweep comparison).
export { specFrame } from './plot/chart-parts';
