import { expect } from 'chai';
import { renderMathInMarkdown, texToImage } from '../../scripts/render-math';

const svgOf = (img: string) => Buffer.from(img.match(/src="data:image\/svg\+xml;base64,([^"]+)"/)![1], 'base64').toString();

describe('renderMathInMarkdown', function () {
  this.timeout(60000); // MathJax loads on first use

  it('replaces inline and display TeX with SVG images whose alt text is the TeX', () => {
    const out = renderMathInMarkdown('Cost $J(w) = w^2$ and\n\n$$\\frac{dJ}{dw} = 2w$$\n\nor \\(a\\) and \\[b\\].');
    const images = [...out.matchAll(/<img [^>]*>/g)].map(([img]) => img);
    expect(images.map((img) => img.match(/alt="([^"]*)"/)![1])).to.deep.equal(['J(w) = w^2', '\\frac{dJ}{dw} = 2w', 'a', 'b']);
    expect(images.map((img) => img.includes('math-display'))).to.deep.equal([false, true, false, true]);
    for (const img of images) expect(svgOf(img)).to.match(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg".*<path /s);
    expect(out.replace(/<img [^>]*>/g, 'IMG')).to.equal('Cost IMG and\n\nIMG\n\nor IMG and IMG.');
  });

  it('leaves code alone: fenced blocks as they are, inline code with its dollar signs as HTML', () => {
    const fence = '```ts\nconst s = `${a}$`;\n```';
    expect(renderMathInMarkdown(`${fence}\nsee \`$x$\` and \\$5`)).to.equal(`${fence}\nsee <code>&#36;x&#36;</code> and &#36;5`);
  });

  it('shows TeX that does not parse as MathJax\'s error, rather than failing the report', () => {
    expect(svgOf(texToImage('\\frac{1}{', false))).to.contain('Missing close brace');
  });
});
