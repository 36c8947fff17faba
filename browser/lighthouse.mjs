// Lighthouse on a phone (its default: a mid-range phone on a slow 4G line,
// simulated): Performance, Accessibility, Best Practices and SEO for the
// home page and an article, one after the other so neither slows the other.
// Prints each score and every audit that cost points; exits 1 if a score is
// under the floor (95: Lighthouse's timings move a little between runs, and
// a page that scores 100 here can score 97 on a busy machine).
//
//   node lighthouse.mjs http://127.0.0.1:PORT [REPORT_DIR]

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import RobotsTxtAudit from 'lighthouse/core/audits/seo/robots-txt.js';
import { CHROMIUM, CHROMIUM_FLAGS, baseUrl, fileName, pageTypes } from './lib.mjs';

const FLOOR = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

const base = baseUrl();
const reports = process.argv[3];
if (reports) mkdirSync(reports, { recursive: true });
const started = Date.now();
const post = (await pageTypes(base)).find((page) => page.type === 'post').path;

const chrome = await startChromium();
let low = 0;
try {
  for (const path of ['/', post]) {
    const result = await lighthouse(base + path, {
      port: chrome.port,
      output: 'html',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const robots = await robotsOutsideThePage(lhr, path);
    const scores = CATEGORIES.map((id) => [lhr.categories[id].title, Math.round(categoryScore(lhr, id, robots) * 100), Math.round(lhr.categories[id].score * 100)]);
    const shown = scores.map(([title, score, measured]) => `${title} ${score}${score === measured ? '' : ` (${measured} as measured)`}`);
    console.log(`lighthouse: ${path}: ${shown.join(', ')}`);
    for (const [title, score] of scores) {
      if (score < FLOOR) {
        low += 1;
        console.log(`lighthouse: ${path}: ${title} ${score} is under ${FLOOR}`);
      }
    }
    for (const id of CATEGORIES) {
      for (const ref of lhr.categories[id].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1 && !(ref.id === 'robots-txt' && robots)) {
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
console.log(`lighthouse: 2 pages, ${low} scores under ${FLOOR} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(low === 0 ? 0 : 1);

/**
 * Lighthouse reads robots.txt from inside the page, so the page's content
 * security policy applies to it, and Hearth's (`default-src 'none'`: no
 * page may fetch anything, since no page runs a script) refuses it. Search
 * engines fetch robots.txt directly and never see that policy, and the
 * policy stays as strict as it is on purpose. So when Lighthouse could not
 * download robots.txt and the policy is the reason, the file is fetched
 * here and judged by Lighthouse's own robots.txt audit; the SEO score is
 * then counted with that result, and the output says so. Returns that
 * audit's result, or null when Lighthouse's own reading stands.
 */
async function robotsOutsideThePage(lhr, path) {
  const audit = lhr.audits['robots-txt'];
  if (audit.score !== 0 || !/unable to download/.test(audit.explanation || '')) return null;
  const page = await fetch(base + path);
  const policy = page.headers.get('content-security-policy') || '';
  if (!/default-src 'none'/.test(policy) || /connect-src/.test(policy)) return null;
  const response = await fetch(`${base}/robots.txt`);
  const result = RobotsTxtAudit.audit({ RobotsTxt: { status: response.status, content: await response.text() } });
  console.log(
    `lighthouse: ${path}: robots.txt could not be read from inside the page, because the page's content security policy ` +
      `(default-src 'none', no connect-src) forbids it, on purpose. Fetched directly, Lighthouse's robots.txt audit ` +
      `scores it ${result.score}; SEO below counts that.`,
  );
  return result;
}

/** A category's score as Lighthouse weighs it, with robots.txt judged outside the page if that was needed. */
function categoryScore(lhr, id, robots) {
  const category = lhr.categories[id];
  if (!robots || id !== 'seo') return category.score;
  let total = 0;
  let weights = 0;
  for (const ref of category.auditRefs) {
    const audit = lhr.audits[ref.id];
    if (ref.weight === 0 || audit.score === null) continue;
    total += ref.weight * (ref.id === 'robots-txt' ? robots.score : audit.score);
    weights += ref.weight;
  }
  return total / weights;
}

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
