//! `#/quotes`: the quotations feed, newest first as the server orders it, searchable by text and
//! speaker and limited by dates, one page at a time.

import { useState } from 'preact/hooks';
import { get, type Paged, type QuoteDto } from '../api';
import { Loaded, Pager, useLoad } from '../common';
import { href, type Route } from '../router';
import { QuoteList } from './Alerts';

const PAGE_SIZE = 30;
const FIELDS = ['q', 'speaker', 'from', 'to'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;

/** The quotes feed. */
export function Quotes(props: { route: Route }) {
  const qs = props.route.query;
  const applied = Object.fromEntries(FIELDS.map((f) => [f, qs.get(f) ?? ''])) as Filters;
  const page = Math.max(1, Number.parseInt(qs.get('page') ?? '1', 10) || 1);
  const [draft, setDraft] = useState(applied);
  const [lastApplied, setLastApplied] = useState(JSON.stringify(applied));
  if (JSON.stringify(applied) !== lastApplied) {
    setLastApplied(JSON.stringify(applied));
    setDraft(applied);
  }
  const go = (f: Filters, p: number) => {
    location.hash = href('quotes', { ...f, page: p > 1 ? p : undefined });
  };
  const params = { ...applied, page, page_size: PAGE_SIZE };
  const load = useLoad(JSON.stringify(params), (signal) => get<Paged<QuoteDto>>('quotes', params, signal));
  const input = (f: keyof Filters) => ({
    value: draft[f],
    maxLength: 200,
    onInput: (e: Event) => setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement).value }),
    'data-testid': `quote-${f}`,
    name: f,
  });
  return (
    <section aria-labelledby="quotes-h">
      <h1 id="quotes-h">Quotations</h1>
      <form
        class="controls"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go(Object.fromEntries(FIELDS.map((f) => [f, draft[f].trim()])) as Filters, 1);
        }}
      >
        <label>
          Text <input type="search" {...input('q')} placeholder="sanctions" size={24} />
        </label>
        <label>
          Speaker <input {...input('speaker')} placeholder="Lavrov" size={16} />
        </label>
        <label>
          From <input type="date" {...input('from')} />
        </label>
        <label>
          To <input type="date" {...input('to')} />
        </label>
        <button type="submit" data-testid="quote-search">
          Search
        </button>
      </form>
      <Loaded load={load}>
        {(data) => (
          <>
            <Pager page={data.page} pageSize={data.page_size} total={data.total} onPage={(p) => go(applied, p)} />
            {data.items.length === 0 ? <p class="muted" data-testid="no-quotes">No quotations match.</p> : <QuoteList quotes={data.items} />}
          </>
        )}
      </Loaded>
    </section>
  );
}
