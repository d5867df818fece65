/**
 * Claims follow the settings a learner chooses: with a parameter set beyond what a claim assumes, the
 * notebook runs to the end and shows that claim as "not checked", saying why, instead of stopping.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Report } from '../scripts/reports';
import { readJson, runNotebooks } from './helpers';

/** A notebook, a setting beyond one of its claims' premises, and words the reason must contain. */
const CASES: { notebook: string; name: string; params: string[]; why: RegExp }[] = [
  { notebook: '01', name: '01-cost-minimization', params: ['lr=0.25'], why: /lr = 0.25 is not below 3\/14/ },
  { notebook: '03', name: '03-gradient-descent-variants', params: ['lr=0.2'], why: /2\/L/ },
  { notebook: '08', name: '08-optimization-algorithms', params: ['bowlRate=0.09'], why: /bowlRate = 0.09 is not below 2\/L/ },
  { notebook: '11', name: '11-convolutions', params: ['shiftStride=2'], why: /not a multiple of the stride 2/ },
];

describe('settings beyond a claim\'s premise', function () {
  this.timeout(20 * 60 * 1000);
  let reports: string;
  before(() => {
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'premises-'));
  });
  after(() => fs.rmSync(reports, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.name} with ${c.params.join(' ')} runs to the end, showing the claims it cannot check as not checked`, () => {
      const r = runNotebooks([c.notebook, '--smoke', '--reports', reports, ...c.params.flatMap((p) => ['--param', p])]);
      const report = readJson<Report>(path.join(reports, c.name, 'metrics.json'));
      expect(report.status, `${r.stdout}${r.stderr}${JSON.stringify(report.error)}`).to.equal('ok');
      const unchecked = report.claims.filter((x) => x.status === 'not checked');
      expect(unchecked.map((x) => x.detail).join('\n'), 'a claim not checked because of the setting').to.match(c.why);
      expect(report.claims.some((x) => x.status === 'holds'), 'the claims whose premises hold are still checked').to.equal(true);
    });
  }
});
