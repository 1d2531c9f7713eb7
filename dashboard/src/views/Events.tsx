//! `#/events`: the event table with filters (actor, dyad, CAMEO root, PLOVER type, modality, dates) and paging.
//! The filters are the hash query, so the browser's back button and links keep them; only one page
//! is ever requested.

import { useState } from 'preact/hooks';
import { get, type EventDto, type Paged } from '../api';
import { EventTable, Loaded, Pager, useLoad } from '../common';
import { href, type Route } from '../router';

/** The CAMEO root codes with short names. */
export const ROOTS: [string, string][] = [
  ['01', 'make public statement'],
  ['02', 'appeal'],
  ['03', 'express intent to cooperate'],
  ['04', 'consult'],
  ['05', 'diplomatic cooperation'],
  ['06', 'material cooperation'],
  ['07', 'provide aid'],
  ['08', 'yield'],
  ['09', 'investigate'],
  ['10', 'demand'],
  ['11', 'disapprove'],
  ['12', 'reject'],
  ['13', 'threaten'],
  ['14', 'protest'],
  ['15', 'exhibit force posture'],
  ['16', 'reduce relations'],
  ['17', 'coerce'],
  ['18', 'assault'],
  ['19', 'fight'],
  ['20', 'unconventional mass violence'],
];

/** The sixteen PLOVER event types. */
export const PLOVER = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];

/** The modalities: `counted` (asserted and reported) is what series and alerts count. */
export const MODALITIES = ['asserted', 'reported', 'future', 'hypothetical', 'question', 'negated', 'denied'];

const FIELDS = ['actor', 'dyad', 'root', 'plover', 'modality', 'from', 'to'] as const;
type Filters = Record<(typeof FIELDS)[number], string>;
const PAGE_SIZE = 50;

/** The event table view. */
export function Events(props: { route: Route }) {
  const q = props.route.query;
  const applied: Filters = Object.fromEntries(FIELDS.map((f) => [f, q.get(f) ?? ''])) as Filters;
  const page = Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1);
  const [draft, setDraft] = useState<Filters>(applied);
  const [lastApplied, setLastApplied] = useState(JSON.stringify(applied));
  // Following a link to other filters replaces what was typed.
  if (JSON.stringify(applied) !== lastApplied) {
    setLastApplied(JSON.stringify(applied));
    setDraft(applied);
  }
  const go = (f: Filters, p: number) => {
    location.hash = href('events', { ...f, page: p > 1 ? p : undefined });
  };
  const params = { ...applied, dyad: applied.dyad.replace('-', ':'), undirected: applied.dyad ? true : undefined, page, page_size: PAGE_SIZE };
  const load = useLoad(JSON.stringify(params), (signal) => get<Paged<EventDto>>('events', params, signal));
  const input = (f: keyof Filters) => ({
    value: draft[f],
    onInput: (e: Event) => setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement).value }),
    'data-testid': `filter-${f}`,
    name: f,
  });
  return (
    <section aria-labelledby="events-h">
      <h1 id="events-h">Events</h1>
      <form
        class="controls"
        data-testid="event-filters"
        onSubmit={(e) => {
          e.preventDefault();
          const clean = Object.fromEntries(FIELDS.map((f) => [f, draft[f].trim()])) as Filters;
          clean.actor = clean.actor.toUpperCase();
          clean.dyad = clean.dyad.toUpperCase();
          go(clean, 1);
        }}
      >
        <label>
          Actor <input {...input('actor')} placeholder="RUS" size={10} />
        </label>
        <label>
          Dyad <input {...input('dyad')} placeholder="RUS:UKR" size={14} />
        </label>
        <label>
          Root{' '}
          <select {...input('root')}>
            <option value="">any</option>
            {ROOTS.map(([c, n]) => (
              <option key={c} value={c}>
                {c} {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          PLOVER{' '}
          <select {...input('plover')}>
            <option value="">any</option>
            {PLOVER.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Modality{' '}
          <select {...input('modality')}>
            <option value="">any</option>
            <option value="counted">counted (asserted, reported)</option>
            {MODALITIES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" {...input('from')} />
        </label>
        <label>
          To <input type="date" {...input('to')} />
        </label>
        <button type="submit" data-testid="filter-apply">
          Apply
        </button>
        <button type="button" onClick={() => go(Object.fromEntries(FIELDS.map((f) => [f, ''])) as Filters, 1)} data-testid="filter-clear">
          Clear
        </button>
      </form>
      <Loaded load={load}>
        {(data) => (
          <>
            <Pager page={data.page} pageSize={data.page_size} total={data.total} onPage={(p) => go(applied, p)} />
            {data.items.length === 0 ? <p class="muted" data-testid="no-events">No events match.</p> : <EventTable events={data.items} />}
            {data.items.length > 20 && <Pager page={data.page} pageSize={data.page_size} total={data.total} onPage={(p) => go(applied, p)} />}
          </>
        )}
      </Loaded>
    </section>
  );
}
