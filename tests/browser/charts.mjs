// Charts in a real browser: where Chromium actually places the labels of the inline SVG charts.
// Right-to-left pages inherit `direction: rtl`, which would flip plotters' text anchors; the
// charts set their own `direction="ltr"` and isolate each label instead. This checks the result:
// in Arabic and Sorani the row labels sit to the right of the bars and the bars start at the
// right, every label stays inside its chart, and a screenshot of one chart page per language is
// saved for a person to look at.
//
// Usage: node charts.mjs PUBLIC_DIR SCREENSHOT_DIR   (prints "N passed, N failed")

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browser, check, finish, publicDir, shotDir } from './harness.mjs';

// The history chart of indicator 2.1.7 has one row per period: a label and a bar.
const page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
for (const [lang, rtl] of [['en', false], ['ar', true], ['ckb', true]]) {
  const file = join(publicDir, lang, 'indicators', '2.1.7', 'index.html');
  await page.goto(pathToFileURL(file).href);
  const geo = await page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
    };
    const out = {};
    for (const kind of ['history', 'progress']) {
      const svg = document.querySelector(`svg[aria-labelledby^="chart-${kind}-2-1-7"]`);
      out[kind] = svg && {
        svg: box(svg),
        direction: getComputedStyle(svg).direction,
        texts: [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent, ...box(t) })),
        bars: [...svg.querySelectorAll('rect[fill="#0072B2"]')].map(box),
      };
    }
    return out;
  });
  const h = geo.history;
  check(h !== null, `${lang}: the history chart is on the page`);
  if (!h) continue;
  check(h.direction === 'ltr', `${lang}: the chart keeps direction ltr (got ${h.direction})`);
  check(h.bars.length === 3, `${lang}: three bars (2010, 2011, 2013), got ${h.bars.length}`);
  // Row labels are the texts without digits of the value: the first text of each row.
  const labels = h.texts.filter((_, i) => i % 2 === 0);
  const values = h.texts.filter((_, i) => i % 2 === 1);
  for (const [i, bar] of h.bars.entries()) {
    const label = labels[i];
    const value = values[i];
    if (rtl) {
      check(label.left >= bar.right, `${lang} row ${i}: label ${label.text} is right of its bar`);
      check(value.right <= bar.left + 1, `${lang} row ${i}: value ${value.text} is left of its bar`);
    } else {
      check(label.right <= bar.left, `${lang} row ${i}: label ${label.text} is left of its bar`);
      check(value.left >= bar.right - 1, `${lang} row ${i}: value ${value.text} is right of its bar`);
    }
  }
  const starts = h.bars.map((b) => (rtl ? b.right : b.left));
  check(
    starts.every((s) => Math.abs(s - starts[0]) < 0.5),
    `${lang}: bars share their starting edge (${starts.join(', ')})`,
  );
  for (const kind of ['history', 'progress']) {
    const c = geo[kind];
    for (const t of c.texts) {
      check(
        t.width > 0 && t.left >= c.svg.left - 0.5 && t.right <= c.svg.right + 0.5,
        `${lang} ${kind}: label ${JSON.stringify(t.text)} stays inside the chart`,
      );
    }
  }
  const fig = await page.$('figure.chart-history');
  await fig.screenshot({ path: join(shotDir, `history-2.1.7-${lang}.png`) });
  await page.screenshot({ path: join(shotDir, `indicator-2.1.7-${lang}.png`), fullPage: true });
}
await finish();
