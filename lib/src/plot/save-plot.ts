/**
 * Saves a figure as SVG, PNG or its Vega-Lite JSON, for papers, issues and READMEs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Figure } from './figure';
import { renderSvg, svgToPng } from './render';

/** Writes `figure` to `file`; the extension picks the format: .svg, .png (scale: pixel density) or .json. */
export function savePlot(figure: Figure, file: string, scale = 2): string {
  const ext = path.extname(file).toLowerCase();
  let content: string | Buffer;
  if (ext === '.svg') content = renderSvg(figure.spec);
  else if (ext === '.json') content = JSON.stringify(figure.spec, null, 2);
  else if (ext === '.png') content = svgToPng(renderSvg(figure.spec), scale);
  else throw new Error(`savePlot: '${file}' must end in .svg, .png or .json`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
