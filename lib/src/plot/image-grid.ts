/**
 * A grid of greyscale images with captions (MNIST digits with labels, filters, feature maps).
 * @see notebooks/11-convolutions.ipynb
 */
import { showBundle } from '../display';
import { escapeHtml } from '../escape-html';
import { tf } from '../tf';
import { encodeGrayPng } from './png';

export interface ImageGridOptions {
  /** A caption under each image (e.g. its label, or "7 → 1" for a mistake). */
  captions?: (string | number)[];
  title?: string;
  /** Images per row (default 10). */
  columns?: number;
  /** Screen pixels per image pixel (default 3). */
  scale?: number;
  /** Fixed value range for every image (e.g. [0, 1]); default: each image's own range. */
  range?: [number, number];
}

/** Images as flat pixel arrays: from a tensor [n, h, w] or [n, h, w, 1] (read asynchronously), or from arrays of h*w pixels. */
async function toPixels(images: tf.Tensor | ArrayLike<ArrayLike<number>>, shape?: [number, number]): Promise<{ pixels: Float32Array[]; h: number; w: number }> {
  if (images instanceof tf.Tensor) {
    if (images.rank < 3 || (images.rank === 4 && images.shape[3] !== 1)) {
      throw new Error(`imageGrid: expected a tensor [n, h, w] or [n, h, w, 1], got [${images.shape}]`);
    }
    const [n, h, w] = images.shape as number[];
    const data = (await images.data()) as Float32Array;
    return { pixels: Array.from({ length: n }, (_, i) => data.slice(i * h * w, (i + 1) * h * w)), h, w };
  }
  const first = images[0]?.length ?? 0;
  const [h, w] = shape ?? [Math.round(Math.sqrt(first)), Math.round(Math.sqrt(first))];
  if (h * w !== first) throw new Error(`imageGrid: images of ${first} pixels need a shape [h, w]`);
  return { pixels: Array.from(images, (im) => Float32Array.from(im)), h, w };
}

/** Shows images [n, h, w] (tensor, or flat arrays with `shape`) in a grid with captions; await it (a tensor is read asynchronously). */
export async function imageGrid(images: tf.Tensor | ArrayLike<ArrayLike<number>>, options: ImageGridOptions = {}, shape?: [number, number]): Promise<void> {
  const { pixels, h, w } = await toPixels(images, shape);
  const scale = options.scale ?? 3;
  const cols = options.columns ?? 10;
  const cells = pixels.map((p, i) => {
    const png = encodeGrayPng(p, w, h, { scale, min: options.range?.[0], max: options.range?.[1] }).toString('base64');
    const caption = options.captions?.[i] !== undefined ? `<div style="font:11px monospace">${escapeHtml(String(options.captions[i]))}</div>` : '';
    return `<div style="text-align:center"><img src="data:image/png;base64,${png}" width="${w * scale}" height="${h * scale}" style="image-rendering:pixelated">${caption}</div>`;
  });
  const title = options.title ? `<div style="font-weight:bold">${escapeHtml(options.title)}</div>` : '';
  const html = `${title}<div style="display:grid;grid-template-columns:repeat(${cols},max-content);gap:4px">${cells.join('')}</div>`;
  const text = `[${pixels.length} images ${h}x${w}${options.title ? `: ${options.title}` : ''}]`;
  showBundle({ 'text/plain': text, 'text/html': html });
}
