// A right-to-left language configured only in site.toml (Syriac, `syr`, no interface strings):
// its pages show the default language's strings in their stead, and none may be laid out inside
// the right-to-left flow, where the bidi algorithm would reorder "of 16 16" or "months 30".
// On every page checked, each text shown in English must sit in an element marked lang="en"
// whose computed direction is left to right; and the page itself stays right to left.
// Acronyms and file-format names (ORG, CSV), the same in every language, are not counted.
//
// Usage: node fallback.mjs PUBLIC_DIR SCREENSHOT_DIR   (prints "N passed, N failed")

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browser, check, finish, publicDir, shotDir } from './harness.mjs';

const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
const routes = ['', 'results/', 'indicators/1.1.1/', 'periods/2024/', 'about/'];
for (const route of routes) {
  const what = `syr /${route}`;
  await page.goto(pathToFileURL(join(publicDir, 'syr', route, 'index.html')).href);
  const found = await page.evaluate(() => {
    const html = document.documentElement;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const bare = [];
    let marked = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const el = n.parentElement;
      // Words in Latin letters are English interface or content text standing in for Syriac.
      if (!/[A-Za-z]{3,}/.test(text) || el.closest('script, style, [hidden]')) continue;
      if (el.closest('.languages')) continue; // the language picker names each language in itself
      if (/^[A-Z]{2,6}$/.test(text)) continue; // acronyms and format names (ORG, CSV) read alike
      if (/^https?:\/\//.test(text)) continue; // a web address is in no language
      const langEl = el.closest('[lang]');
      const ok = langEl && langEl !== html && langEl.getAttribute('lang') === 'en' && getComputedStyle(el).direction === 'ltr';
      if (ok) marked += 1;
      else bare.push(text.slice(0, 60));
    }
    return { dir: html.dir, lang: html.lang, marked, bare };
  });
  check(found.dir === 'rtl' && found.lang === 'syr', `${what}: the page is a right-to-left syr document`);
  check(found.marked > 0, `${what}: English strings stand in for the missing Syriac ones`);
  check(found.bare.length === 0, `${what}: every English text is marked lang="en" dir="ltr"; bare: ${JSON.stringify(found.bare)}`);
  await page.screenshot({ path: join(shotDir, `fallback-${route.replaceAll('/', '-') || 'home'}syr.png`), fullPage: true });
}
await finish();
