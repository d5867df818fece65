/**
 * The notebook API: what notebooks import as `'../lib'`. A list of exports only: importing it runs
 * nothing (`useBackend`, which every notebook calls first, refuses a stale build). The scripts' side of the
 * library is `./runner` (`dl-lectures-lib/runner`).
 */
export { tf } from './tf';
export { useBackend, versions, BACKENDS, type BackendName, type BackendInfo } from './backend';
export { setSeed, getSeed, rng, mulberry32, randomSource, normalSampler } from './random';
export { takeScalar, takeData, takeArray } from './take';
export { record } from './record';
export { formatNumber } from './format-number';
export { assertClaim, premise, needsFullRun, type Premise, type ClaimOutcome } from './claim';
export { watchTensors, type TensorWatch } from './tensor-leaks';
export { mean, median, std, maxAbsDiff, ewa, gatherRows, type NestedNumbers } from './stats';
export { accuracy, type Predictor } from './accuracy';
export { disposeOptimizer } from './optimizer';
export { gradCheck, numericalDerivative, gradCheckRows, FLOAT64_EPSILON, FLOAT64_THRESHOLDS, type GradCheckOptions, type GradCheckResult, type ParameterCheck, type Thresholds, type Verdict, type PlainParams, type NumberArray } from './gradcheck';
export { gradCheckTf, FLOAT32_EPSILON, FLOAT32_THRESHOLDS, TF_MAX_CHECKS, type GradCheckTfOptions } from './gradcheck-tf';
export { registerWasmTrainingKernels } from './wasm-kernels';
export { probeWebGpu, listWebGpuAdapters, type WebGpuAdapterInfo, type WebGpuProbe } from './webgpu-backend';
export { loadMnist } from './data/mnist';
export { loadFashionMnist, FASHION_MNIST_CLASSES, FASHION_MNIST_SPLIT_SEED } from './data/fashion-mnist';
export { type ImageSetOptions, type ImageTensors, type ImageArrays } from './data/image-set';
export { readCsv } from './data/read-csv';
export { loadSeattleWeather, type SeattleWeather } from './data/seattle-weather';
export { makeFlower } from './data/synthetic/make-flower';
export { makeMoons } from './data/synthetic/make-moons';
export { makeCircles } from './data/synthetic/make-circles';
export { makeXor } from './data/synthetic/make-xor';
export { makeLinear } from './data/synthetic/make-linear';
export { pointsToTensors, type LabelledPoints } from './data/synthetic/labelled-points';
export { trainDevTestSplit, type TrainDevTestSplit, type SplitSizes } from './data/train-dev-test-split';
export { miniBatches, type MiniBatchOptions } from './data/mini-batches';
export { showTable } from './table';
export { type Figure, type PlotlyFigure, showFigure } from './plot/figure';
export { savePlot } from './plot/save-plot';
export { renderSvg, type VegaLiteSpec } from './plot/render';
export { showPlot } from './plot/show-plot';
export { type Series, type ChartOptions, binCounts } from './plot/chart-parts';
export { linePlot, linePlotFigure } from './plot/line-plot';
export { scatterPlot, scatterPlotFigure } from './plot/scatter-plot';
export { histogram, histogramFigure, type HistogramOptions } from './plot/histogram';
export { barChart, barChartFigure } from './plot/bar-chart';
export { heatmap, heatmapFigure, confusionMatrixPlot, type HeatmapOptions } from './plot/heatmap';
export { confusionMatrix } from './confusion-matrix';
export { contourPlot, contourPlotFigure, type ContourOptions } from './plot/contour-plot';
export { decisionBoundary, decisionBoundaryFigure, classify, type Classifier, type DecisionBoundaryOptions } from './plot/decision-boundary';
export { sideBySide } from './plot/side-by-side';
export { histogramsOverEpochs, type LayerSnapshot, type HistogramsOverEpochsOptions } from './plot/histograms-over-epochs';
export { imageGrid, type ImageGridOptions } from './plot/image-grid';
export { encodeGrayPng } from './plot/png';
export { liveTrainingView, TrainingView, type TrainingViewOptions } from './plot/training-view';
export { showBundle, showMarkdown, inNotebook, type MimeBundle } from './display';
export { announceRunFacts, type RunFacts } from './run-facts';
export { RECORD_MIME, RUN_FACTS_MIME, CLAIM_MIME } from './mime';
export { tensorBoardWriter, EVENT_FILE_VERSION, type TensorBoardWriter } from './tensorboard/summary-writer';
export { tensorBoardCallback, TensorBoardCallback, type TensorBoardCallbackOptions } from './tensorboard/tensorboard-callback';
export { histogramOf, DEFAULT_BUCKETS } from './tensorboard/histogram-of';
export { type HistogramData } from './tensorboard/event-proto';
