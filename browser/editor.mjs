// What an editor does, in a real browser: signs in through the link the
// test's SMTP server received, opens an article, changes its title and
// text, previews the change in a tab of its own (which follows the form as
// the editor types), saves it and sees the live page change; adds a photo
// from the computer into the text and sees it live; a save with a broken
// field, refused with the message beside that field; and, from the file's
// history, the version from before all this restored and live again.
// tests/browser.rs checks the file on disk after each step it names.
//
//   node editor.mjs http://127.0.0.1:PORT SIGN_IN_LINK PHOTO.jpg
//
// Prints "editor: ok: …" for each step.

import { baseUrl, launch } from './lib.mjs';

const base = baseUrl();
const link = process.argv[3];
if (!link || !link.startsWith(base) || !process.argv[4]) {
  console.error('editor: the arguments are an unused sign-in link of this server and a photo to upload');
  process.exit(2);
}

const TITLE = 'Grief keeps its own time';
const ORIGINAL_TITLE = 'Grief has no timeline';
const PHOTO = process.argv[4];
const PHOTO_ALT = 'Rain on a window at dusk';
const PARAGRAPH = 'A paragraph written in the browser.';
const started = Date.now();
const browser = await launch();
let failed = false;
const ok = (step) => console.log(`editor: ok: ${step}`);
const errors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  // The refused save is answered 422 on purpose; Chromium logs that.
  const expected = /status of 422 \(Unprocessable Entity\)/;
  page.on('console', (message) => message.type() === 'error' && !expected.test(message.text()) && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(link);
  await Promise.all([page.waitForURL(`${base}/staff/`), page.getByRole('button', { name: 'Sign in' }).click()]);
  ok('signed in through the emailed link');

  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith('/staff/edit/posts/')),
    page.getByRole('link', { name: /^Edit Grief has no timeline$/ }).click(),
  ]);
  const editor = page.url();
  await page.getByLabel('title', { exact: true }).fill(TITLE);
  const body = page.getByLabel('Text', { exact: true });
  await body.fill(`${PARAGRAPH}\n\n${await body.inputValue()}`);
  ok('changed the title and the text');

  const [preview] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: /^Preview/ }).click()]);
  preview.on('console', (message) => message.type() === 'error' && errors.push(`preview: ${message.text()}`));
  preview.on('pageerror', (error) => errors.push(`preview: ${error.message}`));
  preview.on('response', (response) => response.status() >= 400 && errors.push(`preview: ${response.status()} ${response.url()}`));
  page.on('response', (response) => response.status() >= 400 && response.status() !== 422 && errors.push(`editor: ${response.status()} ${response.url()}`));
  await preview.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await preview.getByText(PARAGRAPH).waitFor();
  await preview.getByText('Preview of your unsaved change').waitFor();
  ok('the preview shows the change');
  // Typing on: the preview tab follows without a click.
  await page.getByLabel('title', { exact: true }).fill(`${TITLE}, always`);
  await preview.getByRole('heading', { name: `${TITLE}, always`, level: 1 }).waitFor();
  ok('the preview followed the typing');
  await page.getByLabel('title', { exact: true }).fill(TITLE);
  await preview.close();

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved. The live site shows it now.').waitFor();
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/blog/')), page.getByRole('link', { name: 'See it on the site' }).click()]);
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await page.getByText(PARAGRAPH).waitFor();
  const live = page.url();
  console.log(`editor: saved: ${new URL(live).pathname}`);
  ok('saved, and the live page changed');

  // A photo, chosen from the computer, into the text; live once saved.
  await page.goto(editor);
  await page.getByLabel('Photo', { exact: true }).setInputFiles(PHOTO);
  await page.getByLabel('What the photo shows, for someone who cannot see it').fill(PHOTO_ALT);
  // The row's label covers its radio button, as on a phone: press the words.
  await page.getByText(/^In the text/).click();
  await page.getByRole('button', { name: 'Add the photo' }).click();
  await page.getByText('The photo is added. Save to publish it.').waitFor();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved. The live site shows it now.').waitFor();
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/blog/')), page.getByRole('link', { name: 'See it on the site' }).click()]);
  const shown = page.getByRole('img', { name: PHOTO_ALT });
  await shown.waitFor();
  // Pictures in the text load as they come into view.
  await shown.scrollIntoViewIfNeeded();
  await page.waitForFunction((image) => image.complete && image.naturalWidth > 0, await shown.elementHandle());
  ok('a photo was added to the text and shown on the live page');

  await page.goto(editor);
  await page.getByLabel('image', { exact: true }).fill('/static/img/nowhere.jpg');
  await page.getByLabel('image_alt', { exact: true }).fill('A window with rain on it');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Nothing was saved').waitFor();
  const field = page.locator('.field-invalid', { has: page.locator('input[name="image"]') });
  const message = (await field.locator('.field-error').allTextContents()).join(' ');
  if (!/nowhere\.jpg/.test(message)) throw new Error(`the image field's message does not name the file: "${message}"`);
  const invalid = await page.locator('input[name="image"]').getAttribute('aria-invalid');
  if (invalid !== 'true') throw new Error('the refused field is not marked invalid');
  if ((await page.getByLabel('title', { exact: true }).inputValue()) !== TITLE) throw new Error('the refused form lost the title');
  ok('a broken field was refused beside it');

  // The file's history: the version from before this journey, restored
  // through the same checks, and live again.
  await page.goto(editor);
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/staff/history/')), page.getByRole('link', { name: 'Earlier versions of this file' }).click()]);
  const first = page.locator('section.staff-version', { hasText: 'The file as it was when Hearth began keeping versions.' });
  await first.getByRole('button', { name: 'Restore this version' }).click();
  await page.getByText('The earlier version is restored. The live site shows it now.').waitFor();
  if ((await page.getByLabel('title', { exact: true }).inputValue()) !== ORIGINAL_TITLE) throw new Error('the restored form does not hold the original title');
  await page.goto(live);
  await page.getByRole('heading', { name: ORIGINAL_TITLE, level: 1 }).waitFor();
  if (await page.getByText(PARAGRAPH).count()) throw new Error('the live page still shows the text written in the browser');
  ok('an earlier version was restored and is live');

  if (errors.length > 0) throw new Error(`the browser reported errors:\n  ${errors.join('\n  ')}`);
} catch (error) {
  failed = true;
  console.log(`editor: FAILED: ${error.message}`);
  for (const reported of errors) console.log(`editor: the browser said: ${reported}`);
} finally {
  await browser.close();
}
console.log(`editor: ${failed ? 'failed' : 'passed'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed ? 1 : 0);
