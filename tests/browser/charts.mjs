// Charts in a real browser: where Chromium actually places the text and bars of the inline SVG
// charts on a 360 px phone and a 1280 px desktop. Right-to-left pages inherit `direction: rtl`,
// which would flip text anchors; the charts set their own `direction="ltr"`, isolate each label
// and mirror their layout instead. This checks the result, for the history chart of indicator
// 2.1.7 and the chart of output 1.1 in every language: every text stays inside its chart and
// overlaps no bar and no other text; bars share their starting edge (the right one in Arabic and
// Sorani); time runs from the start edge; chart text is as large at 360 px as at 1280 px (it is
// never scaled down with the drawing) and grows with the reader's text size. Screenshots of the
// two charts per language and width are saved for a person to look at.
//
// Usage: node charts.mjs PUBLIC_DIR SCREENSHOT_DIR   (prints "N passed, N failed")

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browser, check, finish, publicDir, shotDir } from './harness.mjs';

/** Boxes of the texts and bars of the chart whose id starts with `id`. */
const geometry = (id) => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
  };
  const svg = document.querySelector(`svg[aria-labelledby^="${id}"]`);
  if (!svg) return null;
  return {
    svg: box(svg),
    direction: getComputedStyle(svg).direction,
    texts: [...svg.querySelectorAll('text')].map((t) => ({
      text: t.textContent,
      onBar: t.getAttribute('fill') === '#FFFFFF',
      px: parseFloat(getComputedStyle(t).fontSize),
      ...box(t),
    })),
    bars: [...svg.querySelectorAll('rect[fill="#0072B2"]')].map(box),
    points: [...svg.querySelectorAll('circle[fill="#0072B2"]')].map(box),
  };
};

const overlap = (a, b) =>
  a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

const sizes = {};
for (const width of [360, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const [lang, rtl] of [['en', false], ['ar', true], ['ckb', true]]) {
    for (const [route, id] of [
      ['indicators/2.1.7', 'chart-history-2-1-7'],
      ['outputs/1.1', 'chart-output-1-1'],
    ]) {
      const what = `${lang} ${route} at ${width} px`;
      await page.goto(pathToFileURL(join(publicDir, lang, route, 'index.html')).href);
      const g = await page.evaluate(geometry, id);
      check(g !== null, `${what}: the chart is on the page`);
      if (!g) continue;
      check(g.direction === 'ltr', `${what}: the chart keeps direction ltr (got ${g.direction})`);
      for (const [i, t] of g.texts.entries()) {
        check(
          t.width > 0 && t.left >= g.svg.left - 0.5 && t.right <= g.svg.right + 0.5,
          `${what}: ${JSON.stringify(t.text)} stays inside the chart`,
        );
        // A value printed inside its bar lies within it; any other text clears every bar.
        for (const b of g.bars) {
          const inside = t.left >= b.left - 0.5 && t.right <= b.right + 0.5;
          check(t.onBar ? !overlap(t, b) || inside : !overlap(t, b), `${what}: ${JSON.stringify(t.text)} overlaps a bar`);
        }
        check(!t.onBar || g.bars.some((b) => overlap(t, b)), `${what}: ${JSON.stringify(t.text)} is white off its bar`);
        for (const u of g.texts.slice(i + 1)) {
          check(!overlap(t, u), `${what}: ${JSON.stringify(t.text)} overlaps ${JSON.stringify(u.text)}`);
        }
        sizes[`${lang} ${width}`] = Math.min(sizes[`${lang} ${width}`] ?? Infinity, t.px);
      }
      if (route === 'outputs/1.1') {
        const starts = g.bars.map((b) => (rtl ? b.right : b.left));
        check(g.bars.length > 0, `${what}: bars are drawn`);
        check(
          starts.every((s) => Math.abs(s - starts[0]) < 0.5) &&
            Math.abs(starts[0] - (rtl ? g.svg.right : g.svg.left)) < 16,
          `${what}: bars share the ${rtl ? 'right' : 'left'} edge (${starts.join(', ')})`,
        );
      } else {
        // Three periods, oldest first in the document: time runs from the start edge.
        const xs = g.points.map((p) => (p.left + p.right) / 2);
        check(xs.length === 3, `${what}: a point per period, got ${xs.length}`);
        const ordered = xs.every((x, i) => i === 0 || (rtl ? x < xs[i - 1] : x > xs[i - 1]));
        check(ordered, `${what}: time runs ${rtl ? 'right to left' : 'left to right'} (${xs.join(', ')})`);
      }
      const fig = await page.$(`figure:has(svg[aria-labelledby^="${id}"])`);
      const name = route.replace(/[/.]/g, '-');
      await fig.screenshot({ path: join(shotDir, `chart-${name}-${lang}-${width}.png`) });
    }
  }
  await page.close();
}
for (const lang of ['en', 'ar', 'ckb']) {
  const [phone, desk] = [sizes[`${lang} 360`], sizes[`${lang} 1280`]];
  check(phone >= 12 && phone === desk, `${lang}: chart text ${phone} px at 360 px, ${desk} px at 1280 px`);
}

// With the reader's text size doubled, chart text doubles too.
const big = await browser.newPage({ viewport: { width: 360, height: 900 } });
await big.goto(pathToFileURL(join(publicDir, 'en', 'outputs', '1.1', 'index.html')).href);
// Set through the CSS object model, which the page's Content-Security-Policy allows.
await big.evaluate(() => document.documentElement.style.setProperty('font-size', '200%'));
const doubled = await big.evaluate(geometry, 'chart-output-1-1');
const px = Math.min(...doubled.texts.map((t) => t.px));
check(Math.abs(px - 2 * sizes['en 360']) < 0.5, `chart text follows the text size: ${px} px at 200 %`);
await big.close();
await finish();
