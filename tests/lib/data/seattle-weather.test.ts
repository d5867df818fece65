import { expect } from 'chai';
import { loadSeattleWeather } from 'dl-lectures-lib/dist/data/seattle-weather';

describe('loadSeattleWeather', () => {
  it('loads one row per day from 2012-01-01 to 2015-12-31', async () => {
    const w = await loadSeattleWeather();
    expect(w.dates).to.have.length(1461);
    expect([w.dates[0], w.dates[59], w.dates[1460]]).to.deep.equal(['2012-01-01', '2012-02-29', '2015-12-31']);
    expect(w.frame.shape).to.deep.equal([1461, 6]);
  });

  it("gives the temperatures in °C as numbers, each day's maximum at least its minimum", async () => {
    const w = await loadSeattleWeather();
    // First row of the CSV: 2012-01-01,0.0,12.8,5.0,4.7,drizzle
    expect([w.precipitation[0], w.tempMax[0], w.tempMin[0], w.wind[0], w.weather[0]]).to.deep.equal([0, 12.8, 5, 4.7, 'drizzle']);
    expect(w.tempMax.every((t, i) => Number.isFinite(t) && t >= w.tempMin[i])).to.equal(true);
    const julyMean = w.tempMax.filter((_, i) => w.dates[i].slice(5, 7) === '07').reduce((a, b) => a + b) / (31 * 4);
    expect(julyMean).to.be.within(20, 30); // Seattle summers, a sanity check of the units
  });
});
