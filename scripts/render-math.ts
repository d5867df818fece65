/**
 * Renders the TeX in Markdown (`$...$`, `$$...$$`, `\(...\)`, `\[...\]`) to SVG images with MathJax at
 * report time, so HTML and PDF reports show equations offline, with no script or font fetched.
 */
import { escapeHtml } from 'dl-lectures-lib/runner';

/** The parts of mathjax-full used here (its typings need a newer TypeScript than tslab's). */
interface MathJaxDocument {
  convert(tex: string, options: { display: boolean }): unknown;
}
interface LiteAdaptor {
  firstChild(node: unknown): unknown;
  outerHTML(node: unknown): string;
}

let converter: { doc: MathJaxDocument; adaptor: LiteAdaptor } | undefined;

/** MathJax's TeX-to-SVG converter, set up on first use (loading it takes a moment). */
function mathJax(): { doc: MathJaxDocument; adaptor: LiteAdaptor } {
  if (converter === undefined) {
    const { mathjax } = require('mathjax-full/js/mathjax.js');
    const { TeX } = require('mathjax-full/js/input/tex.js');
    const { SVG } = require('mathjax-full/js/output/svg.js');
    const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js');
    const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js');
    const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js');
    const adaptor = liteAdaptor();
    RegisterHTMLHandler(adaptor);
    // fontCache 'none': each equation carries its own glyph paths, so no two images share ids.
    const doc = mathjax.document('', { InputJax: new TeX({ packages: AllPackages }), OutputJax: new SVG({ fontCache: 'none' }) });
    converter = { doc, adaptor };
  }
  return converter;
}


/** One equation as an `<img>` holding its SVG, sized in ex like the text around it; the TeX is its alt text. */
export function texToImage(tex: string, display: boolean): string {
  const { doc, adaptor } = mathJax();
  const svg = adaptor.outerHTML(adaptor.firstChild(doc.convert(tex, { display })));
  const size = (attr: string) => svg.match(new RegExp(`^<svg[^>]*? ${attr}="([^"]+)"`))?.[1] ?? 'auto';
  const align = svg.match(/^<svg[^>]*? style="vertical-align: ?([^;"]+);?"/)?.[1] ?? '0';
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  const style = display
    ? `display:block;margin:0.6em auto;width:${size('width')};height:${size('height')}`
    : `vertical-align:${align};width:${size('width')};height:${size('height')}`;
  return `<img class="math${display ? ' math-display' : ''}" alt="${escapeHtml(tex)}" style="${style}" src="${src}">`;
}

// Code is left alone: fenced blocks, then inline code spans; then display math before inline math.
const CODE = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*(?=\n|$)|$)|(`+)[\s\S]*?\4/g;
const MATH = /\\\$|\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|\$((?:[^$\n\\]|\\.|\n(?!\s*\n))+?)\$/g;

/**
 * Markdown with every equation outside code replaced by its rendered image. Dollar signs left over
 * (`\$`, and those in inline code) become HTML, so that nbconvert's own math parsing finds none.
 */
export function renderMathInMarkdown(markdown: string): string {
  let out = '';
  let last = 0;
  const renderText = (text: string) =>
    text.replace(MATH, (match, display?: string, bracket?: string, paren?: string, inline?: string) => {
      if (match === '\\$') return '&#36;';
      const tex = display ?? bracket ?? paren ?? inline!;
      return texToImage(tex.trim(), display !== undefined || bracket !== undefined);
    });
  const renderCode = (code: string, fence: string | undefined) =>
    fence === undefined && code.includes('$')
      ? `<code>${escapeHtml(code.replace(/^`+ ?|`+$/g, '').replace(/ $/, '')).replace(/\$/g, '&#36;')}</code>`
      : code;
  for (const m of markdown.matchAll(CODE)) {
    out += renderText(markdown.slice(last, m.index)) + renderCode(m[0], m[2]);
    last = m.index! + m[0].length;
  }
  return out + renderText(markdown.slice(last));
}
