//! Pieces every view shares: the data-loading hook, loading and error states, the pager, actor and
//! code badges, and the event table.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type EventDto } from './api';
import { href } from './router';

/** The state of one API call. */
export type Load<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ok'; data: T };

/**
 * Runs `fetcher` whenever `key` changes, aborting the previous call, and returns its state. `key`
 * is a string (usually the request URL) so that equal requests are not repeated.
 */
export function useLoad<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  useEffect(() => {
    const ctl = new AbortController();
    setLoad({ state: 'loading' });
    fetcher(ctl.signal).then(
      (data) => !ctl.signal.aborted && setLoad({ state: 'ok', data }),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        setLoad({ state: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'client', String(e)) });
      },
    );
    return () => ctl.abort();
  }, [key]);
  return load;
}

/** Renders the loading and error states of `load`, or `children(data)`. */
export function Loaded<T>(props: { load: Load<T>; children: (data: T) => ComponentChildren }) {
  const { load } = props;
  if (load.state === 'loading') {
    return (
      <p class="muted" role="status" data-testid="loading">
        Loading…
      </p>
    );
  }
  if (load.state === 'error') {
    return (
      <p class="error" role="alert" data-testid="error">
        {load.error.status === 404 ? 'Not found' : 'Error'}: {load.error.message} <code>{load.error.code}</code>
      </p>
    );
  }
  return <>{props.children(load.data)}</>;
}

/** Previous/next paging with the position; `onPage` receives the new 1-based page. */
export function Pager(props: { page: number; pageSize: number; total: number; onPage: (p: number) => void }) {
  const { page, pageSize, total } = props;
  const last = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  return (
    <nav class="pager" aria-label="Pages" data-testid="pager">
      <button type="button" disabled={page <= 1} onClick={() => props.onPage(page - 1)} data-testid="pager-prev">
        ← Previous
      </button>
      <span data-testid="pager-info" data-total={total}>
        {first}–{Math.min(total, page * pageSize)} of {total.toLocaleString('en')} · page {page} of {last}
      </span>
      <button type="button" disabled={page >= last} onClick={() => props.onPage(page + 1)} data-testid="pager-next">
        Next →
      </button>
    </nav>
  );
}

/** An actor code with its name as a tooltip. */
export function Actor(props: { code: string | null | undefined; name?: string | null; text?: string | null }) {
  if (!props.code) return <span class="muted">—</span>;
  const title = [props.name, props.text ? `“${props.text}”` : null].filter(Boolean).join(' · ');
  return (
    <span class="actor" title={title}>
      {props.code}
    </span>
  );
}

/** The CSS class of a quad class (1 verbal coop … 4 material conflict). */
export const quadClass = (q: number): string => `quad quad${q}`;

const QUAD_NAMES = ['', 'verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];

/** The event code with its PLOVER category and quad class. */
export function Code(props: { event: EventDto }) {
  const e = props.event;
  return (
    <span class={quadClass(e.quad_class)} title={`${QUAD_NAMES[e.quad_class] ?? ''}; Goldstein ${e.goldstein}; rule ${e.rule.id}: ${e.rule.pattern}`}>
      {e.cameo}
      {e.plover ? ` ${e.plover}` : ''}
    </span>
  );
}

/** What each modality means, for the column's tooltip. */
const MODALITY_MEANING: Record<string, string> = {
  asserted: 'the text says it happened (counted in series and alerts)',
  reported: 'attributed to a speaker who is not the actor (counted in series and alerts)',
  future: 'announced, intended or threatened, not yet done',
  hypothetical: 'conditional or possible (if, would, could, any …)',
  question: 'asked, not stated',
  negated: 'the text says it did not happen',
  denied: 'the actor denies it',
};

/** A table of events with their modality, each linking to its evidence in the article view. */
export function EventTable(props: { events: EventDto[]; showArticle?: boolean; testid?: string }) {
  return (
    <table class="events" data-testid={props.testid ?? 'event-table'}>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Source</th>
          <th scope="col">Target</th>
          <th scope="col">Code</th>
          <th scope="col">Modality</th>
          <th scope="col">Evidence</th>
          {props.showArticle !== false && <th scope="col">Article</th>}
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr key={`${e.article_id}/${e.seq}`} data-testid="event-row" data-article={e.article_id} data-seq={e.seq} data-root={e.root} data-plover={e.plover ?? ''} data-modality={e.modality}>
            <td class="nowrap">{e.date ?? '—'}</td>
            <td>
              <Actor code={e.source.code} name={e.source.name} text={e.source.text} />
            </td>
            <td>
              <Actor code={e.target?.code} name={e.target?.name} text={e.target?.text} />
            </td>
            <td class="nowrap">
              <Code event={e} />
            </td>
            <td class={e.modality === 'asserted' ? 'muted' : undefined} title={MODALITY_MEANING[e.modality]}>
              {e.modality}
            </td>
            <td>
              <a href={href('articles', e.article_id, { event: e.seq })} data-testid="event-evidence-link">
                «{e.evidence.text}»
              </a>
            </td>
            {props.showArticle !== false && (
              <td class="title-cell">
                <a href={href('articles', e.article_id)}>{e.article_title ?? e.article_id}</a>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
