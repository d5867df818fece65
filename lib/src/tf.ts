/**
 * The one TensorFlow.js instance every notebook and helper uses.
 * Native backends (tfjs-node, tfjs-node-gpu) register into this same instance: see `useBackend`.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
