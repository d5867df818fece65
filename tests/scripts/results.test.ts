import { expect } from 'chai';
import { CLAIM_MIME, RECORD_MIME, RUN_FACTS_MIME } from 'dl-lectures-lib/dist/mime';
import { Notebook } from '../../scripts/notebook-file';
import { collectResults } from '../../scripts/results';

describe('collectResults', () => {
  it('collects recorded values and run facts from display outputs, the later value winning', () => {
    const display = (data: Record<string, unknown>) => ({ output_type: 'display_data', data: { 'text/plain': '', ...data } });
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: 'markdown', metadata: {}, source: 'text' },
        { cell_type: 'code', metadata: {}, source: '', outputs: [display({ [RUN_FACTS_MIME]: { backend: 'wasm', gpu: false } }), display({ [RUN_FACTS_MIME]: { seed: 3 } })] },
        { cell_type: 'code', metadata: {}, source: '', outputs: [{ output_type: 'stream', name: 'stdout', text: 'x' }, display({ [RECORD_MIME]: { name: 'a', value: 1 } })] },
        { cell_type: 'code', metadata: {}, source: '', outputs: [display({ [RECORD_MIME]: { name: 'a', value: 2 } }), display({ [RECORD_MIME]: { name: 'b', value: 'x' } })] },
        { cell_type: 'code', metadata: {}, source: '', outputs: [display({ [CLAIM_MIME]: { claim: 'c1', status: 'holds', detail: 'seen 1' } }), display({ [CLAIM_MIME]: { claim: 'c2', status: 'not checked', detail: 'smoke' } })] },
        { cell_type: 'code', metadata: {}, source: '', outputs: [display({ [CLAIM_MIME]: { claim: 'c1', status: 'holds', detail: 'seen 2' } })] },
      ],
    };
    expect(collectResults(nb)).to.deep.equal({
      metrics: { a: 2, b: 'x' },
      facts: { backend: 'wasm', gpu: false, seed: 3 },
      claims: [{ claim: 'c1', status: 'holds', detail: 'seen 2' }, { claim: 'c2', status: 'not checked', detail: 'smoke' }],
    });
  });
});
