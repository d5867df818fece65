import { expect } from 'chai';
import { confusionMatrix } from 'dl-lectures-lib/dist/confusion-matrix';

describe('confusionMatrix', () => {
  it('counts true classes by row and predictions by column', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)).to.deep.equal([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it('rejects labels outside the classes, naming the example', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).to.throw('example 1 has label 3 and prediction 0, outside 0..2');
  });
});
