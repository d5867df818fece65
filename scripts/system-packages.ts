/**
 * The system packages the set-up and the tests need beyond npm and pip (Chromium, fonts, the Vulkan
 * loader, Python's venv module), and installing Debian packages with apt-get when that is possible.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { chromiumPath } from './chromium';

/** A system package, what it is for, and how to tell it is there without a package manager. */
export interface SystemPackage {
  /** The Debian package name. */
  debian: string;
  /** What needs it, for messages. */
  purpose: string;
  /** True when what the package provides is on this machine. */
  present: () => boolean;
}

function sharedLibraryPresent(name: string): boolean {
  const r = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  if (r.status === 0) return r.stdout.includes(name);
  return ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].some((d) => fs.existsSync(`${d}/${name}`));
}

/** What the tests need from the system. */
export const TEST_PACKAGES: SystemPackage[] = [
  {
    debian: 'chromium',
    purpose: 'the browser tests (JupyterLab, plots) and, through its SwiftShader Vulkan driver, the WebGPU tests',
    present: () => fs.existsSync(chromiumPath()),
  },
  {
    debian: 'fonts-dejavu-core',
    purpose: "text in Chromium's pages and screenshots",
    present: () => fs.existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') || process.platform !== 'linux',
  },
  {
    debian: 'libvulkan1',
    purpose: 'the Vulkan loader that Dawn (WebGPU in Node) opens',
    present: () => process.platform !== 'linux' || sharedLibraryPresent('libvulkan.so.1'),
  },
];

/** True on Debian or Ubuntu as root with apt-get, where the set-up installs what is missing. */
export function canApt(): boolean {
  return fs.existsSync('/etc/debian_version') && process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** True when dpkg lists the Debian package as installed. */
export function debianInstalled(name: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'installed';
}

let aptUpdated = false;

/** Installs Debian packages with apt-get (running `apt-get update` once first); throws when apt-get fails. */
export function aptInstall(names: string[]): void {
  const run = (args: string[]) => {
    console.log(`$ apt-get ${args.join(' ')}`);
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  };
  if (!aptUpdated) {
    run(['update', '-qq']);
    aptUpdated = true;
  }
  run(['install', '-y', '-qq', '--no-install-recommends', ...names]);
}
