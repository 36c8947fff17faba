// Valid HTML: every page a visitor can reach (crawled from the home page and
// the sitemap), the consultation form as it comes back with errors, and the
// thank-you page, saved exactly as the server sent them and checked by the
// Nu HTML Checker, and every page of a static export (`hearth build`) when
// one is given. Exits 1 if it reports any error.
//
//   node vnu.mjs http://127.0.0.1:PORT [OUT_DIR [EXPORT_DIR [SIGN_IN_LINK]]]
//
// With an unused staff sign-in link, the staff pages are checked too.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { baseUrl, crawl, fileName } from './lib.mjs';

const base = baseUrl();
const out = process.argv[3] || join(tmpdir(), `hearth-vnu-${process.pid}`);
const exported = process.argv[4];
const signInLink = process.argv[5];
const exportedPages = exported
  ? readdirSync(exported, { recursive: true }).filter((name) => name.endsWith('.html')).length
  : 0;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const started = Date.now();
const pages = await crawl(base);
pages.push(await formWithErrors(base), await thanks(base), ...(await booking(base)));
if (signInLink) pages.push(...(await staff(base, signInLink)));

const files = new Map();
for (const page of pages) {
  const file = join(out, `${fileName(page.path)}.html`);
  writeFileSync(file, page.html);
  files.set(basename(file), page.path);
}

const jar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', out, ...(exported ? [exported] : [])], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (run.error || run.stderr === '') {
  console.error(`vnu: could not run java -jar ${jar}: ${run.error || `exit ${run.status}`}`);
  process.exit(2);
}
const messages = JSON.parse(run.stderr).messages.filter((message) => message.type === 'error' || message.subType === 'fatal');
for (const message of messages) {
  const path = files.get(basename(decodeURIComponent(new URL(message.url).pathname))) || message.url;
  console.log(`vnu: ${path}:${message.lastLine ?? '?'}:${message.firstColumn ?? '?'}: ${message.message}`);
  if (message.extract) console.log(`      ${message.extract.replace(/\n/g, ' ')}`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const fromExport = exported ? ` and ${exportedPages} pages of the static export in ${exported}` : '';
console.log(`vnu: ${pages.length} pages served${fromExport} checked, ${messages.length} errors (${seconds} s); HTML saved in ${out}`);
process.exit(messages.length === 0 ? 0 : 1);

/** The consultation form sent empty: the page that lists every error. */
async function formWithErrors(base) {
  const form = await (await fetch(`${base}/consultation`)).text();
  const body = new URLSearchParams();
  for (const name of ['submission_id', 'issued_at', 'token']) {
    const value = form.match(new RegExp(`name="${name}" value="([^"]*)"`));
    body.set(name, value ? value[1] : '');
  }
  const response = await fetch(`${base}/consultation`, {
    method: 'POST',
    body,
    headers: { 'sec-fetch-site': 'same-origin' },
    redirect: 'manual',
  });
  if (response.status !== 422) throw new Error(`an empty form got ${response.status}, not 422`);
  return { path: '/consultation (with errors)', status: response.status, html: await response.text() };
}

/**
 * A call booked at the first free time, and the pages it leads to: the
 * confirmation, picking another time, cancelling (asked, then done), and a
 * used link.
 */
async function booking(base) {
  const form = await (await fetch(`${base}/consultation`)).text();
  const body = new URLSearchParams();
  for (const name of ['submission_id', 'issued_at', 'token']) {
    const value = form.match(new RegExp(`name="${name}" value="([^"]*)"`));
    body.set(name, value ? value[1] : '');
  }
  const slot = form.match(/name="slot" value="([^"]*)"/);
  if (!slot || slot[1] === 'call-back') throw new Error('the form offers no time to book');
  const fields = {
    slot: slot[1],
    name: 'Nu Checker',
    phone: '(510) 555-0198',
    contact_preference: 'phone',
    format: 'either',
    state: 'CA',
    who_for: 'individual',
    consent: 'yes',
  };
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  const sent = await fetch(`${base}/consultation`, {
    method: 'POST',
    body,
    headers: { 'sec-fetch-site': 'same-origin' },
    redirect: 'manual',
  });
  if (sent.status !== 303) throw new Error(`a booking got ${sent.status}, not 303`);
  const page = async (path, name) => {
    const response = await fetch(`${base}${path}`);
    return { path: name, status: response.status, html: await response.text() };
  };
  const booked = await page(sent.headers.get('location'), '/consultation/booked');
  const link = (label) => {
    const found = booked.html.match(new RegExp(`<a href="([^"]*)">${label}</a>`));
    if (!found) throw new Error(`the booked page has no "${label}" link`);
    return found[1].replaceAll('&#38;', '&').replaceAll('&amp;', '&');
  };
  const reschedule = await page(link('Pick another time'), '/consultation/reschedule');
  const cancelLink = link('Cancel the call');
  const cancel = await page(cancelLink, '/consultation/cancel');
  const done = await fetch(`${base}/consultation/cancel`, {
    method: 'POST',
    body: new URLSearchParams({ ref: cancelLink.split('ref=')[1] }),
    headers: { 'sec-fetch-site': 'same-origin' },
    redirect: 'manual',
  });
  if (done.status !== 303) throw new Error(`a cancellation got ${done.status}, not 303`);
  const cancelled = await page(done.headers.get('location'), '/consultation/cancel (done)');
  const used = await page(cancelLink, '/consultation/cancel (used link)');
  if (used.status !== 410) throw new Error(`a used cancel link got ${used.status}, not 410`);
  return [booked, reschedule, cancel, cancelled, used];
}

/**
 * The staff pages: the sign-in form, empty and sent, the link's button,
 * the home it signs in to, the editor (a refused save, a refused photo),
 * a file's history after a save, the editor after a restore, and the link
 * once used.
 */
async function staff(base, link) {
  const fetched = async (path, name, expected, init = {}) => {
    const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, { redirect: 'manual', ...init });
    if (response.status !== expected) throw new Error(`${name} got ${response.status}, not ${expected}`);
    return { path: name, status: response.status, html: await response.text(), response };
  };
  const posted = (body, headers = {}) => ({
    method: 'POST',
    body: new URLSearchParams(body),
    headers: { 'sec-fetch-site': 'same-origin', ...headers },
  });
  const pages = [
    await fetched('/staff/sign-in', '/staff/sign-in', 200),
    await fetched('/staff/sign-in', '/staff/sign-in (with errors)', 422, posted({ email: '' })),
    await fetched('/staff/sign-in', '/staff/sign-in (sent)', 200, posted({ email: 'vnu@example.org' })),
    await fetched(link, '/staff/sign-in/LINK', 200),
  ];
  const signedIn = await fetched(link, '/staff/sign-in/LINK (pressed)', 303, posted({}));
  const cookie = signedIn.response.headers.get('set-cookie').split(';')[0];
  const home = await fetched('/staff/', '/staff/', 200, { headers: { cookie } });
  pages.push(home);
  const editPath = home.html.match(/href="(\/staff\/edit\/posts\/[^"]+)"/)[1];
  const editor = await fetched(editPath, '/staff/edit/POST', 200, { headers: { cookie } });
  pages.push(editor);
  // A save the site refuses (a date that is none): the page with its problems; nothing is written.
  const token = editor.html.match(/name="token" value="([^"]*)"/)[1];
  const revision = editor.html.match(/name="revision" value="([^"]*)"/)[1];
  pages.push(await fetched(editPath, '/staff/edit/POST (refused)', 422, posted({ token, revision, date: 'not a date', action: 'save' }, { cookie })));
  // The home searched, a new file's form and one refused, and the preview
  // of a change, then of one with problems.
  pages.push(await fetched('/staff/?q=grief', '/staff/?q=grief', 200, { headers: { cookie } }));
  pages.push(await fetched('/staff/new', '/staff/new', 200, posted({ token, kind: 'therapist', title: 'Nu Checker' }, { cookie })));
  pages.push(await fetched('/staff/new', '/staff/new (refused)', 422, posted({ token, kind: 'page', title: '' }, { cookie })));
  const previewPath = editPath.replace('/staff/edit/', '/staff/preview/');
  await fetched(editPath, 'preview of /staff/edit/POST', 303, posted({ token, revision, title: 'Previewed', action: 'preview' }, { cookie }));
  pages.push(await fetched(previewPath, '/staff/preview/POST', 200, { headers: { cookie } }));
  await fetched(editPath, 'preview of /staff/edit/POST with problems', 303, posted({ token, revision, date: 'not a date', action: 'preview' }, { cookie }));
  pages.push(await fetched(previewPath, '/staff/preview/POST (problems)', 200, { headers: { cookie } }));
  // "Add the photo" with a photo and no description, as the browser posts it (multipart): refused beside
  // the description's field; nothing is stored.
  const photoForm = new FormData();
  for (const [name, value] of Object.entries({ token, revision, new_photo_alt: '', new_photo_place: 'text', action: 'photo' })) photoForm.append(name, value);
  photoForm.append('new_photo', new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }), 'photo.jpg');
  pages.push(await fetched(editPath, '/staff/edit/POST (photo refused)', 422, { method: 'POST', body: photoForm, headers: { 'sec-fetch-site': 'same-origin', cookie } }));
  // A save, so the history has changes to show, then the version before it restored.
  await fetched(editPath, '/staff/edit/POST (saved)', 303, posted({ token, revision, title: 'Checked by the Nu HTML Checker', action: 'save' }, { cookie }));
  const historyPath = editor.html.match(/href="(\/staff\/history\/[^"]+)"/)[1];
  const history = await fetched(historyPath, '/staff/history/POST', 200, { headers: { cookie } });
  pages.push(history);
  const version = history.html.match(/name="version" value="([^"]*)"/)[1];
  const restored = await fetched(historyPath, '/staff/history/POST (restored)', 303, posted({ token, version }, { cookie }));
  pages.push(await fetched(restored.response.headers.get('location'), '/staff/edit/POST?restored', 200, { headers: { cookie } }));
  pages.push(await fetched(link, '/staff/sign-in/LINK (used)', 410));
  return pages.map(({ path, status, html }) => ({ path, status, html }));
}

async function thanks(base) {
  const response = await fetch(`${base}/consultation/thanks`);
  return { path: '/consultation/thanks', status: response.status, html: await response.text() };
}
