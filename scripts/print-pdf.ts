/**
 * Prints an HTML report to PDF in headless Chromium (`page.pdf()`), offline: the page may load only
 * files, so a report that tried to fetch anything from the internet prints without it rather than hang.
 * Usage: node build/scripts/print-pdf.js REPORT.html OUT.pdf
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { launchChromium } from './chromium';

/** Prints `htmlFile` to `pdfFile` (A4, backgrounds kept), written under a temporary name and renamed. */
export async function printPdf(htmlFile: string, pdfFile: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route((url) => url.protocol !== 'file:' && url.protocol !== 'data:', (route) => route.abort());
    await page.goto(pathToFileURL(path.resolve(htmlFile)).href, { waitUntil: 'load' });
    const tmp = `${pdfFile}.tmp-${process.pid}`;
    await page.pdf({ path: tmp, format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    fs.renameSync(tmp, pdfFile);
  } finally {
    await browser.close();
  }
}

/**
 * Runs `printPdf` in a child process and waits for it, so the synchronous runner can print; throws with
 * the child's message when printing fails.
 */
export function printPdfInChild(htmlFile: string, pdfFile: string): void {
  const r = spawnSync(process.execPath, [__filename, htmlFile, pdfFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PDF export of ${path.basename(htmlFile)} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join('\n')}`);
}

if (require.main === module) {
  const [htmlFile, pdfFile] = process.argv.slice(2);
  printPdf(htmlFile, pdfFile).catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
