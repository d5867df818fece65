import { expect } from 'chai';
import { ChildProcess } from 'child_process';
import type { Browser } from 'playwright-core';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tf } from 'dl-lectures-lib/dist/tf';
import { figureBundle, showFigure } from 'dl-lectures-lib/dist/plot/figure';
import { contourPlotFigure } from 'dl-lectures-lib/dist/plot/contour-plot';
import { linePlotFigure } from 'dl-lectures-lib/dist/plot/line-plot';
import { savePlot } from 'dl-lectures-lib/dist/plot/save-plot';
import { renderSvg } from 'dl-lectures-lib/dist/plot/render';
import { classify, decisionBoundaryFigure } from 'dl-lectures-lib/dist/plot/decision-boundary';
import { imageGrid } from 'dl-lectures-lib/dist/plot/image-grid';
import { liveTrainingView } from 'dl-lectures-lib/dist/plot/training-view';
import { stopProcessTree, spawnStoppable } from '../../child-processes';
import { captureLog, expectNoLeakedTensors, freePort, launchChromium } from '../../helpers';

const figure = linePlotFigure([{ name: 'loss', x: [1, 2, 3], y: [3, 2, 1.5] }], { title: 'loss per epoch' });

describe('savePlot', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plots-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the SVG that is shown in notebooks', () => {
    const file = savePlot(figure, path.join(dir, 'loss.svg'));
    expect(fs.readFileSync(file, 'utf8').replace(/gradient_\d+/g, '')).to.equal(renderSvg(figure.spec).replace(/gradient_\d+/g, ''));
  });

  it('writes a PNG at the SVG size times the scale', () => {
    const svgWidth = Number(renderSvg(figure.spec).match(/width="(\d+)"/)![1]);
    const png = fs.readFileSync(savePlot(figure, path.join(dir, 'loss.png'), 2));
    expect(png.subarray(1, 4).toString()).to.equal('PNG');
    expect(png.readUInt32BE(16)).to.equal(svgWidth * 2);
  });

  it('writes the Vega-Lite spec as JSON, and refuses unknown formats', () => {
    expect(JSON.parse(fs.readFileSync(savePlot(figure, path.join(dir, 'loss.json')), 'utf8'))).to.deep.equal(JSON.parse(JSON.stringify(figure.spec)));
    expect(() => savePlot(figure, path.join(dir, 'loss.gif'))).to.throw("must end in .svg, .png or .json");
  });
});

describe('figureBundle: what a figure stores in a notebook', () => {
  it('keeps a light chart as SVG (HTML report, classic Notebook) and Vega-Lite (interactive in JupyterLab)', () => {
    const { data, metadata } = figureBundle(figure);
    expect(Object.keys(data).sort()).to.deep.equal(['application/vnd.vegalite.v5+json', 'image/svg+xml', 'text/plain']);
    const plain = (svg: string) => svg.replace(/gradient_\d+/g, '');
    expect(plain(data['image/svg+xml'] as string)).to.equal(plain(renderSvg(figure.spec)));
    expect(data['application/vnd.vegalite.v5+json']).to.equal(figure.spec);
    expect(metadata).to.deep.equal({});
  });

  it('stores a dense chart (3,600 contour cells) only as a PNG, shown at the size of its SVG', () => {
    const dense = contourPlotFigure((x, y) => x * x + 4 * y * y, [-2, 2], [-2, 2], { title: 'elongated bowl' });
    const svg = renderSvg(dense.spec);
    expect(svg.length, 'the SVG this replaces').to.be.above(500_000);
    const { data, metadata } = figureBundle(dense);
    expect(Object.keys(data).sort()).to.deep.equal(['image/png', 'text/plain']);
    const png = Buffer.from(data['image/png'] as string, 'base64');
    expect(png.subarray(1, 4).toString()).to.equal('PNG');
    const [width, height] = [Number(svg.match(/width="(\d+)"/)![1]), Number(svg.match(/height="(\d+)"/)![1])];
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([width, height]);
    expect(metadata).to.deep.equal({ 'image/png': { width, height } });
    expect(png.length, 'PNG bytes').to.be.below(svg.length / 5);
    expect(data['text/plain']).to.equal('[plot: elongated bowl]');
  });
});

describe('showFigure outside a notebook', () => {
  const saved = process.env.DL_PLOTS;
  afterEach(() => (saved === undefined ? delete process.env.DL_PLOTS : (process.env.DL_PLOTS = saved)));

  it('prints the title by default and nothing with DL_PLOTS=none', () => {
    delete process.env.DL_PLOTS;
    expect(captureLog(() => showFigure(figure))).to.equal('[plot: loss per epoch]');
    process.env.DL_PLOTS = 'none';
    expect(captureLog(() => showFigure(figure))).to.equal('');
  });

  it('rejects an unknown DL_PLOTS value', () => {
    process.env.DL_PLOTS = 'browser';
    expect(() => showFigure(figure)).to.throw("DL_PLOTS='browser' is not one of text, window, none");
  });

  describe('with DL_PLOTS=window', () => {
    let child: ChildProcess | undefined;
    let browser: Browser | undefined;
    afterEach(async () => {
      await browser?.close();
      await stopProcessTree(child);
      [browser, child] = [undefined, undefined];
    });

    it('opens the plot in a nodeplotlib window (drawn by plotly in Chromium)', async function () {
      this.timeout(90000);
      const port = await freePort();
      const script = `const { showFigure } = require('dl-lectures-lib/dist/plot/figure');
        const { linePlotFigure } = require('dl-lectures-lib/dist/plot/line-plot');
        showFigure(linePlotFigure([{ name: 'loss', x: [1, 2, 3], y: [3, 2, 1.5] }], { title: 'loss per epoch' }));`;
      // NODEPLOTLIB_PORT fixes the port and stops nodeplotlib from opening a desktop browser itself.
      // Its plot server waits for a browser forever: the teardown stops it, pass or fail.
      child = spawnStoppable(process.execPath, ['-e', script], { env: { ...process.env, DL_PLOTS: 'window', NODEPLOTLIB_PORT: String(port) }, stdio: 'pipe' });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('nodeplotlib did not start')), 30000);
        child!.stdout!.on('data', (d: Buffer) => d.toString().includes('Server running') && (clearTimeout(timer), resolve()));
      });
      const opened = await launchChromium();
      browser = opened;
      const page = await opened.newPage();
      // nodeplotlib's page loads plotly.js 1.58.4 from cdn.plot.ly, which this offline machine cannot
      // reach: serve the same release from its npm package instead.
      await page.route('https://cdn.plot.ly/**', (route) => route.fulfill({ path: require.resolve('plotly.js-dist-min/plotly.min.js'), contentType: 'text/javascript' }));
      await page.route((url) => !/^http:\/\/localhost/.test(url.toString()) && !url.toString().startsWith('https://cdn.plot.ly'), (route) => route.abort());
      await page.goto(`http://localhost:${port}/`);
      await page.waitForSelector('.main-svg', { timeout: 30000 });
      expect(await page.textContent('body')).to.contain('loss per epoch');
    });
  });
});

describe('classify', () => {
  it('evaluates a plain function classifier as given', async () => {
    expect(await classify((pts) => pts.map(([x]) => (x > 0 ? 1 : 0)), [[-1, 0], [2, 3]])).to.deep.equal([0, 1]);
  });

  it('awaits a function classifier that returns a promise (one that reads tensors asynchronously)', async () => {
    expect(await classify(async (pts) => pts.map(([, y]) => (y > 0 ? 0.9 : 0.1)), [[0, -1], [0, 2]])).to.deep.equal([0.1, 0.9]);
  });

  it('turns a one-output tfjs model into probabilities and a softmax model into arg-max classes, leaking nothing', async () => {
    const binary = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid', useBias: false })] });
    binary.setWeights([tf.tensor2d([[1], [0]])]);
    const multi = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'softmax', useBias: false })] });
    multi.setWeights([tf.tensor2d([[1, 0, -1], [0, 1, 0]])]);
    await expectNoLeakedTensors(async () => {
      const p = Array.from(await classify(binary, [[0, 5], [2, 0]]));
      expect(p[0]).to.be.closeTo(0.5, 1e-6); // sigmoid(0)
      expect(p[1]).to.be.closeTo(1 / (1 + Math.exp(-2)), 1e-6);
      expect(Array.from(await classify(multi, [[3, 1], [0, 2], [-3, 0]]))).to.deep.equal([0, 1, 2]);
    });
    binary.dispose();
    multi.dispose();
  });
});

describe('decisionBoundaryFigure', () => {
  it("colours each grid cell by a tfjs model's probability, read asynchronously, leaking nothing", async () => {
    // P(class 1) = sigmoid(x₁): the closed form the cells must hold.
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid', useBias: false })] });
    model.setWeights([tf.tensor2d([[1], [0]])]);
    try {
      await expectNoLeakedTensors(async () => {
        const figure = await decisionBoundaryFigure(model, [[-1, -1], [1, 1]], [0, 1], { resolution: 4, margin: 0 });
        const cells = (figure.spec as unknown as { layer: { data: { values: { x: number; x2: number; score: number }[] } }[] }).layer[0].data.values;
        expect(cells).to.have.length(16);
        for (const { x, x2, score } of cells) expect(score).to.be.closeTo(1 / (1 + Math.exp(-(x + x2) / 2)), 1e-6);
      });
    } finally {
      model.dispose();
    }
  });
});

describe('imageGrid', () => {
  /** The HTML imageGrid sends to the notebook, caught through tslab's display writer. */
  async function gridHtml(show: () => Promise<void>): Promise<string> {
    const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
    const original = jupyter.lastWriteDisplayData;
    const bundles: Record<string, string>[] = [];
    jupyter.lastWriteDisplayData = (output: { data: Record<string, string> }) => bundles.push(output.data);
    try {
      await show();
    } finally {
      jupyter.lastWriteDisplayData = original;
    }
    expect(bundles).to.have.length(1);
    return bundles[0]['text/html'];
  }

  it('reads a tensor [n, h, w, 1] asynchronously into the same images as its pixel arrays, leaking nothing', async () => {
    const pixels = [[0, 0.5, 1, 0.25, 0.75, 0], [1, 1, 0, 0, 0.5, 0.5]];
    const images = tf.tensor4d(pixels.flat(), [2, 2, 3, 1]);
    try {
      let fromTensor = '';
      await expectNoLeakedTensors(async () => (fromTensor = await gridHtml(() => imageGrid(images, { captions: ['a', 'b'], range: [0, 1] }))));
      const fromArrays = await gridHtml(() => imageGrid(pixels, { captions: ['a', 'b'], range: [0, 1] }, [2, 3]));
      expect(fromTensor).to.equal(fromArrays);
      expect(fromTensor.match(/<img /g)).to.have.length(2);
      expect(fromTensor).to.include('width="9" height="6"');
    } finally {
      images.dispose();
    }
  });
});

describe('liveTrainingView', () => {
  it('works as model.fit callbacks: one point per metric and epoch, a progress line on stderr', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const [xs, ys] = [tf.tensor2d([[0], [1], [2], [3]]), tf.tensor2d([[1], [3], [5], [7]])];
    const view = liveTrainingView({ epochs: 3, title: 'fit' });
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(chunk), true)) as typeof process.stderr.write;
    try {
      await model.fit(xs, ys, { epochs: 3, validationData: [xs, ys], callbacks: view, verbose: 0 });
    } finally {
      process.stderr.write = write;
    }
    expect(view.history.map((p) => `${p.step}:${p.metric}`)).to.deep.equal(['1:val_loss', '1:loss', '2:val_loss', '2:loss', '3:val_loss', '3:loss']);
    expect(written.join('')).to.contain('epoch 3/3 [####################]');
    expect((view.figure().spec as unknown as { facet: object }).facet).to.be.an('object');
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
