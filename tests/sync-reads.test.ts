/**
 * No synchronous tensor reads in the notebooks or the library: `dataSync`, `arraySync`, `bufferSync` and
 * `print` fail on WebGPU in Node, so code reads tensors with `await t.data()` / `await t.array()`.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from '../scripts/jupyter';
import { cellSource, readNotebook } from '../scripts/notebook-file';

/** Tensor methods that read synchronously (`print` only as a method: `x.print()`, `tf.print(x)`). */
const SYNC_METHODS = new Set(['dataSync', 'arraySync', 'bufferSync']);

/** A synchronous read found in source code: 1-based line and what was written. */
interface SyncRead {
  line: number;
  text: string;
}

/**
 * The synchronous reads in TypeScript `source`, found in its syntax tree, so comments, strings and names
 * such as `printSummary` or `dataSyncFree` do not count: any `dataSync`, `arraySync`, `bufferSync` name
 * (called, passed on, destructured or indexed as `t['dataSync']`), and `.print` as a method.
 */
function findSyncReads(source: string): SyncRead[] {
  const file = ts.createSourceFile('cell.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: SyncRead[] = [];
  const report = (node: ts.Node) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push({ line, text: source.split('\n')[line - 1].trim() });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && SYNC_METHODS.has(node.text)) report(node);
    else if (ts.isStringLiteral(node) && SYNC_METHODS.has(node.text) && ts.isElementAccessExpression(node.parent)) report(node);
    else if (ts.isPropertyAccessExpression(node) && node.name.text === 'print') report(node.name);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** TypeScript files under `dir`, recursively. */
function typeScriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('synchronous tensor reads', () => {
  it('are found in code, whatever the receiver, and nowhere else (comments, strings, other names)', () => {
    const source = [
      'const a = x.dataSync();', // 1
      'const b = tf.tidy(() => y.mean()).arraySync() as number;', // 2
      'const c = z.bufferSync();', // 3
      'w.print();', // 4
      'tf.print(w, true);', // 5
      "const d = t['dataSync']();", // 6
      'const { arraySync } = t;', // 7
      'const fine = await x.data(); // not x.dataSync()', // 8
      "/* y.arraySync() */ const s = 'call z.bufferSync() or w.print()';", // 9
      'printSummary(model); model.printSummary(); const dataSyncFree = 1; print(3);', // 10
    ].join('\n');
    expect(findSyncReads(source).map((r) => r.line)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(findSyncReads(source)[1].text).to.equal('const b = tf.tidy(() => y.mean()).arraySync() as number;');
  });

  it('are absent from the code cells of every notebook (webgpu cannot run them)', () => {
    const dir = path.join(ROOT, 'notebooks');
    const notebooks = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb'));
    expect(notebooks.length, 'notebooks found').to.be.at.least(14);
    const problems = notebooks.flatMap((name) =>
      readNotebook(path.join(dir, name)).cells.flatMap((cell, index) =>
        cell.cell_type !== 'code'
          ? []
          : findSyncReads(cellSource(cell)).map((r) => `notebooks/${name}, cell ${index}${cell.id ? ` (id ${cell.id})` : ''}, line ${r.line}: ${r.text}`),
      ),
    );
    expect(problems, `synchronous reads (use await t.data() / await t.array(), or takeScalar/takeData/takeArray):\n${problems.join('\n')}\n`).to.deep.equal([]);
  });

  it('are absent from the library sources in lib/src', () => {
    const files = typeScriptFiles(path.join(ROOT, 'lib', 'src'));
    expect(files.length, 'library files found').to.be.at.least(10);
    const problems = files.flatMap((file) =>
      findSyncReads(fs.readFileSync(file, 'utf8')).map((r) => `${path.relative(ROOT, file)}, line ${r.line}: ${r.text}`),
    );
    expect(problems, `synchronous reads (use await t.data() / await t.array()):\n${problems.join('\n')}\n`).to.deep.equal([]);
  });
});
