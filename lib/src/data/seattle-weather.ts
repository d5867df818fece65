/**
 * Daily Seattle weather, 2012–2015 (vega-datasets, from NOAA): the temperature series of the
 * exponentially weighted averages lecture, read from the npm package, no download needed.
 * @see datasets/seattle-weather/README.md
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { DataFrame } from 'danfojs-node';
import { DataFileError } from './data-file-error';
import { readCsv } from './read-csv';

/** SHA-256 of data/seattle-weather.csv in vega-datasets@2.9.0. */
const SEATTLE_WEATHER_SHA256 = '0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be';
/** One row per day from 2012-01-01 to 2015-12-31. */
const DAYS = 1461;
const COLUMNS = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];

/** The 1,461 days as columns in date order, plus the whole table. */
export interface SeattleWeather {
  /** Days as 'YYYY-MM-DD' [1461]. */
  dates: string[];
  /** Precipitation in mm [1461]. */
  precipitation: number[];
  /** Daily maximum temperature in °C [1461]. */
  tempMax: number[];
  /** Daily minimum temperature in °C [1461]. */
  tempMin: number[];
  /** Wind speed in m/s [1461]. */
  wind: number[];
  /** drizzle, fog, rain, snow or sun [1461]: a field vega-datasets derived, for teaching. */
  weather: string[];
  /** The CSV as read, columns date, precipitation, temp_max, temp_min, wind, weather. */
  frame: DataFrame;
}

/** Loads vega-datasets' seattle-weather.csv, checked against its SHA-256 and its 1,461 complete rows. */
export async function loadSeattleWeather(): Promise<SeattleWeather> {
  const file = path.join(path.dirname(require.resolve('vega-datasets/package.json')), 'data', 'seattle-weather.csv');
  const fix = 'reinstall the package: `npm ci` (or `npm install vega-datasets@2.9.0`)';
  const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  if (sha !== SEATTLE_WEATHER_SHA256) {
    throw new DataFileError(`${file}: SHA-256 ${sha} is not the expected ${SEATTLE_WEATHER_SHA256} (vega-datasets@2.9.0)`, fix);
  }
  const frame = await readCsv(file);
  if (frame.shape[0] !== DAYS || frame.columns.join(',') !== COLUMNS.join(',')) {
    throw new DataFileError(`${file}: ${frame.shape[0]} rows with columns ${frame.columns.join(', ')}, expected ${DAYS} rows of ${COLUMNS.join(', ')}`, fix);
  }
  const column = (name: string) => frame[name].values as unknown[];
  const numbers = (name: string) => column(name).map(Number);
  return {
    dates: column('date').map(String),
    precipitation: numbers('precipitation'),
    tempMax: numbers('temp_max'),
    tempMin: numbers('temp_min'),
    wind: numbers('wind'),
    weather: column('weather').map(String),
    frame,
  };
}
