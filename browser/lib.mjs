// What every browser check shares: the base URL of a running Hearth, the
// browser (Debian's Chromium, never a downloaded one), the pages to look at,
// and a way to fail with every problem listed rather than the first.

import { chromium } from 'playwright-core';

/** Debian's Chromium; tests/browser.rs passes HEARTH_CHROMIUM when it is elsewhere. */
export const CHROMIUM = process.env.HEARTH_CHROMIUM || '/usr/bin/chromium';

/**
 * The flags a headless Chromium needs on a CI machine that runs as root and
 * reaches no network: no sandbox (root), no GPU, and none of the background
 * traffic (updates, sync, first-run pages) that would wait for the internet.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The two widths every page is checked at: a small phone and a laptop. */
export const WIDTHS = [
  { name: 'phone', width: 375, height: 812 },
  { name: 'desktop', width: 1280, height: 800 },
];

/** The site under test, from the first argument: `node axe.mjs http://127.0.0.1:PORT`. */
export function baseUrl() {
  const base = process.argv[2];
  if (!base || !/^https?:\/\//.test(base)) {
    console.error(`usage: node ${process.argv[1]} http://127.0.0.1:PORT [...]`);
    process.exit(2);
  }
  return base.replace(/\/$/, '');
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * Pages that stand for each kind the site has, by a name that reads well in
 * a report. The post, tag, therapist and service are the first ones linked
 * from their index pages, so the list follows the content.
 */
export async function pageTypes(base) {
  const first = async (path, pattern) => {
    const html = await (await fetch(base + path)).text();
    const match = html.match(pattern);
    if (!match) throw new Error(`no link matching ${pattern} on ${path}`);
    return match[1];
  };
  const post = await first('/blog', /href="(\/blog\/(?!tags\/)[a-z0-9-]+)"/);
  const tag = await first(post, /href="(\/blog\/tags\/[a-z0-9-]+)"/);
  const therapist = await first('/therapists', /href="(\/therapists\/[a-z0-9-]+)"/);
  const [filtered] = await teamFilters(base);
  const service = await first('/services', /href="(\/services\/[a-z0-9-]+)"/);
  const types = [
    { type: 'home', path: '/' },
    { type: 'blog index', path: '/blog' },
    { type: 'post', path: post },
    { type: 'tag', path: tag },
    { type: 'team', path: '/therapists' },
    { type: 'team with filters', path: filtered },
    { type: 'team, no one matches', path: '/therapists?language=none-such&accepting=yes' },
    { type: 'therapist', path: therapist },
    { type: 'services', path: '/services' },
    { type: 'service', path: service },
  ];
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  for (const [, loc] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const path = new URL(loc).pathname;
    const single = /^\/[a-z0-9-]+$/.test(path);
    if (single && !['/blog', '/therapists', '/services', '/consultation'].includes(path)) {
      types.push({ type: `page ${path.slice(1)}`, path });
    }
  }
  types.push(
    { type: 'search', path: '/search?q=anxiety' },
    { type: 'consultation', path: '/consultation' },
    { type: 'not found', path: '/no-such-page' },
  );
  types.push(...(await spanishTypes(base, first)));
  return types;
}

/**
 * The Spanish site's page types, when the site has one: each kind it
 * translates, and its pages made per request.
 */
async function spanishTypes(base, first) {
  if ((await fetch(`${base}/es/`)).status !== 200) return [];
  const types = [
    { type: 'home (es)', path: '/es/' },
    { type: 'blog index (es)', path: '/es/blog' },
    { type: 'post (es)', path: await first('/es/blog', /href="(\/es\/blog\/(?!tags\/)[a-z0-9-]+)"/) },
    { type: 'team (es)', path: '/es/therapists' },
    { type: 'therapist (es)', path: await first('/es/therapists', /href="(\/es\/therapists\/[a-z0-9-]+)"/) },
    { type: 'services (es)', path: '/es/services' },
    { type: 'service (es)', path: await first('/es/services', /href="(\/es\/services\/[a-z0-9-]+)"/) },
  ];
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  for (const [, loc] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    const path = new URL(loc).pathname;
    if (/^\/es\/[a-z0-9-]+$/.test(path) && !['/es/blog', '/es/therapists', '/es/services'].includes(path)) {
      types.push({ type: `page ${path.slice(4)} (es)`, path });
    }
  }
  types.push(
    { type: 'search (es)', path: '/es/search?q=duelo' },
    { type: 'consultation (es)', path: '/es/consultation' },
    { type: 'not found (es)', path: '/es/no-such-page' },
  );
  return types;
}

/**
 * The team page narrowed by each filter choice it offers, one at a time
 * (the first one with "accepting new clients" ticked too).
 */
export async function teamFilters(base) {
  const html = await (await fetch(`${base}/therapists`)).text();
  const paths = [];
  for (const [, name, options] of html.matchAll(/<select id="filter-[^"]*" name="([^"]+)">([\s\S]*?)<\/select>/g)) {
    for (const [, value] of options.matchAll(/<option value="([^"]+)"/g)) {
      const query = new URLSearchParams({ [name]: decodeEntities(value) });
      if (paths.length === 0) query.set('accepting', 'yes');
      paths.push(`/therapists?${query}`);
    }
  }
  if (paths.length === 0) throw new Error('the team page offers no filters');
  return paths;
}

/** `&amp;` in an href as the browser reads it. */
export function decodeEntities(text) {
  return text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/**
 * Every page of the site a visitor can reach by following links from the
 * home page and the sitemap (same origin, HTML only), plus the pages no
 * link leads to: a search, a second blog page when there is one, a 404.
 * Bounded, so a link that makes endless new addresses fails loudly.
 */
export async function crawl(base, limit = 400) {
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const queue = ['/', '/search?q=therapy', '/search', '/no-such-page', '/therapists?language=none-such&accepting=yes'];
  queue.push(...(await teamFilters(base)));
  for (const [, loc] of sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)) {
    queue.push(new URL(loc).pathname);
  }
  const seen = new Set();
  const pages = [];
  while (queue.length > 0) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    if (seen.size > limit) throw new Error(`more than ${limit} pages: is a link making new addresses?`);
    const response = await fetch(base + path, { redirect: 'manual' });
    const kind = response.headers.get('content-type') || '';
    if (!kind.startsWith('text/html')) continue;
    const html = await response.text();
    pages.push({ path, status: response.status, html });
    for (const [, href] of html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)) {
      const url = new URL(decodeEntities(href), base + path);
      if (url.origin !== base) continue;
      if (url.pathname.startsWith('/static/')) continue;
      const next = url.pathname + url.search;
      if (!seen.has(next)) queue.push(next);
    }
  }
  return pages;
}

/** A file-system-safe name for a path: `/blog?page=2` → `blog_page_2`. */
export function fileName(path) {
  const name = path.replace(/^\//, '').replace(/[^a-zA-Z0-9-]+/g, '_');
  return name === '' ? 'home' : name;
}
