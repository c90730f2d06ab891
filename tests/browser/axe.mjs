// Shared by the page checks (a11y.mjs, phone.mjs): Debian's Chromium (never a downloaded one)
// launched headless, and axe-core run with the WCAG 2.1 A and AA rules.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Debian's Chromium, headless, with nothing that phones home. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * axe-core's WCAG 2.1 A/AA violations on the page. axe is evaluated over the DevTools protocol,
 * which the page's Content-Security-Policy does not govern (a script tag would be refused, as it
 * should be).
 */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    }),
  );
  return result.violations;
}
