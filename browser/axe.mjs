// Accessibility: axe-core's WCAG 2.0, 2.1 and 2.2 level A and AA rules on
// every kind of page, at a phone's width and a laptop's, in one browser.
// Prints one line per page and width, every violation with the elements it
// found, and exits 1 if there is any.
//
// axe cannot judge the contrast of text on a gradient (the home page's hero
// fades between two background colours) and leaves it "to review". This
// script reviews it: the text's colour against every colour the gradient
// passes through must meet the same WCAG AA ratio, and a shortfall counts
// as a violation. What neither can judge is listed as needing review.
//
//   node axe.mjs http://127.0.0.1:PORT [SIGN_IN_LINK SIGN_IN_LINK]
//
// With two unused staff sign-in links (one per width), the staff pages are
// checked too, signing in through the link's button.

import AxeBuilder from '@axe-core/playwright';
import { WIDTHS, baseUrl, launch, pageTypes } from './lib.mjs';
import { fillValidForm } from './form.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const base = baseUrl();
const signInLinks = process.argv.slice(3);
const started = Date.now();
const types = await pageTypes(base);
const browser = await launch();
let total = 0;
let reviewed = 0;
let unreviewed = 0;
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

    // The thank-you page, reached by asking for a call back.
    await page.goto(`${base}/consultation`);
    await fillValidForm(page, { name: `Axe ${size.name}`, email: `axe-${size.name}@example.org` });
    await Promise.all([page.waitForURL(`${base}/consultation/thanks`), page.getByRole('button', { name: 'Send my request' }).click()]);
    await check(page, 'thanks', size.name);

    // The booked call's page, reached by booking the first free time.
    await page.goto(`${base}/consultation`);
    await fillValidForm(page, { name: `Axe booking ${size.name}`, email: `axe-booking-${size.name}@example.org`, book: true });
    await Promise.all([page.waitForURL((url) => url.pathname === '/consultation/booked'), page.getByRole('button', { name: 'Send my request' }).click()]);
    await check(page, 'booked', size.name);

    // From there: picking another time, then cancelling, asked and done,
    // and the cancel link once used.
    const booked = page.url();
    await Promise.all([page.waitForURL((url) => url.pathname === '/consultation/reschedule'), page.getByRole('link', { name: 'Pick another time' }).click()]);
    await check(page, 'reschedule', size.name);
    await page.goto(booked);
    await Promise.all([page.waitForURL((url) => url.pathname === '/consultation/cancel'), page.getByRole('link', { name: 'Cancel the call' }).click()]);
    const cancelLink = page.url();
    await check(page, 'cancel', size.name);
    await Promise.all([page.waitForURL((url) => url.search === '?cancelled=1'), page.getByRole('button', { name: 'Cancel the call' }).click()]);
    await check(page, 'cancelled', size.name);
    await page.goto(cancelLink);
    await check(page, 'used link', size.name);

    const link = signInLinks[WIDTHS.indexOf(size)];
    if (link) await staffPages(page, link, size.name);

    await context.close();
  }
} finally {
  await browser.close();
}

console.log('axe: violations per page type (phone, desktop):');
for (const [type, counts] of perType) {
  console.log(`axe:   ${type.padEnd(26)} ${counts.join(', ')}`);
}
console.log(`axe: ${reviewed} texts on gradients reviewed here (text colour against every colour of the gradient); ${unreviewed} left for a person to review`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`axe: ${perType.size} page types at ${WIDTHS.map((w) => `${w.width} px`).join(' and ')}, ${total} violations (${seconds} s)`);
process.exit(total === 0 ? 0 : 1);

/**
 * The staff pages: asking for a link (empty, then sent), the emailed
 * link's button, the home it signs in to, the editor (refused, saved), a
 * file's history and a restore, signing out, and the used link.
 */
async function staffPages(page, link, width) {
  await page.goto(`${base}/staff/sign-in`);
  await check(page, 'staff sign-in', width);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  if (!(await page.locator('.field-error').isVisible())) throw new Error('the empty sign-in came back without its error');
  await check(page, 'staff sign-in with errors', width);
  await page.getByLabel('Your email address').fill(`axe-${width}@example.org`);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await check(page, 'staff link sent', width);
  await page.goto(link);
  await check(page, 'staff link', width);
  await Promise.all([page.waitForURL(`${base}/staff/`), page.getByRole('button', { name: 'Sign in' }).click()]);
  await check(page, 'staff home', width);
  await page.getByLabel('Find a file by its title or file name').fill('grief');
  await Promise.all([page.waitForURL((url) => url.search === '?q=grief'), page.getByRole('button', { name: 'Find', exact: true }).click()]);
  await check(page, 'staff home searched', width);
  // Starting a file: refused without a title, then the new file's form.
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByText('The title needs letters or digits').waitFor();
  await check(page, 'staff new refused', width);
  await page.locator('#new-title').fill(`Axe at ${width}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByText('This file is new and not saved yet').waitFor();
  await check(page, 'staff new', width);
  // The editor, its preview in a tab of its own, and a save it refuses
  // (a picture that does not exist), which writes nothing.
  await page.goto(`${base}/staff/`);
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/staff/edit/')), page.getByRole('link', { name: /^Edit Grief has no timeline$/ }).click()]);
  const editor = page.url();
  await check(page, 'staff edit', width);
  await page.getByLabel('title', { exact: true }).fill('Grief, previewed');
  // The form sends a change a moment after typing, and that reloads an open
  // preview: it goes first, so no reload cuts into the preview's check.
  await sentAsTyped(page);
  const [preview] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: /^Preview/ }).click()]);
  await preview.getByRole('heading', { name: 'Grief, previewed', level: 1 }).waitFor();
  await check(preview, 'staff preview', width);
  // The open preview follows the typing; pressing Preview again would reload it once more, mid-check.
  await page.getByLabel('image', { exact: true }).fill('/static/img/nowhere.jpg');
  await sentAsTyped(page);
  await preview.getByText('The preview cannot be shown yet').waitFor();
  await check(preview, 'staff preview with problems', width);
  await preview.close();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Nothing was saved').waitFor();
  await check(page, 'staff edit refused', width);
  // "Add the photo" without a photo: refused beside the photo's field, nothing stored.
  await page.getByRole('button', { name: 'Add the photo' }).click();
  await page.getByText('The photo was not added').waitFor();
  await check(page, 'staff edit photo refused', width);
  // A save, so the history has changes to show, then the version before it
  // restored, so the site is as it was for the next width.
  await page.goto(editor);
  const title = page.getByLabel('title', { exact: true });
  await title.fill(`${await title.inputValue()} (${width})`);
  await Promise.all([page.waitForURL((url) => url.search === '?saved'), page.getByRole('button', { name: 'Save' }).click()]);
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/staff/history/')), page.getByRole('link', { name: 'Earlier versions of this file' }).click()]);
  await check(page, 'staff history', width);
  await Promise.all([page.waitForURL((url) => url.search === '?restored'), page.getByRole('button', { name: 'Restore this version' }).first().click()]);
  await check(page, 'staff edit restored', width);
  await page.goto(`${base}/staff/`);
  await Promise.all([page.waitForURL(`${base}/staff/sign-in?signed-out`), page.getByRole('button', { name: 'Sign out' }).click()]);
  await check(page, 'staff signed out', width);
  await page.goto(link);
  await check(page, 'staff used link', width);
}

/** Waits for the editor's script to send what was just typed (see src/web/staff_editor.js). */
async function sentAsTyped(page) {
  await page.waitForResponse((response) => response.request().headers()['x-hearth-live'] === '1');
}

async function check(page, type, width) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  let count = results.violations.reduce((sum, violation) => sum + violation.nodes.length, 0);
  for (const incomplete of results.incomplete) {
    for (const node of incomplete.nodes) {
      const onGradient = incomplete.id === 'color-contrast' && node.any.some((check) => check.data?.messageKey === 'bgGradient');
      const verdict = onGradient && node.target.length === 1 ? await page.evaluate(gradientContrast, node.target[0]) : null;
      if (verdict === null) {
        unreviewed += 1;
        console.log(`axe: ${type} (${width}): to review: ${incomplete.id} ${node.target.join(' ')}: ${node.any.map((check) => check.message).join('; ')}`);
      } else if (verdict.lowest < verdict.needed) {
        count += 1;
        console.log(`axe: ${type} (${width}, ${new URL(page.url()).pathname}): color-contrast on a gradient: ${node.target.join(' ')} has ${verdict.lowest.toFixed(2)}:1, needs ${verdict.needed}:1`);
      } else {
        reviewed += 1;
      }
    }
  }
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

/**
 * Runs in the page: the lowest contrast between an element's text colour and
 * the colours of the gradient behind it (every stop, and points between
 * them), with the ratio WCAG AA needs for its size. Null when it cannot
 * tell: a see-through colour, or no gradient found.
 */
function gradientContrast(selector) {
  const element = document.querySelector(selector);
  if (!element) return null;
  const parse = (text) => text.match(/rgba?\([^)]*\)/g)?.map((colour) => colour.match(/[\d.]+/g).map(Number)) || [];
  const style = getComputedStyle(element);
  const [text] = parse(style.color);
  if (!text || (text.length === 4 && text[3] < 1)) return null;
  let holder = element;
  while (holder && !getComputedStyle(holder).backgroundImage.includes('gradient')) holder = holder.parentElement;
  if (!holder) return null;
  const stops = parse(getComputedStyle(holder).backgroundImage);
  if (stops.length < 2 || stops.some((stop) => stop.length === 4 && stop[3] < 1)) return null;
  const luminance = ([r, g, b]) => {
    const linear = (channel) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  let lowest = Infinity;
  for (let i = 0; i + 1 < stops.length; i += 1) {
    for (let step = 0; step <= 10; step += 1) {
      const mix = stops[i].slice(0, 3).map((channel, c) => channel + ((stops[i + 1][c] - channel) * step) / 10);
      lowest = Math.min(lowest, ratio(text, mix));
    }
  }
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  return { lowest, needed: large ? 3 : 4.5 };
}
