/**
 * TensorFlow.js on WebGPU in Node: `@tensorflow/tfjs-backend-webgpu` on Dawn (npm `webgpu`, an optional
 * dependency), which drives Vulkan on Linux, Metal on macOS and Direct3D 12 on Windows. Dawn is loaded
 * only when this backend is asked for or probed, never at import.
 * @see environment.md, "The GPU through WebGPU"
 */
import fs = require('fs');
import os = require('os');
import path = require('path');
import { tf } from './tf';

/** What Dawn says about an adapter, and whether it is software (a CPU emulating a GPU). */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  /** True for a fallback adapter and for SwiftShader, llvmpipe or lavapipe: never chosen automatically. */
  software: boolean;
}

/** A probe's answer: the adapter Dawn would use, or why there is none and what to do about it. */
export type WebGpuProbe = { adapter: WebGpuAdapterInfo } | { error: string; fix: string };

/** The slice of the WebGPU API this module touches (the full types live in @webgpu/types). */
interface GpuAdapter {
  info?: Partial<Omit<WebGpuAdapterInfo, 'software'>>;
  isFallbackAdapter?: boolean;
  features: { has(name: string): boolean };
  limits: Record<string, number>;
  requestDevice(descriptor: object): Promise<object>;
}
interface Gpu {
  requestAdapter(options?: object): Promise<GpuAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): Gpu;
  globals: object;
}

/** The Vulkan ICD manifest of the SwiftShader software adapter that Debian's chromium package ships. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|software rasterizer/i;

/** The limits tfjs-backend-webgpu's own factory asks the device for (its defaults are too small for it). */
const REQUIRED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
];

/** Whether an adapter is software: flagged as fallback by Dawn, or named after a known CPU implementation. */
export function isSoftwareAdapter(info: Omit<WebGpuAdapterInfo, 'software'>): boolean {
  return info.isFallbackAdapter || SOFTWARE_NAMES.test(`${info.architecture} ${info.description} ${info.device}`);
}

function describeAdapter(adapter: GpuAdapter): WebGpuAdapterInfo {
  const i = adapter.info ?? {};
  const info = {
    vendor: i.vendor ?? '',
    architecture: i.architecture ?? '',
    device: i.device ?? '',
    description: i.description ?? '',
    isFallbackAdapter: i.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
  };
  return { ...info, software: isSoftwareAdapter(info) };
}

/** "NVIDIA H200, nvidia hopper": description, vendor and architecture, whichever Dawn filled in. */
export function adapterLabel(a: WebGpuAdapterInfo): string {
  return [a.description, [a.vendor, a.architecture].filter((x) => x !== '').join(' ')].filter((x) => x !== '').join(', ') || 'unnamed adapter';
}

// TypeScript compiling to CommonJS turns `import()` into `require()`, which cannot load the ES module 'webgpu'.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<DawnModule>;

/** Loads Dawn, or says why it cannot be loaded. */
async function loadDawn(): Promise<DawnModule | { error: string; fix: string }> {
  try {
    return await importModule('webgpu');
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    if (/Cannot find (module|package) 'webgpu'/.test(message)) {
      return { error: 'the npm package webgpu (Dawn) is not installed', fix: 'run `npm install` (webgpu is an optional dependency: npm skips it where it fails to install)' };
    }
    return { error: `Dawn (npm webgpu) failed to load: ${message}`, fix: `Dawn ships prebuilt binaries for Linux, macOS and Windows on x64 and arm64 only (this is ${process.platform}-${process.arch})` };
  }
}

/** Whether the Vulkan loader library can be opened, as Dawn opens it (Linux only; elsewhere undefined). */
export function vulkanLoaderPresent(): boolean | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // dlopen as Dawn does; the library is not a Node addon, so a successful open ends in "did not self-register".
    process.dlopen({ exports: {} } as NodeJS.Module, 'libvulkan.so.1');
    return true;
  } catch (e) {
    return !/cannot open shared object file/.test((e as Error).message);
  }
}

/** The Vulkan driver manifests (ICDs) the loader would read: VK_DRIVER_FILES / VK_ICD_FILENAMES, else the standard folders. */
export function vulkanDriverManifests(env: NodeJS.ProcessEnv = process.env): { files: string[]; fromEnv?: string } {
  const forced = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  const added = (env.VK_ADD_DRIVER_FILES ?? '').split(path.delimiter).filter((f) => f !== '');
  if (forced) return { files: [...forced.split(path.delimiter).filter((f) => f !== ''), ...added], fromEnv: env.VK_DRIVER_FILES ? 'VK_DRIVER_FILES' : 'VK_ICD_FILENAMES' };
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':');
  const configDirs = (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':');
  const dirs = [...configDirs, '/etc', ...dataDirs, path.join(os.homedir(), '.local', 'share')].map((d) => path.join(d, 'vulkan', 'icd.d'));
  const files = dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => path.join(d, f)) : []));
  return { files: [...new Set([...files, ...added])] };
}

/**
 * Why Dawn cannot find a Vulkan adapter on Linux, known without loading Dawn (no Vulkan loader, no driver
 * manifest, a manifest named that does not exist), or undefined when Dawn has to be asked.
 */
function missingVulkan(env: NodeJS.ProcessEnv): { error: string; fix: string } | undefined {
  if (process.platform !== 'linux') return undefined;
  if (vulkanLoaderPresent() === false) {
    return { error: 'no Vulkan loader: libvulkan.so.1 cannot be opened', fix: "install it (Debian/Ubuntu: `apt-get install libvulkan1`) and the GPU driver's Vulkan driver (see environment.md)" };
  }
  const { files, fromEnv } = vulkanDriverManifests(env);
  const missing = files.filter((f) => !fs.existsSync(f));
  if (fromEnv && missing.length > 0) {
    return { error: `${fromEnv} names Vulkan driver manifests that do not exist: ${missing.join(', ')}`, fix: `unset ${fromEnv}, or point it at an existing ICD file (e.g. ${SWIFTSHADER_ICD} from Debian's chromium for a software adapter)` };
  }
  if (files.length === 0) {
    return {
      error: 'the Vulkan loader found no Vulkan driver (no ICD manifest in /usr/share/vulkan/icd.d, /etc/vulkan/icd.d, ...)',
      fix: "install the GPU driver's Vulkan driver: NVIDIA's driver package includes it (nvidia_icd.json; Debian non-free: nvidia-vulkan-icd), AMD and Intel use Mesa (`apt-get install mesa-vulkan-drivers`)",
    };
  }
  return undefined;
}

/** Why Dawn found no adapter here, and the fix, from what the system has (the Vulkan loader and drivers on Linux). */
export function diagnoseNoAdapter(env: NodeJS.ProcessEnv = process.env): { error: string; fix: string } {
  if (process.platform === 'darwin') return { error: 'Dawn found no Metal adapter', fix: 'WebGPU needs macOS 11 or newer on a Mac with Metal support' };
  if (process.platform === 'win32') return { error: 'Dawn found no Direct3D 12 or Vulkan adapter', fix: "install or update the GPU vendor's driver (Direct3D 12 needs Windows 10 or newer)" };
  const known = missingVulkan(env);
  if (known !== undefined) return known;
  const { files } = vulkanDriverManifests(env);
  const names = files.map((f) => path.basename(f)).join(', ');
  const lavapipe = /lvp_icd/.test(names) ? ' (lavapipe from Mesa older than 23 lacks features Dawn requires)' : '';
  return {
    error: `none of the Vulkan drivers found (${names}) gave Dawn an adapter: the loader could not load them or Dawn rejected them${lavapipe}`,
    fix: "install a newer GPU driver or Mesa (the warnings printed above name what failed); for NVIDIA use the proprietary driver's Vulkan ICD",
  };
}

/** Dawn's GPU object and the adapter it chose; the one in use once the backend has started. */
let active: { gpu: Gpu; adapter: GpuAdapter; info: WebGpuAdapterInfo } | undefined;

/** Creates a Dawn instance (each reads the Vulkan environment afresh) and asks it for an adapter. */
async function requestAdapter(options: object = {}): Promise<{ gpu: Gpu; adapter: GpuAdapter } | { error: string; fix: string }> {
  // Dawn prints the Vulkan loader's complaints on stderr: not loaded where they are known in advance.
  const known = missingVulkan(process.env);
  if (known !== undefined) return known;
  const dawn = await loadDawn();
  if ('error' in dawn) return dawn;
  Object.assign(globalThis, dawn.globals); // GPUBufferUsage and the like, which tfjs-backend-webgpu uses
  const gpu = dawn.create([]);
  let adapter: GpuAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter(options);
  } catch (e) {
    return { error: `Dawn's requestAdapter failed: ${(e as Error).message.split('\n')[0]}`, fix: diagnoseNoAdapter().fix };
  }
  return adapter === null ? diagnoseNoAdapter() : { gpu, adapter };
}

/** The adapter the webgpu backend would run on (Dawn's high-performance choice), or why there is none. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  if (active !== undefined) return { adapter: active.info };
  const found = await requestAdapter({ powerPreference: 'high-performance' });
  return 'error' in found ? found : { adapter: describeAdapter(found.adapter) };
}

/** Every distinct adapter Dawn offers (high-performance, low-power, fallback), or why there is none. */
export async function listWebGpuAdapters(): Promise<WebGpuAdapterInfo[] | { error: string; fix: string }> {
  const adapters: WebGpuAdapterInfo[] = [];
  let failure: { error: string; fix: string } | undefined;
  for (const options of [{ powerPreference: 'high-performance' }, { powerPreference: 'low-power' }, { forceFallbackAdapter: true }]) {
    const found = await requestAdapter(options);
    if ('error' in found) {
      failure ??= found;
      continue;
    }
    const info = describeAdapter(found.adapter);
    if (!adapters.some((a) => JSON.stringify(a) === JSON.stringify(info))) adapters.push(info);
  }
  return adapters.length > 0 ? adapters : failure!;
}

/** Makes `globalThis.navigator.gpu` Dawn's (tfjs-backend-webgpu checks it), keeping Node 21+'s own navigator. */
function exposeGpu(gpu: Gpu): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
}

/**
 * Registers the 'webgpu' backend on Dawn's high-performance adapter (with `software: false`, only a
 * hardware one), or returns why it cannot. `DL_WEBGPU_CPU_FORWARD=false` turns off tfjs's running of
 * small ops on the CPU (its default, kept for notebooks), so every kernel runs as a shader.
 */
export async function loadWebGpu(options: { allowSoftware: boolean }): Promise<{ provider: string; adapter: WebGpuAdapterInfo } | { error: string; fix: string }> {
  const provider = '@tensorflow/tfjs-backend-webgpu';
  if (active === undefined) {
    const found = await requestAdapter({ powerPreference: 'high-performance' });
    if ('error' in found) return found;
    const info = describeAdapter(found.adapter);
    if (info.software && !options.allowSoftware) {
      return { error: `the only adapter is software (${adapterLabel(info)}), not a GPU`, fix: "ask for it by name (useBackend('webgpu') or DL_BACKEND=webgpu) to use it anyway" };
    }
    let device: object;
    try {
      const requiredLimits = Object.fromEntries(REQUIRED_LIMITS.map((k) => [k, found.adapter.limits[k]]));
      const requiredFeatures = found.adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
      device = await found.adapter.requestDevice({ requiredLimits, requiredFeatures });
    } catch (e) {
      return { error: `Dawn rejected the adapter ${adapterLabel(info)}: ${(e as Error).message.split('\n')[0]}`, fix: 'update the GPU driver' };
    }
    // Loaded while navigator.gpu is unset, so the package registers no factory of its own (one that would
    // ask Dawn for an adapter again and fail with a TypeError where there is none).
    const { WebGPUBackend } = require(provider) as { WebGPUBackend: new (device: object, adapterInfo: object) => tf.KernelBackend };
    exposeGpu(found.gpu);
    tf.registerBackend('webgpu', () => new WebGPUBackend(device, found.adapter.info ?? {}));
    active = { ...found, info };
  } else if (active.info.software && !options.allowSoftware) {
    return { error: `the only adapter is software (${adapterLabel(active.info)}), not a GPU`, fix: "ask for it by name (useBackend('webgpu') or DL_BACKEND=webgpu)" };
  }
  const cpuForward = process.env.DL_WEBGPU_CPU_FORWARD?.trim().toLowerCase();
  if (cpuForward !== undefined && cpuForward !== '') {
    if (!['true', 'false', '1', '0'].includes(cpuForward)) throw new Error(`DL_WEBGPU_CPU_FORWARD must be true or false, got '${process.env.DL_WEBGPU_CPU_FORWARD}'`);
    tf.env().set('WEBGPU_CPU_FORWARD', cpuForward === 'true' || cpuForward === '1');
  }
  return { provider, adapter: active.info };
}
