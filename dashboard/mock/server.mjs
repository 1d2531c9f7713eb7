// A development stand-in for `redline serve`: the /api/v1 contract over a demo database, read once
// into memory through the `sqlite3` command-line tool. It is for working on the dashboard without
// the Rust server (`npm run dev` proxies /api to it); the browser tests run against the real server.
//
//   node mock/server.mjs --db /tmp/dash.db --port 8787 [--static dist]
//
// Series and alerts are a rough imitation of crates/signal (weekly/daily conflict counts and a
// z-score against a trailing baseline), good enough to draw and click, not to analyse.

import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const DB = args.db ?? '/tmp/dash.db';
const PORT = Number(args.port ?? 8787);
const STATIC = args.static;

function query(sql) {
  const out = execFileSync('sqlite3', ['-json', DB, sql], { maxBuffer: 1 << 30 }).toString();
  return out.trim() ? JSON.parse(out) : [];
}

console.log(`mock: reading ${DB}`);
const articles = query('SELECT id, title, date, url, text, story_id, source_host FROM articles ORDER BY date, id');
const articleById = new Map(articles.map((a) => [a.id, a]));
const eventRows = query('SELECT * FROM events ORDER BY date, article_id, seq');
const quoteRows = query('SELECT q.*, a.date AS date FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.date DESC, q.article_id, q.seq');
const mentionRows = query('SELECT article_id, start, "end", code, name, kind FROM mentions ORDER BY article_id, seq');
const stories = query('SELECT * FROM stories ORDER BY first_seen, id');

const level = (code) => (code == null ? null : /^(IGO|NGO)/.test(code) ? code.slice(0, 9) : code.slice(0, 3));

const events = eventRows.map((r) => ({
  article_id: r.article_id,
  seq: r.seq,
  sentence: r.sentence,
  date: r.date,
  source: { code: r.source_code, name: r.source_name, text: r.source_text, span: [r.source_start, r.source_end], kind: r.source_kind, entry: r.source_entry },
  target:
    r.target_code == null
      ? null
      : { code: r.target_code, name: r.target_name, text: r.target_text, span: [r.target_start, r.target_end], kind: r.target_kind, entry: r.target_entry },
  cameo: r.cameo,
  root: r.root,
  plover: r.plover,
  quad_class: r.quad_class,
  goldstein: r.goldstein,
  evidence: { text: r.evidence_text, span: [r.evidence_start, r.evidence_end] },
  rule: { id: r.rule_id, pattern: r.rule_pattern },
  modality: r.modality,
  story_id: articleById.get(r.article_id)?.story_id ?? null,
  article_title: articleById.get(r.article_id)?.title ?? null,
}));
const quotes = quoteRows.map((r) => ({
  article_id: r.article_id,
  seq: r.seq,
  text: r.text,
  span: [r.start, r.end],
  kind: r.kind,
  speaker: r.speaker_name == null && r.speaker_code == null ? null : { name: r.speaker_name, code: r.speaker_code, span: r.speaker_start == null ? null : [r.speaker_start, r.speaker_end] },
  date: r.date,
  article_title: articleById.get(r.article_id)?.title ?? null,
}));
const mentionsByArticle = new Map();
for (const m of mentionRows) {
  if (!mentionsByArticle.has(m.article_id)) mentionsByArticle.set(m.article_id, []);
  mentionsByArticle.get(m.article_id).push({ span: [m.start, m.end], code: m.code, name: m.name, kind: m.kind });
}
console.log(`mock: ${articles.length} articles, ${events.length} events, ${quotes.length} quotes`);

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
const DATE = /^\d{4}-\d{2}-\d{2}$/;
function dateParam(p, name) {
  const v = p.get(name);
  if (v == null || v === '') return null;
  if (!DATE.test(v)) throw new ApiError(400, 'invalid_parameter', `${name} must be YYYY-MM-DD`);
  return v;
}
function range(p) {
  const from = dateParam(p, 'from');
  const to = dateParam(p, 'to');
  if (from && to && from > to) throw new ApiError(400, 'invalid_range', 'from is after to');
  return { from, to };
}
function dyadParam(p) {
  const v = p.get('dyad');
  if (!v) return null;
  const m = /^([A-Z]{3,12})[:-]([A-Z]{3,12})$/.exec(v);
  if (!m) throw new ApiError(400, 'invalid_parameter', 'dyad must look like RUS:UKR');
  return [m[1], m[2]];
}
function paged(p, items) {
  const page = Number(p.get('page') ?? 1);
  const pageSize = Number(p.get('page_size') ?? 50);
  if (!Number.isInteger(page) || page < 1) throw new ApiError(400, 'invalid_parameter', 'page must be >= 1');
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new ApiError(400, 'invalid_parameter', 'bad page_size');
  if (pageSize > 500) throw new ApiError(400, 'page_size_too_large', 'page_size is at most 500');
  return { items: items.slice((page - 1) * pageSize, page * pageSize), page, page_size: pageSize, total: items.length };
}
const inRange = (d, { from, to }) => (!from || (d && d >= from)) && (!to || (d && d <= to));
const codeMatches = (code, want) => code != null && (code === want || code.startsWith(want));
function dyadMatches(e, dyad, undirected) {
  if (!dyad || !e.target) return !dyad;
  const [a, b] = dyad;
  const s = level(e.source.code);
  const t = level(e.target.code);
  return (s === a && t === b) || (undirected && s === b && t === a);
}

function filterEvents(p) {
  const r = range(p);
  const dyad = dyadParam(p);
  const undirected = p.get('undirected') === 'true';
  const actor = p.get('actor');
  const root = p.get('root');
  const plover = p.get('plover');
  const modalities = (p.get('modality') ?? '').split(',').filter(Boolean).flatMap((m) => (m === 'counted' ? ['asserted', 'reported'] : [m]));
  const article = p.get('article');
  return events.filter(
    (e) =>
      inRange(e.date, r) &&
      dyadMatches(e, dyad, undirected) &&
      (!actor || codeMatches(e.source.code, actor) || codeMatches(e.target?.code, actor)) &&
      (!root || e.root === root.padStart(2, '0')) &&
      (!plover || e.plover === plover) &&
      (modalities.length === 0 || modalities.includes(e.modality)) &&
      (!article || e.article_id === article),
  );
}

const weekStart = (d) => {
  const t = new Date(d + 'T00:00:00Z');
  const dow = (t.getUTCDay() + 6) % 7; // Monday-based weeks
  t.setUTCDate(t.getUTCDate() - dow);
  return t.toISOString().slice(0, 10);
};
const articlesPerBucket = (by) => {
  const m = new Map();
  for (const a of articles) if (a.date) m.set(by === 'week' ? weekStart(a.date) : a.date, (m.get(by === 'week' ? weekStart(a.date) : a.date) ?? 0) + 1);
  return m;
};

function series(p) {
  const dyad = dyadParam(p);
  if (!dyad) throw new ApiError(400, 'invalid_parameter', 'dyad is required');
  const r = range(p);
  const by = p.get('by') ?? 'day';
  if (by !== 'day' && by !== 'week') throw new ApiError(400, 'invalid_parameter', 'by is day or week');
  const normalise = p.get('normalise') === 'true';
  const undirected = p.get('undirected') !== 'false';
  const key = (d) => (by === 'week' ? weekStart(d) : d);
  const buckets = new Map();
  for (const e of events) {
    if (!e.date || !inRange(e.date, r) || !dyadMatches(e, dyad, undirected)) continue;
    const k = key(e.date);
    if (!buckets.has(k)) buckets.set(k, { date: k, events: 0, quad: [0, 0, 0, 0], goldstein_sum: 0, stories: new Set(), sources: new Set() });
    const b = buckets.get(k);
    b.events += 1;
    b.quad[e.quad_class - 1] += 1;
    b.goldstein_sum += e.goldstein;
    b.stories.add(e.story_id);
    b.sources.add(articleById.get(e.article_id)?.source_host);
  }
  const perBucket = articlesPerBucket(by);
  const points = [...buckets.values()]
    .sort((x, y) => (x.date < y.date ? -1 : 1))
    .map((b) => {
      const conflict = b.quad[2] + b.quad[3];
      return {
        date: b.date,
        events: b.events,
        quad: b.quad,
        goldstein_sum: Math.round(b.goldstein_sum * 10) / 10,
        goldstein_mean: Math.round((b.goldstein_sum / b.events) * 100) / 100,
        conflict_share: Math.round((conflict / b.events) * 1000) / 1000,
        stories: b.stories.size,
        sources: b.sources.size,
        value: normalise ? Math.round((100 * conflict / (perBucket.get(b.date) ?? 1)) * 1000) / 1000 : conflict,
      };
    });
  const label = `${dyad[0]}-${dyad[1]}`;
  return { dyad: label, by, points, alerts: alertsFor(label, points) };
}

function alertsFor(label, points) {
  const out = [];
  for (let i = 7; i < points.length; i++) {
    const base = points.slice(Math.max(0, i - 28), i).map((x) => x.value);
    const mean = base.reduce((s, v) => s + v, 0) / base.length;
    const sd = Math.sqrt(base.reduce((s, v) => s + (v - mean) ** 2, 0) / base.length) || 1;
    const score = (points[i].value - mean) / sd;
    if (score >= 3 && points[i].events >= 5) {
      out.push({ id: `${label}-${points[i].date}`, dyad: label, date: points[i].date, severity: score >= 5 ? 'high' : 'medium', score: Math.round(score * 100) / 100, value: points[i].value, baseline: Math.round(mean * 100) / 100, rule: 'zscore_28d' });
    }
  }
  return out;
}

const ALERT_DYADS = [['RUS', 'UKR'], ['RUS', 'USA'], ['RUS', 'IGOWSTNAT'], ['USA', 'UKR']];
function allAlerts() {
  const out = [];
  for (const d of ALERT_DYADS) {
    const s = series(new URLSearchParams({ dyad: d.join(':'), by: 'day' }));
    for (const a of s.alerts) {
      const dayEvents = events
        .filter((e) => e.date === a.date && dyadMatches(e, d, true))
        .sort((x, y) => x.goldstein - y.goldstein)
        .slice(0, 8);
      const ids = [...new Set(dayEvents.map((e) => e.article_id))];
      out.push({
        ...a,
        explanation: {
          events: dayEvents,
          quotes: quotes.filter((q) => ids.includes(q.article_id) && q.kind === 'direct').slice(0, 5),
          articles: ids.map((id) => {
            const x = articleById.get(id);
            return { id, title: x.title, date: x.date, url: x.url };
          }),
        },
      });
    }
  }
  return out.sort((x, y) => (x.date === y.date ? y.score - x.score : x.date < y.date ? 1 : -1));
}
const ALERTS = allAlerts();

function network(p) {
  const r = range(p);
  const min = Number(p.get('min_events') ?? 5);
  const edges = new Map();
  const nodes = new Map();
  for (const e of events) {
    if (!e.target || !inRange(e.date, r)) continue;
    const s = level(e.source.code);
    const t = level(e.target.code);
    if (s === t) continue;
    const k = `${s}>${t}`;
    if (!edges.has(k)) edges.set(k, { source: s, target: t, events: 0, conflict: 0, g: 0 });
    const x = edges.get(k);
    x.events += 1;
    x.conflict += e.quad_class >= 3 ? 1 : 0;
    x.g += e.goldstein;
  }
  const kept = [...edges.values()].filter((x) => x.events >= min);
  for (const x of kept) {
    for (const c of [x.source, x.target]) nodes.set(c, (nodes.get(c) ?? 0) + x.events);
  }
  return {
    nodes: [...nodes].map(([code, n]) => ({ code, name: code, events: n })),
    edges: kept.map((x) => ({ source: x.source, target: x.target, events: x.events, conflict: x.conflict, goldstein_mean: Math.round((x.g / x.events) * 100) / 100 })),
  };
}

function route(path, p) {
  if (path === '/api/v1/health') {
    return { status: 'ok', articles: articles.length, events: events.length, quotes: quotes.length, stories: stories.length, first_date: articles[0]?.date, last_date: articles.at(-1)?.date };
  }
  if (path === '/api/v1/events') return paged(p, filterEvents(p));
  if (path === '/api/v1/quotes') {
    const r = range(p);
    const q = (p.get('q') ?? '').toLowerCase();
    const speaker = (p.get('speaker') ?? '').toLowerCase();
    if (q.length > 200 || speaker.length > 200) throw new ApiError(400, 'query_too_long', 'at most 200 characters');
    return paged(
      p,
      quotes.filter(
        (x) =>
          inRange(x.date, r) &&
          (!q || x.text.toLowerCase().includes(q)) &&
          (!speaker || (x.speaker?.name ?? '').toLowerCase().includes(speaker) || (x.speaker?.code ?? '').toLowerCase() === speaker),
      ),
    );
  }
  if (path === '/api/v1/series') return series(p);
  if (path === '/api/v1/alerts') {
    const since = dateParam(p, 'since');
    const dyad = p.get('dyad')?.replace(':', '-');
    return { items: ALERTS.filter((a) => (!since || a.date >= since) && (!dyad || a.dyad === dyad)) };
  }
  if (path === '/api/v1/network') return network(p);
  if (path === '/api/v1/stories') return paged(p, stories.filter((s) => inRange(s.first_seen, range(p))));
  const m = /^\/api\/v1\/articles\/(.+)$/.exec(path);
  if (m) {
    const a = articleById.get(decodeURIComponent(m[1]));
    if (!a) throw new ApiError(404, 'not_found', 'no such article');
    return {
      ...a,
      mentions: mentionsByArticle.get(a.id) ?? [],
      events: events.filter((e) => e.article_id === a.id),
      quotes: quotes.filter((q) => q.article_id === a.id),
    };
  }
  throw new ApiError(404, 'not_found', `no route ${path}`);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/api/')) {
    try {
      const body = JSON.stringify(route(url.pathname, url.searchParams));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 500;
      const code = e instanceof ApiError ? e.code : 'internal';
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code, message: String(e.message) } }));
    }
    return;
  }
  if (!STATIC) return res.writeHead(404).end();
  const rel = normalize(url.pathname).replace(/^(\.\.[/\\])+/, '');
  let file = join(STATIC, rel);
  if (!rel.startsWith('/assets/') || !existsSync(file)) file = join(STATIC, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
}).listen(PORT, '127.0.0.1', () => console.log(`mock: http://127.0.0.1:${PORT}/`));
