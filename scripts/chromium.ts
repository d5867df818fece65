/**
 * Headless Chromium through playwright-core, for printing reports to PDF and for the browser tests:
 * Debian's `/usr/bin/chromium`, or the one CHROMIUM_PATH names (playwright's own downloads are not used).
 */
import * as fs from 'fs';
import type { Browser } from 'playwright-core';

/** The Chromium executable to use: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Why Chromium cannot be started, with what to install; undefined when it is there. */
export function chromiumProblem(): string | undefined {
  const executable = chromiumPath();
  if (fs.existsSync(executable)) return undefined;
  return `no Chromium at ${executable}: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable`;
}

/** Starts headless Chromium; throws with `chromiumProblem()`'s message when there is none. */
export async function launchChromium(): Promise<Browser> {
  const problem = chromiumProblem();
  if (problem !== undefined) throw new Error(problem);
  // Loaded here, so that scripts which only check for Chromium do not load playwright.
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  // Without the networking flags Chromium keeps trying to reach Google's services, which a closed network refuses.
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
