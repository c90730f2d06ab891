// Every page of a built site on phone screens, in headless Chromium (Debian's, never a downloaded
// one). Run by tests/phone_browser.rs:  node phone.mjs BASE_URL PUBLIC_DIR SCREENSHOT_DIR [SHOTS]
//
// For every HTML page under PUBLIC_DIR, served at BASE_URL: at 320 and at 390 px wide, nothing is
// wider than the screen (the page does not scroll sideways); at 360 px, every chart's text renders
// at 12 CSS px or more (the smallest is printed); at 390 px, axe-core's WCAG 2.1 A/AA
// rules report nothing serious or critical (tables that scroll are focusable, labelled regions);
// no Content-Security-Policy violation and no script error on any page. SHOTS (a comma-separated
// list of routes, e.g. "en/,ar/funds/") are saved as screenshots at 390 px for a person to look at.
// Prints "N passed, N failed" and the pages that overflowed.
import { readdirSync, statSync, mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { axeViolations, launch } from "./axe.mjs";

const [base, publicArg, shotArg, shotList = ""] = process.argv.slice(2);
if (!base || !publicArg || !shotArg) {
  console.error("usage: node phone.mjs BASE_URL PUBLIC_DIR SCREENSHOT_DIR [ROUTES]");
  process.exit(2);
}
const publicDir = resolve(publicArg);
const shotDir = resolve(shotArg);
mkdirSync(shotDir, { recursive: true });

/** Every .html file under dir, as a path relative to the site root ("en/funds/"). */
function pages(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...pages(full));
    else if (name.endsWith(".html")) out.push(relative(publicDir, full).replace(/index\.html$/, ""));
  }
  return out;
}

const browser = await launch();
let passed = 0;
let failed = 0;
const overflowing = { 320: [], 390: [] };
function check(ok, what) {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.error(`FAILED: ${what}`);
  }
}

// How far the page reaches past the screen, and the widest offending element.
const measure = () => {
  const doc = document.documentElement;
  const extra = Math.max(doc.scrollWidth, document.body.scrollWidth) - doc.clientWidth;
  let worst = "";
  if (extra > 0) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1 || r.left < -1) {
        if (el.closest(".table-scroll, .chart-scroll")) continue;
        worst = `${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`;
        break;
      }
    }
  }
  return { extra, worst };
};

// The smallest rendered size of any chart text on the page, in CSS px: the text's font size
// times how much its SVG is scaled (its screen height over its own), and the number of texts.
const chartText = () => {
  let smallest = Infinity;
  let count = 0;
  let where = "";
  for (const svg of document.querySelectorAll("svg.chart-svg")) {
    const scale = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.height
      ? svg.getBoundingClientRect().height / svg.viewBox.baseVal.height
      : 1;
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim()) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      count += 1;
      if (px < smallest) {
        smallest = px;
        where = t.textContent.slice(0, 40);
      }
    }
  }
  return { smallest, count, where };
};
let smallestText = Infinity;
let chartTexts = 0;

const shots = new Set(shotList.split(",").filter(Boolean));
try {
  const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
  const foreign = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" || m.text().includes("Content Security Policy")) errors.push(m.text());
  });
  const only = process.env.PAGES ? new RegExp(process.env.PAGES) : null;
  const all = pages(publicDir).filter((p) => !only || only.test(p));
  for (const path of all) {
    await page.setViewportSize({ width: 320, height: 700 });
    const response = await page.goto(base + path, { waitUntil: "load" });
    check(response && response.ok(), `${path}: HTTP ${response && response.status()}`);
    for (const width of [320, 360, 390]) {
      if (width !== 320) await page.setViewportSize({ width, height: 844 });
      if (width === 360) {
        const c = await page.evaluate(chartText);
        chartTexts += c.count;
        if (c.count > 0) smallestText = Math.min(smallestText, c.smallest);
        check(c.count === 0 || c.smallest >= 12, `${path}: chart text at ${c.smallest} px at 360 px ("${c.where}")`);
        continue;
      }
      const m = await page.evaluate(measure);
      if (m.extra > 0) overflowing[width].push(path);
      check(m.extra <= 0, `${path}: ${m.extra}px wider than a ${width} px screen (${m.worst})`);
    }
    const violations = await axeViolations(page);
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    check(
      serious.length === 0,
      `${path}: axe at 390 px: ${serious.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 2).join("; ")})`).join(", ")}`,
    );
    check(errors.length === 0, `${path}: console errors or CSP violations: ${errors.splice(0).join("; ")}`);
    if (shots.has(path)) {
      const name = path.replace(/\/$/, "").replace(/[/.]/g, "-") || "root";
      await page.screenshot({ path: join(shotDir, `phone-${name}.png`), fullPage: true });
    }
  }
  check(foreign.length === 0, `requests to other hosts: ${[...new Set(foreign)].join(", ")}`);
  console.log(`${all.length} pages; overflowing at 320 px: ${overflowing[320].length}, at 390 px: ${overflowing[390].length}`);
  console.log(`smallest chart text at 360 px: ${chartTexts ? smallestText.toFixed(2) : "none"} px over ${chartTexts} chart texts`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
