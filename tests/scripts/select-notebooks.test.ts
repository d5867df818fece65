import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { selectNotebooks } from '../../scripts/select-notebooks';

describe('selectNotebooks', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'select-'));
    for (const f of ['01-cost.ipynb', '02-basics.ipynb', '10-tuning.ipynb', 'notes.md']) fs.writeFileSync(path.join(dir, f), '{}');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('selects every notebook, in order, when no name is given', () => {
    expect(selectNotebooks(dir, [])).to.deep.equal(['01-cost.ipynb', '02-basics.ipynb', '10-tuning.ipynb']);
  });

  it('matches by number with or without the leading zero, and by file name', () => {
    expect(selectNotebooks(dir, ['01'])).to.deep.equal(['01-cost.ipynb']);
    expect(selectNotebooks(dir, ['2'])).to.deep.equal(['02-basics.ipynb']);
    expect(selectNotebooks(dir, ['10-tuning', '01-cost.ipynb'])).to.deep.equal(['10-tuning.ipynb', '01-cost.ipynb']);
  });

  it('rejects an unknown name and lists the notebooks there are', () => {
    expect(() => selectNotebooks(dir, ['3'])).to.throw("no notebook matches '3'").and.to.match(/02-basics\.ipynb/);
  });
});
