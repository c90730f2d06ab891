// Accessibility and keyboard checks of the built site in headless Chromium (Debian's, never a
// downloaded one). Run by tests/browser.rs:  node a11y.mjs BASE_URL PATH...
//
// For every page: axe-core with the WCAG 2.1 A and AA rules (failing on serious and critical
// violations); the first Tab reaches a visible skip link that moves focus to <main>; focus is
// visible on links and fields; headings start at one h1 and never skip a level; every table has a caption
// and header cells. The search page is also exercised with the keyboard, in each script.
import { axeViolations, launch } from "./axe.mjs";

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error("usage: node a11y.mjs BASE_URL PATH...");
  process.exit(2);
}

const browser = await launch();
const failures = [];
const summary = { pages: 0, violations: { minor: 0, moderate: 0, serious: 0, critical: 0 } };
const fail = (path, what) => failures.push(`${path}: ${what}`);

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Nothing may be requested from another host.
  const foreign = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("data:")) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  // The site's Content-Security-Policy stays on: anything it blocks is a failure.
  const cspViolations = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) cspViolations.push(m.text());
  });

  for (const path of paths) {
    const url = base + path;
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response || response.status() !== 200) {
      fail(path, `HTTP ${response && response.status()}`);
      continue;
    }
    summary.pages++;

    // axe, WCAG 2.1 A/AA.
    for (const v of cspViolations.splice(0)) fail(path, `CSP violation: ${v}`);
    for (const v of await axeViolations(page)) {
      summary.violations[v.impact] = (summary.violations[v.impact] || 0) + v.nodes.length;
      if (v.impact === "serious" || v.impact === "critical") {
        const targets = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
        fail(path, `axe ${v.impact} ${v.id}: ${v.help} (${targets})`);
      }
    }

    // Structure: one h1 first, no skipped heading levels; tables with captions and headers.
    const structure = await page.evaluate(() => {
      const levels = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => +h.tagName[1]);
      const tables = [...document.querySelectorAll("table")].map((t) => ({
        caption: !!t.querySelector("caption") && t.querySelector("caption").textContent.trim() !== "",
        th: t.querySelectorAll("th").length,
      }));
      return { levels, tables, lang: document.documentElement.lang, dir: document.documentElement.dir };
    });
    const { levels, tables } = structure;
    if (levels.length === 0 || levels[0] !== 1 || levels.filter((l) => l === 1).length !== 1) {
      fail(path, `headings must start with a single h1, got ${levels.join(",")}`);
    }
    for (let k = 1; k < levels.length; k++) {
      if (levels[k] > levels[k - 1] + 1) fail(path, `heading level skips from h${levels[k - 1]} to h${levels[k]}`);
    }
    tables.forEach((t, k) => {
      if (!t.caption) fail(path, `table ${k + 1} has no caption`);
      if (t.th === 0) fail(path, `table ${k + 1} has no header cells`);
    });

    // Keyboard: the first Tab lands on a visible skip link; Enter moves focus into <main>.
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      const style = getComputedStyle(a);
      return {
        // A page with nothing before <main> (the language picker) needs no skip link.
        needsSkip: !!document.querySelector("header, nav:not(main nav)"),
        inMain: !!a.closest("main"),
        isSkip: a.matches("a.skip-link"),
        href: a.getAttribute("href"),
        visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight,
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      };
    });
    if (!skip.needsSkip) {
      if (!skip.inMain) fail(path, "the first Tab does not reach the main content");
    } else if (!skip.isSkip) fail(path, "the first Tab does not reach the skip link");
    else {
      if (!skip.visible) fail(path, "the skip link is not visible when focused");
      if (!skip.outline) fail(path, "the focused skip link has no visible focus outline");
      await page.keyboard.press("Enter");
      const inMain = await page.evaluate(() => !!document.activeElement.closest("main"));
      if (!inMain) fail(path, "the skip link does not move focus to the main content");
    }
    // Focus is visible on the next links too.
    for (let k = 0; k < 3; k++) {
      await page.keyboard.press("Tab");
      const f = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || a === document.body) return null;
        const s = getComputedStyle(a);
        return { tag: a.tagName, outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 };
      });
      if (f && !f.outline) fail(path, `focused ${f.tag} has no visible focus outline`);
    }
  }

  // Search: the script shows the box and filters the list, in every script and with any digits.
  const searches = [
    ["en/search/", "1.1.9", "indicators/1.1.9/"],
    ["ar/search/", "١٫١٫٩", "indicators/1.1.9/"],
    ["en/search/", "FUNDS", "funds/"],
    // Hamza on the alef, and Sorani typed with an Arabic keyboard (ك for ک, ي for ی).
    ["ar/search/", "إنتخابات", ""],
    ["ckb/search/", "كۆميسيۆن", ""],
    // Full text: words that stand only in narratives, decision texts or notes, shown in context.
    ["en/search/", "women", "outputs/1.2/", true],
    ["en/search/", "UNOPS", "outputs/2.1/", true],
    ["ar/search/", "النساء", "decisions/2013-007/", true],
  ];
  for (const [path, query, expect, inProse] of searches) {
    if (!paths.includes(path)) continue;
    await page.goto(base + path, { waitUntil: "load" });
    await page.waitForSelector("#search-q", { state: "visible", timeout: 5000 }).catch(() => {});
    if (!(await page.isVisible("#search-q"))) {
      fail(path, "the search box does not appear");
      continue;
    }
    await page.focus("#search-q");
    await page.keyboard.type(query);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll("#search-list li")].filter((li) => !li.hidden).map((li) => li.dataset.u),
    );
    if (!shown.includes(expect)) fail(path, `searching ${query} does not list ${expect} (got ${shown.slice(0, 5)})`);
    if (inProse) {
      const marked = await page.evaluate(
        (u) => {
          const li = document.querySelector(`#search-list li[data-u="${u}"]`);
          const mark = li && li.querySelector(".snippet mark");
          return mark ? mark.textContent : null;
        },
        expect,
      );
      if (!marked) fail(path, `searching ${query} shows no snippet with the match marked for ${expect}`);
    }
    const total = await page.evaluate(() => document.querySelectorAll("#search-list li").length);
    if (shown.length >= total) fail(path, `searching ${query} does not filter the list`);
    const status = await page.textContent("#search-status");
    const lang = path.split("/")[0];
    const count = lang === "en" ? /[0-9]/ : /[٠-٩]/;
    if (!count.test(status)) fail(path, `the status does not say how many pages match, in the page's digits: ${status}`);
  }

  if (foreign.length) fail("(all)", `requests to other hosts: ${[...new Set(foreign)].join(", ")}`);
  if (consoleErrors.length) fail("(all)", `script errors: ${consoleErrors.join("; ")}`);
} finally {
  await browser.close();
}

console.log(`axe (WCAG 2.1 A/AA) over ${summary.pages} pages: ${JSON.stringify(summary.violations)} violations by impact`);
if (failures.length) {
  console.log(`${failures.length} problems:\n` + failures.join("\n"));
  process.exitCode = 1;
} else {
  console.log("accessibility and keyboard checks passed");
}
