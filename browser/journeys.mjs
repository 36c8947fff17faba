// What a visitor does, in a real browser: from the home page to an article,
// to its author's bio, to "Request a consultation with NAME", then the form
// filled in with the keyboard alone, the first free time picked, and the
// call booked; and a form sent with mistakes,
// which must come back with every error shown, focus on the first one and
// everything typed still there. The email that follows is checked by
// tests/browser.rs at the SMTP server it started. Then the top of every
// page: the quick exit first, "In crisis?" within the first stops, Escape
// leaving for good; and no page wider than a 320 px screen with WCAG's
// text-spacing override; and, under forced colours, a status dot that stays
// visible and errors that keep their "Error:" prefix.
//
//   node journeys.mjs http://127.0.0.1:PORT '{"name": …, "email": …, …}'
//
// Prints "journey: ok: …" for each step and ends with a line
// "journey: therapist: SLUG NAME" for the test to check the email against.

import { baseUrl, launch, pageTypes } from './lib.mjs';

const base = baseUrl();
const visitor = JSON.parse(process.argv[3] || '{}');
for (const key of ['name', 'email', 'phone', 'availability', 'message']) {
  if (typeof visitor[key] !== 'string') {
    console.error(`journey: the visitor's ${key} is missing from the second argument`);
    process.exit(2);
  }
}

const started = Date.now();
const browser = await launch();
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, hasTouch: true });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  // The form sent with mistakes is answered 422 on purpose; Chromium logs that.
  const expected = /status of 422 \(Unprocessable Entity\)/;
  page.on('console', (message) => message.type() === 'error' && !expected.test(message.text()) && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));

  const therapist = await toTheForm(page);
  await topOfThePage(page);
  await fillWithKeyboard(page, therapist);
  await sendWithMistakes(page);
  await escapeLeaves(context);
  await narrowWithTextSpacing();
  await forcedColours();

  if (errors.length > 0) throw new Error(`the browser reported errors:\n  ${errors.join('\n  ')}`);
  console.log(`journey: therapist: ${therapist.slug} ${therapist.name}`);
} catch (error) {
  failed = true;
  console.log(`journey: FAILED: ${error.message}`);
} finally {
  await browser.close();
}
console.log(`journey: ${failed ? 'failed' : 'passed'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed ? 1 : 0);

function ok(step) {
  console.log(`journey: ok: ${step}`);
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Home → the first article → its author → "Request a consultation with NAME". */
async function toTheForm(page) {
  await page.goto(`${base}/`);
  const article = page.locator('.post-card h2 a, .post-card h3 a').first();
  const title = (await article.textContent()).trim();
  await Promise.all([page.waitForURL(/\/blog\/[a-z0-9-]+$/), article.click()]);
  expect((await page.locator('h1').textContent()).trim() === title, `the article's heading is not "${title}"`);
  ok(`home → article "${title}"`);

  const bio = page.getByRole('link', { name: /^Read .+’s bio$/ });
  const name = (await bio.textContent()).replace(/^Read /, '').replace(/’s bio$/, '');
  await Promise.all([page.waitForURL(/\/therapists\/[a-z0-9-]+$/), bio.click()]);
  const slug = new URL(page.url()).pathname.split('/').pop();
  expect((await page.locator('h1').textContent()).startsWith(name), `the bio's heading does not start with ${name}`);
  ok(`article → ${name}'s bio`);

  const request = page.getByRole('link', { name: `Request a consultation with ${name}` });
  await Promise.all([page.waitForURL(`${base}/consultation?therapist=${slug}`), request.click()]);
  expect((await page.locator('#therapist').inputValue()) === slug, `the form does not have ${name} chosen`);
  ok(`bio → "Request a consultation with ${name}": the form opens with ${name} chosen`);
  return { slug, name };
}

/**
 * The first Tab reaches the quick exit when the site has one; within the
 * first four, "In crisis? Call or text 988" and "Skip to main content",
 * whose Enter takes focus into the page's main part.
 */
async function topOfThePage(page) {
  const stops = [];
  for (let press = 0; press < 4; press++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page, (el) => ({ text: el.textContent.trim(), href: el.getAttribute('href'), className: el.className })));
  }
  const hasQuickExit = (await page.locator('a.quick-exit').count()) > 0;
  if (hasQuickExit) {
    expect(stops[0].className === 'quick-exit', `the first Tab reaches "${stops[0].text}", not the quick exit`);
    expect(await page.locator('a.quick-exit').isVisible(), 'the quick exit is not visible');
  }
  const crisis = stops.findIndex((stop) => stop.href === '#crisis');
  expect(crisis >= 0, `"In crisis?" is not within the first four Tabs: ${JSON.stringify(stops)}`);
  const skip = stops.findIndex((stop) => stop.text === 'Skip to main content');
  expect(skip >= 0, 'the skip link is not within the first four Tabs');
  ok(`the first Tabs reach ${stops.map((stop) => `"${stop.text}"`).join(', ')}`);

  for (let press = 0; press < 3 - skip; press++) await page.keyboard.press('Shift+Tab');
  expect(await focused(page, (el) => el.textContent.trim()) === 'Skip to main content', 'Shift+Tab does not come back to the skip link');
  expect(await page.locator('.skip-link').isVisible(), 'the skip link is not visible when focused');
  await page.keyboard.press('Enter');
  expect(await focused(page, (el) => el.id) === 'main', 'the skip link does not move focus to the main content');
  ok('"Skip to main content" shows when focused, and Enter moves focus to the main content');
}

/**
 * Escape on any page leaves for the quick exit's address, replacing the
 * page in history: Back goes to where the visitor was before the site.
 * The address is answered by the test itself (this machine has no internet).
 */
async function escapeLeaves(context) {
  const home = await (await fetch(`${base}/`)).text();
  const found = home.match(/<a class="quick-exit" href="([^"]+)" rel="noreferrer">/);
  if (!found) {
    ok('the site has no quick exit: nothing to leave with');
    return;
  }
  const destination = found[1];
  const page = await context.newPage();
  await page.route((url) => url.href.startsWith(destination), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Elsewhere</title><p>Elsewhere</p>' }));
  await page.goto('about:blank');
  await page.goto(`${base}/blog`);
  await Promise.all([page.waitForURL(destination), page.keyboard.press('Escape')]);
  await page.goBack();
  expect(!page.url().startsWith(base), `Back after Escape returned to ${page.url()}`);
  ok(`Escape leaves for ${destination}, and Back does not return to the site (${page.url()})`);

  await page.goto(`${base}/es/`);
  await Promise.all([page.waitForURL(destination), page.getByRole('link', { name: 'Salir rápido de este sitio' }).click()]);
  ok('the Spanish "Salir rápido de este sitio" leaves too');
  await page.close();
}

/**
 * Under forced colours (Windows high contrast), the availability dot keeps
 * a colour of its own and a form error keeps its visible "Error:" prefix.
 */
async function forcedColours() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, forcedColors: 'active' });
  const page = await context.newPage();
  await page.goto(`${base}/therapists`);
  // The dot must differ from what it sits on: forced colours paint
  // backgrounds with the system's Canvas colour, which would hide it.
  const [dot, behind] = await page.locator('.status').first().evaluate((el) => [getComputedStyle(el, '::before').backgroundColor, getComputedStyle(document.body).backgroundColor]);
  expect(!/rgba\(0, 0, 0, 0\)|transparent/.test(dot) && dot !== behind, `the status dot is invisible under forced colours (${dot} on ${behind})`);
  await page.goto(`${base}/consultation`);
  await Promise.all([page.waitForURL(`${base}/consultation`), page.getByRole('button', { name: 'Send my request' }).click()]);
  const prefix = page.locator('.field-error .error-prefix').first();
  expect(await prefix.isVisible(), 'the "Error:" prefix is not visible under forced colours');
  await context.close();
  ok(`under forced colours the status dot keeps its colour (${dot}) and errors show "Error:"`);
}

/**
 * At 320 px, with the text spacing WCAG 1.4.12 asks pages to survive (line
 * height 1.5, paragraphs 2em apart, letters .12em, words .16em), no page
 * of either language is wider than the screen. The override is a style
 * sheet the page's own policy would refuse, hence bypassCSP.
 */
async function narrowWithTextSpacing() {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true });
  const page = await context.newPage();
  const wide = [];
  const types = await pageTypes(base);
  for (const { type, path } of types) {
    await page.goto(base + path);
    await page.addStyleTag({ content: '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; } p { margin-bottom: 2em !important; }' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${type} (${path}): ${width} px`);
  }
  await context.close();
  expect(wide.length === 0, `wider than 320 px with the text-spacing override:\n  ${wide.join('\n  ')}`);
  ok(`none of ${types.length} pages is wider than 320 px with the text-spacing override`);
}

/**
 * From the main content, Tab to the first field, then every field in order
 * with Tab, typing, Space for choices, type-ahead in lists and Enter to send.
 * Each Tab must land on the field a sighted keyboard user expects next.
 */
async function fillWithKeyboard(page, therapist) {
  let presses = 0;
  // The free times come first: Tab reaches the group, Space picks the
  // first time, and one more Tab leaves the group for "Your name".
  while ((await focused(page, (el) => el.name)) !== 'slot') {
    expect(++presses <= 30, 'thirty presses of Tab did not reach the free times');
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Space');
  const slot = await focused(page, (el) => el.value);
  const label = await focused(page, (el) => el.labels[0].textContent.trim());
  expect(/^\w+day, \w+ \d+, \d{4}, \d+:\d\d\s[AP]M Pacific Time$/.test(label), `the first time reads "${label}", without its day and zone`);
  await tab(page, 'name');
  await page.keyboard.type(visitor.name);
  await tab(page, 'email');
  await page.keyboard.type(visitor.email);
  await tab(page, 'phone');
  await page.keyboard.type(visitor.phone);
  await tab(page, 'contact_preference-phone');
  await page.keyboard.press('Space');
  await tab(page, 'voicemail_ok');
  await page.keyboard.press('Space');
  await tab(page, 'service');
  await tab(page, 'session_language');
  await tab(page, 'therapist');
  await tab(page, 'format-either');
  await page.keyboard.press('Space');
  await tab(page, 'state');
  await page.keyboard.type('Cal');
  await tab(page, 'who_for-individual');
  await page.keyboard.press('Space');
  await tab(page, 'availability');
  await page.keyboard.type(visitor.availability);
  await tab(page, 'message');
  const [first, ...rest] = visitor.message.split('\n');
  await page.keyboard.type(first);
  for (const line of rest) {
    await page.keyboard.press('Enter');
    await page.keyboard.type(line);
  }
  await tab(page, 'consent');
  await page.keyboard.press('Space');

  const values = await page.evaluate(() => {
    const form = new FormData(document.querySelector('form.consultation-form'));
    return Object.fromEntries([...form.entries()].filter(([key]) => !['submission_id', 'issued_at', 'token'].includes(key)));
  });
  const expected = {
    website: '',
    slot,
    name: visitor.name,
    email: visitor.email,
    phone: visitor.phone,
    contact_preference: 'phone',
    voicemail_ok: 'yes',
    service: '',
    session_language: '',
    therapist: therapist.slug,
    format: 'either',
    state: 'CA',
    who_for: 'individual',
    availability: visitor.availability,
    message: visitor.message,
    consent: 'yes',
  };
  expect(JSON.stringify(values) === JSON.stringify(expected), `the form holds ${JSON.stringify(values)}, not ${JSON.stringify(expected)}`);
  ok(`every field filled with Tab, typing, Space and type-ahead (${presses} Tabs to reach the first field)`);

  // Past the privacy notice's link to the button, and Enter sends.
  await page.keyboard.press('Tab');
  expect(await focused(page, (el) => el.getAttribute('href')) === '/privacy', 'Tab after the consent box does not reach the privacy link');
  await page.keyboard.press('Tab');
  expect(await focused(page, (el) => el.textContent.trim()) === 'Send my request', 'Tab does not reach "Send my request"');
  await Promise.all([page.waitForURL((url) => url.pathname === '/consultation/booked'), page.keyboard.press('Enter')]);
  expect((await page.locator('h1').textContent()) === 'Your call is booked', 'the booked page does not say the call is booked');
  const time = label.replace(/\s/g, ' ');
  expect((await page.locator('main').textContent()).replace(/\s/g, ' ').includes(time), `the booked page does not say "${time}"`);
  ok(`Enter on "Send my request" books ${time} and says so`);
  console.log(`journey: booked: ${slot}`);
}

/** A name and a mistyped email, sent with Enter from the email field. */
async function sendWithMistakes(page) {
  await page.goto(`${base}/consultation`);
  await page.locator('#name').focus();
  await page.keyboard.type(visitor.name);
  await tab(page, 'email');
  await page.keyboard.type('not-an-email');
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
  expect(response.status() === 422, `the form with mistakes got ${response.status()}, not 422`);

  const summary = page.locator('.error-summary');
  await summary.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
  expect(await summary.isVisible(), 'no error summary after sending a form with mistakes');
  const links = await summary.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href').slice(1)));
  expect(links.length >= 2, `the summary lists ${links.length} errors`);
  for (const id of links) {
    const field = page.locator(`#${id}`);
    expect((await field.count()) === 1, `the summary links to #${id}, which is not on the page`);
    expect((await field.getAttribute('aria-invalid')) === 'true', `#${id} is listed as wrong but not marked aria-invalid`);
    const described = (await field.getAttribute('aria-describedby')) || (await field.evaluate((el) => el.closest('fieldset')?.getAttribute('aria-describedby') || ''));
    expect(described.split(' ').includes(`${id.replace(/-.*/, '')}-error`), `#${id}'s error message is not tied to it with aria-describedby`);
  }
  // The time is the form's first question, then the mistyped email.
  expect(links[0].startsWith('slot-'), `the first error is #${links[0]}, not the time for the call`);
  expect(links[1] === 'email', `the second error is #${links[1]}, not the mistyped email`);
  // Focus goes to the summary itself, so it is read out and seen, not
  // to a field below it with the summary above the screen.
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'), null, { timeout: 3000 }).catch(() => {});
  const focus = await focused(page, (el) => el.className);
  expect(focus === 'error-summary', `focus is on "${focus || 'nothing'}", not the error summary`);
  const top = await summary.evaluate((el) => el.getBoundingClientRect().top);
  const height = await page.evaluate(() => window.innerHeight);
  expect(top >= 0 && top < height, `the focused error summary is off the screen (top ${top} px of ${height})`);
  const title = await page.title();
  expect(/^Error: \d+ things? to check – /.test(title), `the title does not say there are errors: "${title}"`);
  expect((await page.locator('#name').inputValue()) === visitor.name, 'the name typed before sending is gone');
  expect((await page.locator('#email').inputValue()) === 'not-an-email', 'the mistyped email is gone');
  expect(await page.locator('#email-error').isVisible(), "the email's error is not shown beside it");
  ok(`a form with mistakes comes back with ${links.length} errors listed, focus on their summary, "${title}" as its title, and what was typed kept`);

  // The summary's links take the keyboard to each field.
  const second = links[1];
  await summary.locator(`a[href="#${second}"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.activeElement?.id === id || document.activeElement?.name === id.replace(/-.*/, ''), second, { timeout: 3000 }).catch(() => {});
  const after = await focused(page, (el) => el.id);
  expect(after.replace(/-.*/, '') === second.replace(/-.*/, ''), `Enter on the summary's link to #${second} left focus on "${after}"`);
  ok(`Enter on an error in the summary moves focus to that field (#${after})`);
}

async function tab(page, id) {
  await page.keyboard.press('Tab');
  const now = await focused(page, (el) => el.id);
  expect(now === id, `Tab went to "${now}", not "${id}"`);
}

function focused(page, read) {
  return page.evaluate(`(${read.toString()})(document.activeElement)`);
}
