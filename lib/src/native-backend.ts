/**
 * Native TensorFlow for the 'tensorflow' backend: finds a tfjs-node binding (the one `npm run native-tf`
 * builds into native/, the official @tensorflow/tfjs-node-gpu, or the official @tensorflow/tfjs-node)
 * and loads it into the library's one TensorFlow.js instance. Nothing loads until asked.
 * @see environment.md, "Native TensorFlow".
 */
import * as fs from 'fs';
import * as path from 'path';
import { tf } from './tf';

/** Where `npm run native-tf` installs tfjs-node and builds its addon (gitignored). */
export const NATIVE_DIR = path.resolve(__dirname, '..', '..', 'native');

/** The tfjs-node package `npm run native-tf` builds, inside NATIVE_DIR. */
export const NATIVE_PACKAGE_DIR = path.join(NATIVE_DIR, 'node_modules', '@tensorflow', 'tfjs-node');

/** The manifest `npm run native-tf` writes once a build is verified. */
export const NATIVE_MANIFEST = path.join(NATIVE_DIR, 'manifest.json');

/** What `npm run native-tf` built, as native/manifest.json records it. */
export interface NativeBuildManifest {
  /** The tfjs-node version whose addon was built. */
  tfjsNode: string;
  /** What was asked for: a pip requirement ('tensorflow-cpu==2.21.0') or 'installed in PYTHON'. */
  requested: string;
  /** The pip distribution that provided the libraries, and its version. */
  distribution: string;
  version: string;
  /** Whether that TensorFlow was built with CUDA (the GPU wheel). */
  cudaBuild: boolean;
  /** Where the linked libtensorflow_cc.so.2 and libtensorflow_framework.so.2 are. */
  libDir: string;
  /** A digest of native-ops/'s sources and flags as last compiled into NATIVE_OPS_ADDON (CPU builds). */
  opsDigest?: string;
  /** TF_Version() of the loaded library, as the build's check read it. */
  tensorflowVersion: string;
  builtAt: string;
}

/** One native binding found on disk, not yet loaded. */
export interface NativeBinding {
  /** 'native-tf' is the one `npm run native-tf` built. */
  kind: 'native-tf' | 'tfjs-node-gpu' | 'tfjs-node';
  /** The folder to require(). */
  packageDir: string;
  /** The tfjs-node(-gpu) version. */
  version: string;
  /** Where its TensorFlow comes from, for summaries. */
  from: string;
}

/** A native binding that loaded, with the TensorFlow it runs. */
export interface LoadedNative extends NativeBinding {
  /** TensorFlow's version, from the binding (TF_Version). */
  tensorflow: string;
}

/** The manifest of a verified `npm run native-tf` build, or undefined when there is none. */
export function readNativeManifest(file = NATIVE_MANIFEST): NativeBuildManifest | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as NativeBuildManifest) : undefined;
}

function officialPackage(name: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): NativeBinding | string {
  let manifest: string;
  try {
    manifest = require.resolve(`${name}/package.json`);
  } catch {
    return `${name} is not installed`;
  }
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string; version: string };
  if (pkg.name !== name) return `${name} resolves to ${pkg.name} ${pkg.version} (package.json's override for danfojs-node), not native TensorFlow`;
  return { kind: name === '@tensorflow/tfjs-node' ? 'tfjs-node' : 'tfjs-node-gpu', packageDir: path.dirname(manifest), version: pkg.version, from: `${name} ${pkg.version}` };
}

function builtPackage(): NativeBinding | string {
  const manifest = readNativeManifest();
  if (manifest === undefined) {
    const unfinished = fs.existsSync(NATIVE_PACKAGE_DIR) ? ' (native/ holds an unfinished build)' : '';
    return `no tfjs-node built by \`npm run native-tf\`${unfinished}`;
  }
  const gpu = manifest.cudaBuild ? 'CUDA build' : 'CPU build';
  return {
    kind: 'native-tf',
    packageDir: NATIVE_PACKAGE_DIR,
    version: manifest.tfjsNode,
    from: `@tensorflow/tfjs-node ${manifest.tfjsNode} built by \`npm run native-tf\` against ${manifest.distribution} ${manifest.version} (${gpu}${manifest.requested.startsWith('installed') ? `, ${manifest.requested}` : ''})`,
  };
}

/**
 * The native bindings present, in the order the 'tensorflow' backend tries them (the one built by
 * `npm run native-tf` first: it was built for this machine on purpose), and why the others are absent.
 */
export function findNativeBindings(): { bindings: NativeBinding[]; absent: string[] } {
  const found = [builtPackage(), officialPackage('@tensorflow/tfjs-node-gpu'), officialPackage('@tensorflow/tfjs-node')];
  return {
    bindings: found.filter((f): f is NativeBinding => typeof f !== 'string'),
    absent: found.filter((f): f is string => typeof f === 'string'),
  };
}

/** Loads the first native binding that works into `tf` (tfjs-node registers 'tensorflow'), or says why none did. */
export function loadNativeBinding(): LoadedNative | { error: string } {
  const { bindings, absent } = findNativeBindings();
  const failures = [...absent];
  for (const binding of bindings) {
    try {
      require(binding.packageDir);
    } catch (e) {
      const again = binding.kind === 'native-tf' ? ' (run `npm run native-tf` again)' : '';
      failures.push(`${binding.from}: ${(e as Error).message.split('\n')[0]}${again}`);
      continue;
    }
    // tfjs-node registers into the tfjs-core it resolves; a nested copy would leave ours without 'tensorflow'.
    if (tf.findBackendFactory('tensorflow') === null) {
      failures.push(`${binding.from} registered into another copy of @tensorflow/tfjs-core than the library's (one copy is needed: see environment.md)`);
      continue;
    }
    const backend = tf.findBackend('tensorflow') as { binding?: { TF_Version?: string } } | null;
    return { ...binding, tensorflow: backend?.binding?.TF_Version ?? 'unknown' };
  }
  return { error: failures.join('; ') };
}
