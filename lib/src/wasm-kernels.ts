/**
 * Training kernels the WebAssembly backend lacks (@tensorflow/tfjs-backend-wasm 4.22), and faster
 * versions of some it has, mostly built from forward ops that run in XNNPACK, so conv nets and embeddings
 * train on 'wasm' and the gradients of matrix products and convolutions are not its slow loops.
 * @see environment.md, "How the backend is chosen" (the wasm backend's missing training kernels)
 */
import { tf } from './tf';

type Pads = [[number, number], [number, number]]; // [[top, bottom], [left, right]]
type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
type Attrs<T> = T & { dilations?: number | [number, number]; dataFormat?: string };

/** Why a kernel refuses a case, in one message that names the kernel. */
function unsupported(kernelName: string, what: string): Error {
  return new Error(`${kernelName} on 'wasm' (registerWasmTrainingKernels) does not support ${what}`);
}

/** Throws for the cases these kernels do not handle: NCHW data and dilations above 1. */
function checkSupported(kernelName: string, attrs: Attrs<object>): void {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw unsupported(kernelName, `dataFormat '${attrs.dataFormat}'; use 'NHWC'`);
  }
  const d = attrs.dilations ?? 1;
  if ((Array.isArray(d) ? d : [d, d]).some((v) => v !== 1)) {
    throw unsupported(kernelName, `dilations ${JSON.stringify(d)}; only 1 is supported`);
  }
}

/**
 * Splits `pads` for axes 1 and 2 of `t` into a crop (negative amounts, done here with a slice) and the
 * padding left for the convolution to apply, so no padded copy of `t` is made.
 */
function cropNegative(t: tf.Tensor4D, [[top, bottom], [left, right]]: Pads): [tf.Tensor4D, ExplicitPadding] {
  const crop = [Math.max(0, -top), Math.max(0, -bottom), Math.max(0, -left), Math.max(0, -right)];
  const cropped = crop.some((c) => c > 0)
    ? tf.slice(t, [0, crop[0], crop[2], 0], [-1, t.shape[1] - crop[0] - crop[1], t.shape[2] - crop[2] - crop[3], -1])
    : t;
  const pad = (p: number) => Math.max(0, p);
  return [cropped, [[0, 0], [pad(top), pad(bottom)], [pad(left), pad(right)], [0, 0]]];
}

/**
 * Padding that makes a stride-1 correlation with dilation `stride` over the input produce exactly the
 * filter's size: the forward padding before, and after whatever the last output window reached.
 */
function filterGradPads(info: tf.backend_util.Conv2DInfo): Pads {
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  return [
    [top, (outHeight - 1) * strideHeight + filterHeight - inHeight - top],
    [left, (outWidth - 1) * strideWidth + filterWidth - inWidth - left],
  ];
}

/** dL/dfilter of conv2d: the filter's taps correlate x with dy, so one conv2d over transposed tensors. */
function conv2dBackpropFilter(inputs: Record<string, tf.Tensor>, attrs: Attrs<tf.Conv2DBackpropFilterAttrs>): tf.Tensor {
  checkSupported(tf.Conv2DBackpropFilter, attrs);
  const x = inputs.x as tf.Tensor4D; // [batch, inH, inW, inC]
  const dy = inputs.dy as tf.Tensor4D; // [batch, outH, outW, outC]
  const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  // Batch becomes the channel summed over, inC the batch, and dy the filter, dilated by the forward stride.
  const xT = tf.transpose(x, [3, 1, 2, 0]); // [inC, inH, inW, batch]
  const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]); // [outH, outW, batch, outC]
  const [xCropped, pad] = cropNegative(xT, filterGradPads(info));
  const dilations: [number, number] = [info.strideHeight, info.strideWidth];
  const dw = tf.conv2d(xCropped, dyAsFilter, 1, pad, 'NHWC', dilations); // [inC, fH, fW, outC]
  return tf.transpose(dw, [1, 2, 0, 3]); // [fH, fW, inC, outC]
}

/** dL/dfilter of depthwiseConv2d: as for conv2d, with every (channel, example) pair a depthwise channel. */
function depthwiseBackpropFilter(
  inputs: Record<string, tf.Tensor>,
  attrs: Attrs<tf.DepthwiseConv2dNativeBackpropFilterAttrs>,
): tf.Tensor {
  checkSupported(tf.DepthwiseConv2dNativeBackpropFilter, attrs);
  const x = inputs.x as tf.Tensor4D; // [batch, inH, inW, inC]
  const dy = inputs.dy as tf.Tensor4D; // [batch, outH, outW, inC * mult]
  const [fH, fW, inC, mult] = attrs.filterShape;
  const [batch, inH, inW] = x.shape;
  const [, outH, outW] = dy.shape;
  const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true);
  const xT = tf.reshape(tf.transpose(x, [1, 2, 3, 0]), [1, inH, inW, inC * batch]) as tf.Tensor4D; // channel c * batch + b
  const dyAsFilter = tf.reshape(
    tf.transpose(tf.reshape(dy, [batch, outH, outW, inC, mult]), [1, 2, 3, 0, 4]),
    [outH, outW, inC * batch, mult],
  ) as tf.Tensor4D; // [outH, outW, inC * batch, mult]
  const [xCropped, pad] = cropNegative(xT, filterGradPads(info));
  const dilations: [number, number] = [info.strideHeight, info.strideWidth];
  const perExample = tf.depthwiseConv2d(xCropped, dyAsFilter, 1, pad, 'NHWC', dilations); // [1, fH, fW, inC * batch * mult]
  return tf.sum(tf.reshape(perExample, [fH, fW, inC, batch, mult]), 3); // [fH, fW, inC, mult]
}

/**
 * dy made ready for the correlation with the flipped filter that gives dL/dx of a convolution: zeros
 * between its pixels (the forward stride), then cropped, with the padding left for that correlation.
 */
function inputGradOperand(dy: tf.Tensor4D, info: tf.backend_util.Conv2DInfo): [tf.Tensor4D, ExplicitPadding] {
  const [batch, outH, outW, outC] = dy.shape;
  const { strideHeight: sH, strideWidth: sW, inHeight: inH, inWidth: inW, filterHeight: fH, filterWidth: fW } = info;
  const upsampled =
    sH === 1 && sW === 1
      ? dy
      : (tf.reshape(
          tf.pad(tf.reshape(dy, [batch, outH, 1, outW, 1, outC]), [[0, 0], [0, 0], [0, sH - 1], [0, 0], [0, sW - 1], [0, 0]]),
          [batch, outH * sH, outW * sW, outC],
        ) as tf.Tensor4D); // [batch, outH * sH, outW * sW, outC]
  const top = fH - 1 - info.padInfo.top;
  const left = fW - 1 - info.padInfo.left;
  return cropNegative(upsampled, [
    [top, inH + fH - 1 - outH * sH - top],
    [left, inW + fW - 1 - outW * sW - left],
  ]);
}

/** dL/dx of depthwiseConv2d: dy correlated with the spatially flipped filter, then summed over the channel multiplier. */
function depthwiseBackpropInput(
  inputs: Record<string, tf.Tensor>,
  attrs: Attrs<tf.DepthwiseConv2dNativeBackpropInputAttrs>,
): tf.Tensor {
  checkSupported(tf.DepthwiseConv2dNativeBackpropInput, attrs);
  const dy = inputs.dy as tf.Tensor4D; // [batch, outH, outW, inC * mult]
  const filter = inputs.filter as tf.Tensor4D; // [fH, fW, inC, mult]
  const [batch, inH, inW, inC] = attrs.inputShape;
  const [fH, fW, , mult] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, true);
  const [dyCropped, pad] = inputGradOperand(dy, info);
  const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [fH, fW, inC * mult, 1]) as tf.Tensor4D; // channel c * mult + m
  const dx = tf.depthwiseConv2d(dyCropped, flipped, 1, pad); // [batch, inH, inW, inC * mult]
  return mult === 1 ? dx : tf.sum(tf.reshape(dx, [batch, inH, inW, inC, mult]), 4); // [batch, inH, inW, inC]
}

/**
 * dL/dx of conv2d (NHWC) as one XNNPACK conv2d: dy correlated with the spatially flipped filter, its in
 * and out channels swapped (the backend's own kernel is a scalar loop, several times slower).
 */
function conv2dBackpropInput(inputs: Record<string, tf.Tensor>, attrs: tf.Conv2DBackpropInputAttrs): tf.Tensor {
  const dy = inputs.dy as tf.Tensor4D; // [batch, outH, outW, outC]
  const filter = inputs.filter as tf.Tensor4D; // [fH, fW, inC, outC]
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const [dyCropped, pad] = inputGradOperand(dy, info);
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [fH, fW, outC, inC]
  return tf.conv2d(dyCropped, flipped, 1, pad); // [batch, inH, inW, inC]
}

/**
 * A matrix product (BatchMatMul or _FusedMatMul) with transposed operands, computed as the product of
 * transposed copies: the backend sends only untransposed products to XNNPACK, the others to a scalar
 * loop 5-10x slower, and a copy costs O(n²) against the product's O(n³).
 */
function untransposedProduct(kernelName: string) {
  return (inputs: Record<string, tf.Tensor>, attrs: tf.BatchMatMulAttrs): tf.Tensor => {
    const swapLast = (t: tf.Tensor) => {
      const perm = t.shape.map((_, i) => i);
      perm.splice(-2, 2, perm.length - 1, perm.length - 2);
      return tf.transpose(t, perm);
    };
    const a = attrs.transposeA ? swapLast(inputs.a) : inputs.a;
    const b = attrs.transposeB ? swapLast(inputs.b) : inputs.b;
    return tf.engine().runKernel(kernelName, { ...inputs, a, b }, { ...attrs, transposeA: false, transposeB: false }) as tf.Tensor;
  };
}

/**
 * Sums the rows of x that share a segment id with one ScatterNd (which adds duplicate indices); ids
 * outside [0, numSegments) go to an extra row that is dropped, as the cpu backend drops them.
 */
function unsortedSegmentSum(inputs: Record<string, tf.Tensor>, attrs: tf.UnsortedSegmentSumAttrs): tf.Tensor {
  const { x, segmentIds } = inputs;
  const { numSegments } = attrs;
  const rows = segmentIds.size;
  const rowShape = x.shape.slice(segmentIds.rank);
  if (rows === 0) return tf.zeros([numSegments, ...rowShape], x.dtype);
  const ids = tf.reshape(tf.cast(segmentIds, 'int32'), [rows, 1]); // [rows, 1]
  const inRange = tf.logicalAnd(tf.greaterEqual(ids, 0), tf.less(ids, numSegments));
  const safeIds = tf.where(inRange, ids, tf.fill(ids.shape, numSegments, 'int32'));
  const sums = tf.scatterND(safeIds, tf.reshape(x, [rows, ...rowShape]), [numSegments + 1, ...rowShape]);
  return tf.slice(sums, 0, numSegments); // [numSegments, ...rowShape]
}

/** Whether the pooling windows tile the input: stride = window, no padding (a 'valid' remainder is allowed). */
function windowsTile(attrs: tf.AvgPoolGradAttrs, inputs: tf.NamedTensorInfoMap): boolean {
  const info = tf.backend_util.computePool2DInfo(inputs.input!.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad);
  const { top, bottom, left, right } = info.padInfo;
  return info.strideHeight === info.filterHeight && info.strideWidth === info.filterWidth && top + bottom + left + right === 0;
}

/**
 * dL/dx of avgPool when its windows tile the input: each window's dy, divided by the window's size,
 * spread over it by one broadcasting multiply (3x faster than the backend's general loop).
 */
function avgPoolGrad(inputs: Record<string, tf.Tensor>, attrs: tf.AvgPoolGradAttrs): tf.Tensor {
  const dy = inputs.dy as tf.Tensor4D; // [batch, outH, outW, c]
  const [batch, outH, outW, c] = dy.shape;
  const info = tf.backend_util.computePool2DInfo(inputs.input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad);
  const { filterHeight: fH, filterWidth: fW, inHeight, inWidth } = info;
  const share = tf.fill([1, 1, fH, 1, fW, 1], 1 / (fH * fW));
  const dx = tf.reshape(tf.mul(tf.reshape(dy, [batch, outH, 1, outW, 1, c]), share), [batch, outH * fH, outW * fW, c]);
  // Rows and columns that no window reached ('valid' pooling) get no gradient.
  const missed = [inHeight - outH * fH, inWidth - outW * fW];
  return missed[0] + missed[1] === 0 ? dx : tf.pad(dx, [[0, 0], [0, missed[0]], [0, missed[1]], [0, 0]]);
}

/** A kernel config for 'wasm' whose tensor-level `impl` sees its inputs as tensors and leaks nothing. */
function wasmKernel<A>(kernelName: string, impl: (inputs: Record<string, tf.Tensor>, attrs: A) => tf.Tensor): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    // The engine takes a returned Tensor as the kernel's output; tidy disposes every intermediate.
    kernelFunc: ({ inputs, attrs, backend }) =>
      tf.tidy(() => {
        const tensors: Record<string, tf.Tensor> = {};
        for (const [name, info] of Object.entries(inputs)) {
          if (info === undefined) continue;
          // A wrapper shares the input's data; the extra reference keeps tidy's disposal from freeing it.
          tensors[name] = tf.engine().makeTensorFromTensorInfo(info);
          (backend as tf.KernelBackend).incRef(info.dataId);
        }
        return impl(tensors, attrs as unknown as A);
      }),
  };
}

const KERNELS: tf.KernelConfig[] = [
  wasmKernel(tf.Conv2DBackpropFilter, conv2dBackpropFilter),
  wasmKernel(tf.DepthwiseConv2dNativeBackpropFilter, depthwiseBackpropFilter),
  wasmKernel(tf.DepthwiseConv2dNativeBackpropInput, depthwiseBackpropInput),
  wasmKernel(tf.UnsortedSegmentSum, unsortedSegmentSum),
];

/** The backend's own kernels, by name, for the cases their replacements leave to them. */
const originals = new Map<string, tf.KernelConfig>();

/** A replacement for one of the backend's kernels: `faster` for the cases `handles` accepts, the backend's own kernel for the rest. */
function replacement<A>(kernelName: string, handles: (attrs: A, inputs: tf.NamedTensorInfoMap) => boolean, faster: tf.KernelFunc): tf.KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => (handles(args.attrs as unknown as A, args.inputs) ? faster(args) : originals.get(kernelName)!.kernelFunc(args)),
  };
}

/** The parts of the 'wasm' backend a kernel needs to write its output straight into the WebAssembly heap. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view (not a copy) of a tensor's values in the heap; stale once the heap grows, so take it after makeOutput. */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Slice that reads its input in place. The backend's own Slice first copies the whole input out of the heap
 * (`readSync`), so taking a 128-row batch from a 16384 × 784 training set cost 25 ms, more than the training
 * step; this copies only the slice, one contiguous run of the last axis at a time.
 */
function sliceInPlace({ inputs, attrs, backend }: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const x = inputs.x!;
  const { begin, size } = attrs as unknown as tf.SliceAttrs;
  const heap = backend as WasmHeap;
  const [start, extent] = tf.slice_util.parseSliceParams(x, begin, size);
  const out = heap.makeOutput(extent, x.dtype);
  const total = tf.util.sizeFromShape(extent);
  if (total === 0) return out;
  const from = heap.typedArrayFromHeap(x);
  const to = heap.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  const run = extent[rank - 1];
  const index = new Array<number>(rank - 1).fill(0); // position among the runs, per leading axis
  for (let written = 0; written < total; written += run) {
    let offset = start[rank - 1];
    for (let d = 0; d < rank - 1; d++) offset += (start[d] + index[d]) * strides[d];
    to.set(from.subarray(offset, offset + run), written);
    for (let d = rank - 2; d >= 0 && ++index[d] === extent[d]; d--) index[d] = 0;
  }
  return out;
}

/** Cast to bool as x ≠ 0: the backend's own Cast truncates to a byte (−2 → 254, 0.5 → 0, 256 → 0). */
const castToBool = (inputs: Record<string, tf.Tensor>) => tf.notEqual(inputs.x, 0);
const toBoolFromNumbers = (attrs: tf.CastAttrs, { x }: tf.NamedTensorInfoMap) => attrs.dtype === 'bool' && x !== undefined && x.dtype !== 'bool';

const transposed = (attrs: tf.BatchMatMulAttrs) => attrs.transposeA || attrs.transposeB;

const REPLACEMENTS: tf.KernelConfig[] = [
  replacement(tf.BatchMatMul, transposed, wasmKernel(tf.BatchMatMul, untransposedProduct(tf.BatchMatMul)).kernelFunc),
  replacement(tf._FusedMatMul, transposed, wasmKernel(tf._FusedMatMul, untransposedProduct(tf._FusedMatMul)).kernelFunc),
  replacement(
    tf.Conv2DBackpropInput,
    (attrs: tf.Conv2DBackpropInputAttrs) => (attrs.dataFormat ?? 'NHWC') === 'NHWC',
    wasmKernel(tf.Conv2DBackpropInput, conv2dBackpropInput).kernelFunc,
  ),
  replacement(tf.AvgPoolGrad, windowsTile, wasmKernel(tf.AvgPoolGrad, avgPoolGrad).kernelFunc),
  replacement(tf.Cast, toBoolFromNumbers, wasmKernel(tf.Cast, castToBool).kernelFunc),
  replacement(tf.Slice, (_attrs, { x }) => x !== undefined && x.dtype !== 'string' && x.shape.length > 0, sliceInPlace),
];

/**
 * Registers the kernels the 'wasm' backend lacks for training conv nets and embeddings, and replaces its
 * slow transposed matrix products, conv2d input gradient, average-pooling gradient and slicing, and its
 * wrong casts to bool; call after loading @tensorflow/tfjs-backend-wasm; later calls do nothing.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) tf.registerKernel(config);
  }
  for (const config of REPLACEMENTS) {
    const original = tf.getKernel(config.kernelName, 'wasm');
    if (original === undefined || originals.has(config.kernelName)) continue;
    originals.set(config.kernelName, original);
    tf.unregisterKernel(config.kernelName, 'wasm');
    // The backend's setup (binding its C function) still has to run when the backend starts.
    tf.registerKernel({ ...config, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc });
  }
}
