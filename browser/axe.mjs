// Accessibility: axe-core's WCAG 2.0, 2.1 and 2.2 level A and AA rules on
// every kind of page, at a phone's width and a laptop's, in one browser.
// Prints one line per page and width, every violation with the elements it
// found, and exits 1 if there is any.
//
//   node axe.mjs http://127.0.0.1:PORT

import AxeBuilder from '@axe-core/playwright';
import { WIDTHS, baseUrl, launch, pageTypes } from './lib.mjs';
import { fillValidForm } from './form.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const base = baseUrl();
const started = Date.now();
const types = await pageTypes(base);
const browser = await launch();
let total = 0;
const perType = new Map();

try {
  for (const size of WIDTHS) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    for (const { type, path } of types) {
      await page.goto(base + path);
      await check(page, type, size.name);
    }

    // The form as it comes back with errors: sent empty.
    await page.goto(`${base}/consultation`);
    await Promise.all([page.waitForURL(`${base}/consultation`), page.getByRole('button', { name: 'Send my request' }).click()]);
    if (!(await page.locator('.error-summary').isVisible())) throw new Error('the empty form came back without errors');
    await check(page, 'consultation with errors', size.name);

    // The thank-you page, reached by sending the form.
    await page.goto(`${base}/consultation`);
    await fillValidForm(page, { name: `Axe ${size.name}`, email: `axe-${size.name}@example.org` });
    await Promise.all([page.waitForURL(`${base}/consultation/thanks`), page.getByRole('button', { name: 'Send my request' }).click()]);
    await check(page, 'thanks', size.name);

    await context.close();
  }
} finally {
  await browser.close();
}

console.log('axe: violations per page type (phone, desktop):');
for (const [type, counts] of perType) {
  console.log(`axe:   ${type.padEnd(26)} ${counts.join(', ')}`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`axe: ${perType.size} page types at ${WIDTHS.map((w) => `${w.width} px`).join(' and ')}, ${total} violations (${seconds} s)`);
process.exit(total === 0 ? 0 : 1);

async function check(page, type, width) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const count = results.violations.reduce((sum, violation) => sum + violation.nodes.length, 0);
  total += count;
  if (!perType.has(type)) perType.set(type, []);
  perType.get(type).push(count);
  for (const violation of results.violations) {
    console.log(`axe: ${type} (${width}, ${new URL(page.url()).pathname}): ${violation.id} [${violation.impact}] ${violation.help}`);
    for (const node of violation.nodes) {
      console.log(`      ${node.target.join(' ')}: ${node.failureSummary.replace(/\n/g, ' ')}`);
    }
  }
}
