// Screenshots of the home page, an article, a therapist and the consultation
// form, at a phone's width and a desktop's, for people to look at (and for
// the README: docs/screenshots/home-desktop.png and home-phone.png are
// copies of two of these).
//
//   node screenshots.mjs http://127.0.0.1:PORT OUT_DIR

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { baseUrl, launch, pageTypes } from './lib.mjs';

const base = baseUrl();
const out = resolve(process.argv[3] || 'screenshots');
mkdirSync(out, { recursive: true });

const types = await pageTypes(base);
const path = (type) => types.find((page) => page.type === type).path;
const pages = [
  { name: 'home', path: '/' },
  { name: 'post', path: path('post') },
  { name: 'therapist', path: path('therapist') },
  // The whole form, not just its first screen.
  { name: 'form', path: '/consultation', fullPage: true },
];
// A phone as people hold it, and a desktop tall enough to show a page's first sections.
const sizes = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 1400 },
];

const started = Date.now();
const browser = await launch();
const written = [];
try {
  for (const size of sizes) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const page = await context.newPage();
    for (const shot of pages) {
      await page.goto(base + shot.path);
      const file = join(out, `${shot.name}-${size.name}.png`);
      await page.screenshot({ path: file, fullPage: Boolean(shot.fullPage) });
      written.push(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
for (const file of written) console.log(`screenshots: ${file}`);
console.log(`screenshots: ${written.length} written to ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
