import { expect } from 'chai';
import { binCounts, cellCentres, fixedAxis } from 'dl-lectures-lib/dist/plot/chart-parts';

describe('chart parts', () => {
  it('counts values into equal bins, the maximum in the last bin, values outside dropped', () => {
    expect(binCounts([0, 0.24, 0.25, 0.5, 0.99, 1, 1.5, -0.1], 4, 0, 1)).to.deep.equal([2, 1, 1, 2]);
  });

  it('puts grid cell centres half a step in from each cell edge', () => {
    expect(cellCentres(-1, 0.5, 4)).to.deep.equal([-0.75, -0.25, 0.25, 0.75]);
    expect(cellCentres(10, 2, 1)).to.deep.equal([11]);
  });

  it('fixes an axis to its domain without rounding it out or adding zero', () => {
    expect(fixedAxis('x', 'x₁', [-2, 3])).to.deep.equal({ field: 'x', type: 'quantitative', title: 'x₁', scale: { domain: [-2, 3], nice: false, zero: false } });
  });
});
