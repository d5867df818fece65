/**
 * The environment the WebGPU tests run in: Debian's chromium ships SwiftShader, a software Vulkan driver,
 * which Dawn finds through VK_ICD_FILENAMES (unless the user has set one) and XDG_RUNTIME_DIR.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SWIFTSHADER_ICD } from 'dl-lectures-lib/dist/webgpu-backend';

/**
 * The variables that point Vulkan at SwiftShader when `env` chooses no driver and give Dawn a runtime
 * folder; throws, naming the package to install, when the SwiftShader manifest is missing.
 */
export function swiftShaderEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const set: NodeJS.ProcessEnv = {};
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES) {
    if (!fs.existsSync(SWIFTSHADER_ICD)) {
      throw new Error(`no Vulkan driver for the WebGPU tests: ${SWIFTSHADER_ICD} is missing (Debian: apt-get install chromium libvulkan1), or set VK_ICD_FILENAMES`);
    }
    set.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  if (!env.XDG_RUNTIME_DIR) {
    // One folder per user, reused by every run, so none is left behind per run.
    set.XDG_RUNTIME_DIR = path.join(os.tmpdir(), `dl-xdg-runtime-${os.userInfo().uid}`);
    fs.mkdirSync(set.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  }
  return set;
}

/** Sets swiftShaderEnv() in this process for the tests of one file; returns what undoes it. */
export function useSwiftShaderIfUnset(): () => void {
  const set = swiftShaderEnv();
  Object.assign(process.env, set);
  return () => {
    for (const key of Object.keys(set)) delete process.env[key];
  };
}
