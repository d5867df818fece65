import { expect } from 'chai';
import { ParameterError } from '../../scripts/parameters';
import { isSweep, parseSweepParams, splitValues, sweepGrid } from '../../scripts/sweep-grid';

describe('sweep values', () => {
  it('splits a value at commas into the sweep of its values', () => {
    expect(splitValues('lr', '0.0007,0.007,0.07')).to.deep.equal(['0.0007', '0.007', '0.07']);
    expect(splitValues('lr', '0.1')).to.deep.equal(['0.1']);
  });

  it('keeps commas inside brackets, braces, parentheses and quotes', () => {
    expect(splitValues('sizes', '[8,8],[16,16]')).to.deep.equal(['[8,8]', '[16,16]']);
    expect(splitValues('o', "{a:1,b:[2,3]},'x,y',\"p,q\",(1,2)")).to.deep.equal(['{a:1,b:[2,3]}', "'x,y'", '"p,q"', '(1,2)']);
    expect(splitValues('t', "'it\\'s,ok',b")).to.deep.equal(["'it\\'s,ok'", 'b']);
  });

  it('reads \\, as a literal comma and \\\\ as a backslash', () => {
    expect(splitValues('title', 'a\\,b')).to.deep.equal(['a,b']);
    expect(splitValues('title', 'a\\,b,c')).to.deep.equal(['a,b', 'c']);
    expect(splitValues('path', 'C:\\\\,D:\\x')).to.deep.equal(['C:\\', 'D:\\x']);
  });

  it('rejects empty values, unbalanced brackets or quotes and repeated values, saying where', () => {
    expect(() => splitValues('lr', '0.1,,0.2')).to.throw(ParameterError, 'value 2 of 3 is empty');
    expect(() => splitValues('lr', '0.1,')).to.throw(ParameterError, 'value 2 of 2 is empty');
    expect(() => splitValues('lr', '')).to.throw(ParameterError, 'the value is empty');
    expect(() => splitValues('s', '[8,8')).to.throw(ParameterError, "']' is missing");
    expect(() => splitValues('s', '8]')).to.throw(ParameterError, "']' at character 2 closes nothing");
    expect(() => splitValues('s', "'a,b")).to.throw(ParameterError, "the quote ' is never closed");
    expect(() => splitValues('lr', '0.1,0.1')).to.throw(ParameterError, "'0.1' is listed twice");
  });
});

describe('sweep grid', () => {
  it('makes every combination, the first parameter varying slowest, with single values in each', () => {
    const params = parseSweepParams(new Map([['lr', '0.1,0.01'], ['seed', '3'], ['beta', '0.9,0.99,0.999']]));
    expect(isSweep(params)).to.equal(true);
    const grid = sweepGrid(params);
    expect(grid.map((s) => [...s.params])).to.deep.equal(
      ['0.1', '0.01'].flatMap((lr) => ['0.9', '0.99', '0.999'].map((beta) => [['lr', lr], ['seed', '3'], ['beta', beta]])),
    );
    expect(grid.map((s) => s.index)).to.deep.equal([0, 1, 2, 3, 4, 5]);
    expect(grid[4].slug).to.equal('4-lr=0.01_beta=0.99');
  });

  it('names each setting with a unique folder name of safe characters', () => {
    const grid = sweepGrid(parseSweepParams(new Map([['sizes', "[8, 8],[8,8 ],'a/b'"]])));
    expect(grid.map((s) => s.slug)).to.deep.equal(['0-sizes=-8-8-', '1-sizes=-8-8-', '2-sizes=-a-b-']);
    const wide = sweepGrid(parseSweepParams(new Map([['n', Array.from({ length: 12 }, (_, i) => String(i)).join(',')]])));
    expect(wide[0].slug).to.equal('00-n=0');
    expect(new Set(wide.map((s) => s.slug)).size).to.equal(12);
  });

  it('is no sweep when every parameter has one value', () => {
    expect(isSweep(parseSweepParams(new Map([['lr', '0.1'], ['title', 'a\\,b']])))).to.equal(false);
  });
});
