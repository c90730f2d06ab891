// Search over an index in shards, in Chromium: the search page finds a page whose entry is in a
// later shard (fetched after the first file), highlights the match in its prose, and causes no
// Content-Security-Policy violation or script error; when the no-JavaScript list is on several
// pages, a page listed on a later one is found from the first, with a working link. Run by tests/search_browser.rs:
//   node shards.mjs BASE_URL QUERY ROUTE     (prints "N passed, N failed")
import { launch } from "./axe.mjs";

const [base, query, route] = process.argv.slice(2);
const browser = await launch();
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.error(`FAILED: ${what}`);
  }
};
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // The browser asks the server's root for /favicon.ico, outside the site: not the site's error.
    if (m.location().url.endsWith("/favicon.ico")) return;
    if (m.type() === "error" || m.text().includes("Content Security Policy")) errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  const shards = [];
  page.on("request", (r) => { if (r.url().includes("/search/shard-")) shards.push(r.url()); });
  await page.goto(`${base}en/search/?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
  const shown = `#search-list li[data-u="${route}"]:not([hidden]) mark`;
  const found = await page.waitForSelector(shown, { timeout: 10000 }).then(() => true, () => false);
  check(found, `"${query}" finds ${route} with the match marked`);
  const visible = await page.$$eval("#search-list li:not([hidden])", (li) => li.map((l) => l.dataset.u));
  check(visible.length === 1 && visible[0] === route, `only ${route} is shown: ${visible.slice(0, 5).join(", ")}`);
  const href = await page.$eval(`#search-list li[data-u="${route}"] a`, (a) => a.href).catch(() => "");
  check(href === `${base}en/${route}`, `the result links to ${base}en/${route}: ${href}`);
  await page.fill("#search-q", "");
  await page.dispatchEvent("#search-q", "input");
  const listed = await page.$$eval("#search-list li:not([hidden])", (li) => li.length);
  const onPage = await page.$$eval("#search-list li[data-u]", (li) => li.length);
  check(listed > 0 && listed < onPage, `an empty query shows this page's list only: ${listed} of ${onPage}`);
  check(shards.length > 0, "the further shards were fetched");
  check(errors.length === 0, `console errors or CSP violations: ${errors.join("; ")}`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
