/**
 * Confusion matrices counted from labels and predictions (drawn by `confusionMatrixPlot`, a heatmap).
 * @see notebooks/12-classic-cnns.ipynb
 */

/** counts[i][j] = how many examples of true class i were predicted as class j; [numClasses, numClasses]. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[][] {
  if (labels.length !== predictions.length) {
    throw new Error(`confusionMatrix: ${labels.length} labels but ${predictions.length} predictions`);
  }
  const counts = Array.from({ length: numClasses }, () => new Array(numClasses).fill(0));
  for (let k = 0; k < labels.length; k++) {
    const [i, j] = [labels[k], predictions[k]];
    if (!(Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 && i < numClasses && j < numClasses)) {
      throw new Error(`confusionMatrix: example ${k} has label ${i} and prediction ${j}, outside 0..${numClasses - 1}`);
    }
    counts[i][j]++;
  }
  return counts;
}
