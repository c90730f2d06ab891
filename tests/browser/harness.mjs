// Shared by the layout checks (charts.mjs, rtl.mjs): the arguments, Debian's Chromium launched
// headless, and a tally of checks that ends the process with the verdict.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built site (`public/`) and the folder for screenshots, from the command line. */
export const [publicDir, shotDir] = process.argv.slice(2).map((p) => resolve(p));
mkdirSync(shotDir, { recursive: true });

/** Debian's Chromium, never a downloaded one. */
export const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

let passed = 0;
let failed = 0;

/** Records one check; a failed one is printed with what it checked. */
export function check(ok, what) {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    console.error(`FAILED: ${what}`);
  }
}

/** Closes the browser, prints the tally and exits non-zero when a check failed. */
export async function finish() {
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
