// Right-to-left layout in a real browser, at phone width (390 px): the home page and an
// indicator page in Arabic and Sorani must be right-to-left documents whose layout mirrors the
// English one — the main navigation and table columns start at the right edge, progress bars
// fill from the right, and the pager's arrows point the reading way. A screenshot of each page
// is saved for a person to look at.
//
// Usage: node rtl.mjs PUBLIC_DIR SCREENSHOT_DIR   (prints "N passed, N failed")

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browser, check, finish, publicDir, shotDir } from './harness.mjs';

const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
// Nothing may come from outside the site.
const outside = [];
page.on('request', (r) => {
  if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) outside.push(r.url());
});

// Which end of a <progress> bar is filled: the colours of its left and right ends, read from a
// screenshot of the element through a canvas.
async function progressEnds(locator) {
  const png = await locator.screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const y = Math.floor(img.height / 2);
    const px = (x) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
    return { left: px(2), right: px(img.width - 3) };
  }, png.toString('base64'));
}
// The theme's accent colour (#0b5394) is dark blue; the track is light grey.
const isFill = ([r, g, b]) => b > 100 && r < 80 && g < 120;

for (const [lang, rtl] of [['en', false], ['ar', true], ['ckb', true]]) {
  for (const [name, route] of [['home', ''], ['indicator', 'indicators/1.1.9/']]) {
    const what = `${lang} ${name}`;
    await page.goto(pathToFileURL(join(publicDir, lang, route, 'index.html')).href);
    const geo = await page.evaluate(() => {
      const box = (el) => el && el.getBoundingClientRect().toJSON();
      // On a phone the main menu is folded into a <details>, closed at first: open it.
      const menu = document.querySelector('details.menu');
      const folded = !!menu && !menu.open && getComputedStyle(menu).display !== 'none';
      if (menu) menu.open = true;
      const nav = [...document.querySelectorAll('header nav:not(.languages) ul')].find((u) => u.offsetParent !== null);
      const items = [...nav.querySelectorAll('li')];
      const table = document.querySelector('main table');
      const heads = table ? [...table.querySelectorAll('thead th')] : [];
      const arrow = document.querySelector('.pager .arrow');
      return {
        dir: document.documentElement.getAttribute('dir'),
        lang: document.documentElement.getAttribute('lang'),
        direction: getComputedStyle(document.documentElement).direction,
        nav: box(nav),
        firstItem: box(items[0]),
        firstHead: box(heads[0]),
        lastHead: box(heads[heads.length - 1]),
        prev: box(document.querySelector('.pager .prev')),
        next: box(document.querySelector('.pager .next')),
        arrowTransform: arrow && getComputedStyle(arrow).transform,
        progressDirection: (() => {
          const p = document.querySelector('main progress');
          return p && getComputedStyle(p).direction;
        })(),
        scrollWidth: document.documentElement.scrollWidth,
        folded,
      };
    });
    check(geo.lang === lang, `${what}: <html lang> is ${lang} (got ${geo.lang})`);
    check(geo.dir === (rtl ? 'rtl' : 'ltr'), `${what}: <html dir> (got ${geo.dir})`);
    check(geo.direction === (rtl ? 'rtl' : 'ltr'), `${what}: computed direction (got ${geo.direction})`);
    check(geo.folded, `${what}: the main menu is folded into a closed <details> on a phone`);
    // The navigation starts at the start edge: the right one in RTL.
    const navStart = rtl
      ? Math.abs(geo.firstItem.right - geo.nav.right) < 2
      : Math.abs(geo.firstItem.left - geo.nav.left) < 2;
    check(navStart, `${what}: the first navigation item is at the ${rtl ? 'right' : 'left'} edge`);
    if (geo.firstHead) {
      const mirrored = rtl ? geo.firstHead.left > geo.lastHead.left : geo.firstHead.left < geo.lastHead.left;
      check(mirrored, `${what}: the first table column is on the ${rtl ? 'right' : 'left'}`);
    }
    check(geo.scrollWidth <= 390, `${what}: no sideways scrolling at 390 px (${geo.scrollWidth})`);
    if (name === 'home') {
      // Output 1.1 is at 56 %: only the start end of its bar is filled. The bar is a <progress>
      // element, or the small inline SVG bar that the charts draw in its place.
      const bar = page.locator('main progress, main svg.chart-glyph').first();
      const ends = await progressEnds(bar);
      const startFilled = rtl ? isFill(ends.right) && !isFill(ends.left) : isFill(ends.left) && !isFill(ends.right);
      check(startFilled, `${what}: the progress bar fills from the ${rtl ? 'right' : 'left'} (${JSON.stringify(ends)})`);
      if (geo.progressDirection !== null) {
        check(geo.progressDirection === (rtl ? 'rtl' : 'ltr'), `${what}: progress direction`);
      }
    } else {
      check(geo.prev && geo.next, `${what}: previous and next links`);
      if (geo.prev && geo.next) {
        const order = rtl ? geo.prev.left > geo.next.left : geo.prev.left < geo.next.left;
        check(order, `${what}: "previous" is on the ${rtl ? 'right' : 'left'}`);
      }
      const flipped = geo.arrowTransform === 'matrix(-1, 0, 0, 1, 0, 0)';
      check(rtl ? flipped : !flipped, `${what}: arrows ${rtl ? 'mirrored' : 'as drawn'} (${geo.arrowTransform})`);
    }
    await page.evaluate(() => { const m = document.querySelector('details.menu'); if (m) m.open = false; });
    await page.screenshot({ path: join(shotDir, `rtl-${name}-${lang}.png`), fullPage: false });
  }
}
check(outside.length === 0, `no request leaves the site (${outside.join(', ')})`);

await finish();
