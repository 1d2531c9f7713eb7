// Browser tests of the dashboard: drive a running `redline serve` (REDLINE_URL) in Debian's headless
// Chromium through playwright-core (no browser download) and check what an analyst would: the
// timeline draws its series, an alert opens with its explanation, its evidence leads to the article
// where the evidence span is highlighted with exactly the event's evidence text, quotes search and
// the event filters work. Screenshots go to SCREENSHOT_DIR. Run by scripts/test-browser.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.REDLINE_URL ?? 'http://127.0.0.1:8787';
const SHOTS = process.env.SCREENSHOT_DIR ?? 'screenshots';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;

let browser;
let page;
const pageErrors = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
});

after(async () => {
  await browser?.close();
});

/** GETs an API path directly (to compare the page with the data). */
async function api(path) {
  const res = await fetch(`${BASE}/api/v1/${path}`);
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** The pager's total once the listing has loaded. */
async function total() {
  const info = page.getByTestId('pager-info').first();
  await info.waitFor();
  return Number(await info.getAttribute('data-total'));
}

/** Loads the app afresh at a hash route and waits until no request is loading. */
async function go(route) {
  // A hash-only change would not reload: start from a blank page so no earlier view is on screen.
  await page.goto('about:blank');
  await page.goto(`${BASE}/#/${route}`);
  await page.waitForLoadState('networkidle');
  await page.getByTestId('loading').first().waitFor({ state: 'detached' });
}

test('the timeline draws a line per preselected dyad', async () => {
  await go('timeline');
  const chart = page.locator('[data-testid="timeline-chart"][data-drawn="true"]');
  await chart.waitFor();
  assert.equal(await chart.getAttribute('data-series'), '3');
  assert.ok(Number(await chart.getAttribute('data-points')) > 10, 'the series have points');
  for (const d of ['RUS:UKR', 'RUS:USA', 'RUS:IGOWSTNAT']) assert.ok(await page.getByTestId(`dyad-${d}`).isChecked(), `${d} preselected`);
  // The lines are on the canvas: count the coloured (not white, not grey) pixels uPlot painted.
  const coloured = await chart.locator('canvas').evaluate((c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
    }
    return n;
  });
  assert.ok(coloured > 500, `series pixels drawn: ${coloured}`);
  await shot('timeline');
  // Switching to days asks for a finer series: more points.
  const weekly = Number(await chart.getAttribute('data-points'));
  await page.getByTestId('by-day').check();
  await page.waitForFunction(
    (w) => Number(document.querySelector('[data-testid="timeline-chart"]')?.getAttribute('data-points')) > w,
    weekly,
  );
});

let alertEvent; // the event followed from the alert to the article

test('an alert marker opens the alert with its explanation', async () => {
  await go('timeline');
  const marker = page.getByTestId('alert-marker').first();
  await marker.waitFor();
  const id = await marker.getAttribute('data-alert-id');
  await marker.click();
  await page.waitForURL((u) => u.hash === `#/alerts/${encodeURIComponent(id)}`);
  const detail = page.getByTestId('alert-detail');
  await detail.waitFor();
  assert.equal(await detail.getAttribute('data-alert-id'), id);
  const rows = page.getByTestId('alert-events').getByTestId('event-row');
  assert.ok((await rows.count()) > 0, 'the explanation lists events');
  assert.ok((await page.getByTestId('alert-article-link').count()) > 0, 'the explanation lists articles');
  await shot('alert');
  const row = rows.first();
  alertEvent = { article: await row.getAttribute('data-article'), seq: Number(await row.getAttribute('data-seq')) };
  await row.getByTestId('event-evidence-link').click();
  await page.getByTestId('article').waitFor();
  assert.equal(await page.getByTestId('article').getAttribute('data-article-id'), alertEvent.article);
});

test('the article highlights the evidence span with exactly the evidence text', async () => {
  assert.ok(alertEvent, 'the previous test followed an alert to an article');
  const article = await api(`articles/${encodeURIComponent(alertEvent.article)}`);
  const event = article.events.find((e) => e.seq === alertEvent.seq);
  assert.ok(event, 'the event is in the article');
  const text = page.getByTestId('article-text');
  const selected = text.locator(`[data-ev~="${event.seq}"]`);
  assert.ok((await selected.count()) > 0, 'the evidence is highlighted');
  const shown = (await selected.allTextContents()).join('');
  assert.equal(shown, event.evidence.text);
  assert.ok(await selected.first().evaluate((el) => el.classList.contains('selected')), 'the followed event is selected');
  assert.equal(await page.getByTestId('selected-evidence-text').textContent(), event.evidence.text);
  await shot('article');
  // Every span of the article, not only the followed one: byte offsets must survive multi-byte text.
  const all = await text.evaluate((el) => {
    const by = {};
    for (const s of el.querySelectorAll('[data-ev]')) for (const id of s.dataset.ev.split(' ')) by[id] = (by[id] ?? '') + s.textContent;
    return { by, whole: el.textContent };
  });
  assert.equal(all.whole, article.text, 'the segments rebuild the clean text');
  for (const e of article.events) assert.equal(all.by[String(e.seq)], e.evidence.text, `evidence of event ${e.seq}`);
  const mentions = await text.locator('[data-mention]').count();
  assert.ok(mentions > 0 || article.mentions.length === 0, 'actor mentions highlighted');
});

test('a multi-byte article keeps its spans aligned', async () => {
  // Find an event whose evidence comes after non-ASCII text (curly quotes, accents, Cyrillic).
  const events = await api('events?dyad=RUS:UKR&undirected=true&page_size=100');
  let found = null;
  for (const e of events.items) {
    const a = await api(`articles/${encodeURIComponent(e.article_id)}`);
    const before = Buffer.from(a.text, 'utf8').subarray(0, e.evidence.span[0]).toString('utf8');
    if (/[^\x00-\x7f]/.test(before)) {
      found = e;
      break;
    }
  }
  assert.ok(found, 'the demo has an event after non-ASCII text');
  await go(`articles/${encodeURIComponent(found.article_id)}?event=${found.seq}`);
  await page.locator(`[data-testid="article"][data-article-id="${found.article_id}"]`).waitFor();
  const shown = (await page.getByTestId('article-text').locator(`[data-ev~="${found.seq}"]`).allTextContents()).join('');
  assert.equal(shown, found.evidence.text);
});

test('the quotes feed searches by text', async () => {
  await go('quotes');
  const all = await total();
  assert.ok(all > 0, 'quotes listed');
  await page.getByTestId('quote-q').fill('sanction');
  await page.getByTestId('quote-search').click();
  await page.waitForURL(/q=sanction/);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="pager-info"]')?.getAttribute('data-total')) !== n,
    all,
  );
  const found = await total();
  assert.ok(found > 0 && found < all, `search narrows ${all} to ${found}`);
  const texts = await page.getByTestId('quote-item').locator('blockquote').allTextContents();
  assert.ok(texts.length > 0);
  for (const t of texts) assert.match(t.toLowerCase(), /sanction/);
  await shot('quotes');
});

test('the event table filters by dyad and root, and pages', async () => {
  await go('events');
  const all = await total();
  assert.ok(all > 50, 'events listed over several pages');
  await page.getByTestId('filter-dyad').fill('RUS:UKR');
  await page.getByTestId('filter-root').selectOption('13');
  await page.getByTestId('filter-apply').click();
  await page.waitForURL(/root=13/);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="pager-info"]')?.getAttribute('data-total')) !== n,
    all,
  );
  const filtered = await total();
  assert.ok(filtered > 0 && filtered < all, `filters narrow ${all} to ${filtered}`);
  const roots = await page.getByTestId('event-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-root')));
  assert.ok(roots.length > 0);
  assert.ok(roots.every((r) => r === '13'), `every row is a threat: ${roots}`);
  const expected = await api('events?dyad=RUS:UKR&undirected=true&root=13&page_size=1');
  assert.equal(filtered, expected.total, 'the page shows the API total');
  await shot('events');
  // The modality filter keeps what series count, and the column shows each row's modality.
  await page.getByTestId('filter-modality').selectOption('counted');
  await page.getByTestId('filter-apply').click();
  await page.waitForURL(/modality=counted/);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="pager-info"]')?.getAttribute('data-total')) !== n,
    filtered,
  );
  const modalities = await page.getByTestId('event-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-modality')));
  assert.ok(modalities.length > 0);
  assert.ok(modalities.every((m) => m === 'asserted' || m === 'reported'), `only counted modalities: ${modalities}`);
  const counted = await api('events?dyad=RUS:UKR&undirected=true&root=13&modality=counted&page_size=1');
  assert.equal(await total(), counted.total, 'the page shows the API total for counted threats');
  // Paging: the unfiltered table's second page starts at 51.
  await page.getByTestId('filter-clear').click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="pager-info"]')?.getAttribute('data-total')) === n, all);
  const firstRow = await page.getByTestId('event-row').first().getAttribute('data-article');
  await page.getByTestId('pager-next').first().click();
  await page.waitForURL(/page=2/);
  await page.getByTestId('pager-info').first().filter({ hasText: '51–' }).waitFor();
  assert.equal(await page.getByTestId('event-row').count(), 50);
  const secondFirst = await page.getByTestId('event-row').first().getAttribute('data-article');
  assert.ok(firstRow !== null && secondFirst !== null);
});

test('the alert list renders', async () => {
  await go('alerts');
  await page.getByTestId('alert-list').waitFor();
  assert.ok((await page.getByTestId('alert-row').count()) > 0, 'alerts listed');
  await shot('alerts');
});

test('the network renders', async () => {
  await go('network');
  await page.getByTestId('network-svg').waitFor();
  assert.ok((await page.getByTestId('network-node').count()) >= 3, 'network nodes drawn');
  assert.ok((await page.getByTestId('network-edge').count()) >= 2, 'network edges drawn');
  await shot('network');
});

test('no page errors were logged', () => {
  assert.deepEqual(pageErrors, []);
});
