//! `#/alerts` (the alert list, filterable by dyad and date) and `#/alerts/{id}` (one alert with its
//! explanation: the top events with their evidence, the quotations and the articles, each linking to
//! the article view). The API has no single-alert route, so the detail finds its alert in the list.

import { get, type AlertDto, type QuoteDto } from '../api';
import { EventTable, Loaded, useLoad } from '../common';
import { href, type Route } from '../router';

/** The alert list. */
export function AlertList(props: { route: Route }) {
  const q = props.route.query;
  const since = q.get('since') ?? '';
  const dyad = q.get('dyad') ?? '';
  const load = useLoad(`alerts|${since}|${dyad}`, (signal) => get<{ items: AlertDto[] }>('alerts', { since, dyad }, signal));
  const set = (k: string, v: string) => {
    const next = { since, dyad, [k]: v };
    location.hash = href('alerts', next);
  };
  return (
    <section aria-labelledby="alerts-h">
      <h1 id="alerts-h">Alerts</h1>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          Dyad{' '}
          <input
            value={dyad}
            placeholder="RUS:UKR"
            size={14}
            data-testid="alerts-dyad"
            onChange={(e) => set('dyad', (e.currentTarget as HTMLInputElement).value.toUpperCase().trim())}
          />
        </label>
        <label>
          Since <input type="date" value={since} data-testid="alerts-since" onChange={(e) => set('since', (e.currentTarget as HTMLInputElement).value)} />
        </label>
      </form>
      <Loaded load={load}>
        {({ items }) =>
          items.length === 0 ? (
            <p class="muted">No alerts.</p>
          ) : (
            <table data-testid="alert-list">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Dyad</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Score</th>
                  <th scope="col">Value / baseline</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id} data-testid="alert-row">
                    <td class="nowrap">
                      <a href={href('alerts', a.id)} data-testid="alert-link">
                        {a.date}
                      </a>
                    </td>
                    <td>{a.dyad}</td>
                    <td>
                      <span class={`chip sev-${a.severity}`}>{a.severity}</span>
                    </td>
                    <td>{a.score.toFixed(2)}</td>
                    <td>
                      {fmt(a.value)} / {fmt(a.baseline)}
                    </td>
                    <td>
                      <code>{a.rule}</code>
                    </td>
                    <td class="muted">
                      {a.explanation?.events.length ?? 0} events, {a.explanation?.quotes.length ?? 0} quotes
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** One alert and its explanation. */
export function AlertDetail(props: { id: string }) {
  const load = useLoad(`alert|${props.id}`, (signal) => get<{ items: AlertDto[] }>('alerts', {}, signal));
  return (
    <section aria-labelledby="alert-h">
      <p>
        <a href={href('alerts')}>← All alerts</a>
      </p>
      <Loaded load={load}>
        {({ items }) => {
          const a = items.find((x) => x.id === props.id);
          if (!a) {
            return (
              <p class="error" role="alert" data-testid="error">
                No alert <code>{props.id}</code>.
              </p>
            );
          }
          const ex = a.explanation ?? { events: [], quotes: [], articles: [] };
          return (
            <article data-testid="alert-detail" data-alert-id={a.id}>
              <h1 id="alert-h">
                {a.dyad} · {a.date} <span class={`chip sev-${a.severity}`}>{a.severity}</span>
              </h1>
              <p>
                Rule <code>{a.rule}</code> fired with score <strong>{a.score.toFixed(2)}</strong>: value {fmt(a.value)} against a baseline of {fmt(a.baseline)}.{' '}
                <a href={href('timeline', { dyads: a.dyad.replace('-', ':') })}>See it on the timeline</a>.
              </p>
              <h2>Top events</h2>
              {ex.events.length === 0 ? <p class="muted">No events in the explanation.</p> : <EventTable events={ex.events} testid="alert-events" />}
              <h2>Quotations</h2>
              {ex.quotes.length === 0 ? <p class="muted">No quotations.</p> : <QuoteList quotes={ex.quotes} testid="alert-quotes" />}
              <h2>Articles</h2>
              <ul data-testid="alert-articles">
                {ex.articles.map((r) => (
                  <li key={r.id}>
                    {r.date} <a href={href('articles', r.id)} data-testid="alert-article-link">{r.title ?? r.id}</a>
                  </li>
                ))}
              </ul>
            </article>
          );
        }}
      </Loaded>
    </section>
  );
}

/** Quotations as block quotes with speaker and a link to the quote in its article. */
export function QuoteList(props: { quotes: QuoteDto[]; testid?: string }) {
  return (
    <ul class="quotes" data-testid={props.testid ?? 'quote-list'}>
      {props.quotes.map((q) => (
        <li key={`${q.article_id}/${q.seq}`} data-testid="quote-item">
          <blockquote>{q.text}</blockquote>
          <p class="muted">
            {q.speaker?.name ?? q.speaker?.code ?? 'unattributed'}
            {q.speaker?.code && q.speaker.name ? ` (${q.speaker.code})` : ''} · {q.kind} · {q.date ?? '—'} ·{' '}
            <a href={href('articles', q.article_id, { quote: q.seq })} data-testid="quote-article-link">
              {q.article_title ?? q.article_id}
            </a>
          </p>
        </li>
      ))}
    </ul>
  );
}
