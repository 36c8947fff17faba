// Lighthouse on a phone (its default: a mid-range phone on a slow 4G line,
// simulated): Performance, Accessibility, Best Practices and SEO for the
// home page and an article, one after the other so neither slows the other.
// Prints each score and every audit that cost points; exits 1 if the
// Accessibility, Best Practices or SEO score is under the floor (95).
// Performance is printed and never judged: it is made of timings, which
// follow how busy the machine is (the same page scored 87 and 97 within
// minutes on this machine), and speed targets belong to bench/run, not to
// a test.
//
//   node lighthouse.mjs http://127.0.0.1:PORT [REPORT_DIR]

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS, baseUrl, fileName, pageTypes } from './lib.mjs';

const FLOOR = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
/** The categories held to the floor: what the page is, not how fast this machine was. */
const JUDGED = ['accessibility', 'best-practices', 'seo'];

const base = baseUrl();
const reports = process.argv[3];
if (reports) mkdirSync(reports, { recursive: true });
const started = Date.now();
const types = await pageTypes(base);
const post = types.find((page) => page.type === 'post').path;
// The Spanish article too, when the site has one.
const paths = ['/', post, ...types.filter((page) => page.type === 'post (es)').map((page) => page.path)];

const chrome = await startChromium();
let low = 0;
try {
  for (const path of paths) {
    const result = await lighthouse(base + path, {
      port: chrome.port,
      output: 'html',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const scores = CATEGORIES.map((id) => [id, lhr.categories[id].title, Math.round(lhr.categories[id].score * 100)]);
    console.log(`lighthouse: ${path}: ${scores.map(([, title, score]) => `${title} ${score}`).join(', ')}`);
    for (const [id, title, score] of scores) {
      if (JUDGED.includes(id) && score < FLOOR) {
        low += 1;
        console.log(`lighthouse: ${path}: ${title} ${score} is under ${FLOOR}`);
      }
    }
    for (const id of CATEGORIES) {
      for (const ref of lhr.categories[id].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`lighthouse:     ${lhr.categories[id].title}: ${audit.title} (score ${audit.score}${audit.displayValue ? `, ${audit.displayValue}` : ''})`);
        }
      }
    }
    if (reports) {
      const file = join(reports, `lighthouse-${fileName(path)}.html`);
      writeFileSync(file, result.report);
      console.log(`lighthouse: report: ${file}`);
    }
  }
} finally {
  await chrome.stop();
}
console.log(`lighthouse: ${paths.length} pages, ${low} scores under ${FLOOR} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(low === 0 ? 0 : 1);

/** Debian's Chromium, with an empty profile and a debugging port of its own for Lighthouse to drive. */
function startChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'hearth-lighthouse-'));
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, [...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise((done) => child.on('exit', done));
    const stop = async () => {
      child.kill();
      await exited;
      rmSync(profile, { recursive: true, force: true });
    };
    let log = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not open a debugging port:\n${log}`)), 30_000);
    child.on('error', reject);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const match = log.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//);
      if (match) {
        clearTimeout(timer);
        child.stderr.removeAllListeners('data');
        child.stderr.resume();
        resolve({ stop, port: Number(match[1]) });
      }
    });
  });
}
