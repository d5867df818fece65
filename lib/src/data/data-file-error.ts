/**
 * The error a bad data file raises: what is wrong with which file, and what to do about it, as fields
 * that other code (`npm run doctor`, `npm run datasets`) reads without parsing the message.
 */

/** A data file (or folder) that cannot be used: `problem` names it and says what is wrong, `fix` says what to do. */
export class DataFileError extends Error {
  constructor(
    /** What is wrong, naming the file or folder, e.g. "datasets/mnist/t10k-labels-idx1-ubyte.gz: truncated ...". */
    readonly problem: string,
    /** What to do about it, e.g. "re-download with `npm run datasets`, ...". */
    readonly fix: string,
  ) {
    super(`${problem}. Fix: ${fix}`);
    this.name = 'DataFileError';
  }
}
