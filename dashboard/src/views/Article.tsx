//! `#/articles/{id}`: the article's clean text with actor mentions, event evidence and quotations
//! highlighted (layers that can be switched off), and a side list of its events and quotations.
//! `?event=N` / `?quote=N` select one, mark it and scroll to it. Spans are UTF-8 byte offsets;
//! `spans.ts` converts them and cuts the text so that overlapping spans all show.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { get, idPath, type ArticleDto, type EventDto } from '../api';
import { Actor, Code, Loaded, useLoad } from '../common';
import { href, type Route } from '../router';
import { segment, type ByteSpan } from '../spans';

/** The article view. */
export function Article(props: { id: string; route: Route }) {
  const load = useLoad(`article|${props.id}`, (signal) => get<ArticleDto>(`articles/${idPath(props.id)}`, {}, signal));
  const ev = props.route.query.get('event');
  const qt = props.route.query.get('quote');
  return (
    <Loaded load={load}>
      {(a) => <ArticleBody article={a} selectedEvent={ev === null ? null : Number(ev)} selectedQuote={qt === null ? null : Number(qt)} />}
    </Loaded>
  );
}

interface Layers {
  mention: boolean;
  evidence: boolean;
  quote: boolean;
}

function ArticleBody(props: { article: ArticleDto; selectedEvent: number | null; selectedQuote: number | null }) {
  const a = props.article;
  const [layers, setLayers] = useState<Layers>({ mention: true, evidence: true, quote: true });
  const textRef = useRef<HTMLDivElement>(null);
  const select = (kind: 'event' | 'quote', seq: number) => {
    location.hash = href('articles', a.id, { [kind]: seq });
  };

  const segments = useMemo(() => {
    const spans: ByteSpan[] = [];
    if (layers.quote) for (const q of a.quotes) spans.push({ start: q.span[0], end: q.span[1], kind: 'quote', id: String(q.seq) });
    if (layers.evidence) for (const e of a.events) spans.push({ start: e.evidence.span[0], end: e.evidence.span[1], kind: 'evidence', id: String(e.seq) });
    if (layers.mention) a.mentions.forEach((m, i) => spans.push({ start: m.span[0], end: m.span[1], kind: 'mention', id: String(i) }));
    // The selected event or quote is always shown, whatever the layers say.
    const selEvent = a.events.find((e) => e.seq === props.selectedEvent);
    if (!layers.evidence && selEvent) spans.push({ start: selEvent.evidence.span[0], end: selEvent.evidence.span[1], kind: 'evidence', id: String(selEvent.seq) });
    return segment(a.text, spans);
  }, [a, layers, props.selectedEvent]);

  useEffect(() => {
    const sel = textRef.current?.querySelector('.selected');
    if (sel && 'scrollIntoView' in sel) sel.scrollIntoView({ block: 'center' });
  }, [segments, props.selectedEvent, props.selectedQuote]);

  const evBySeq = useMemo(() => new Map(a.events.map((e) => [String(e.seq), e])), [a]);
  const selected = a.events.find((e) => e.seq === props.selectedEvent) ?? null;

  return (
    <div class="article-layout">
      <article aria-labelledby="article-h" data-testid="article" data-article-id={a.id}>
        <h1 id="article-h">{a.title ?? a.id}</h1>
        <p class="muted">
          {a.date ?? 'undated'} · {a.source_host ?? ''}{' '}
          {a.url && (
            <a href={a.url} rel="noreferrer noopener" target="_blank">
              original
            </a>
          )}
          {a.story_id && a.story_id !== a.id && <> · story {a.story_id}</>}
        </p>
        <fieldset class="layers">
          <legend>Highlight</legend>
          {(['mention', 'evidence', 'quote'] as const).map((k) => (
            <label key={k} class={`check legend-${k}`}>
              <input type="checkbox" checked={layers[k]} onChange={() => setLayers({ ...layers, [k]: !layers[k] })} data-testid={`layer-${k}`} />
              {k === 'mention' ? `actors (${a.mentions.length})` : k === 'evidence' ? `event evidence (${a.events.length})` : `quotations (${a.quotes.length})`}
            </label>
          ))}
        </fieldset>
        <div class="article-text" ref={textRef} data-testid="article-text">
          {segments.map((s) => {
            if (s.spans.length === 0) return s.text;
            const ids = (kind: string) => s.spans.filter((x) => x.kind === kind).map((x) => x.id);
            const m = ids('mention');
            const e = ids('evidence');
            const q = ids('quote');
            const isSel = (props.selectedEvent !== null && e.includes(String(props.selectedEvent))) || (props.selectedQuote !== null && q.includes(String(props.selectedQuote)));
            const cls = [m.length && 'hl-mention', e.length && 'hl-evidence', q.length && 'hl-quote', isSel && 'selected'].filter(Boolean).join(' ');
            const title = [
              ...m.map((i) => `${a.mentions[Number(i)]?.code} ${a.mentions[Number(i)]?.name}`),
              ...e.map((i) => {
                const x = evBySeq.get(i);
                return x ? `${x.source.code} → ${x.target?.code ?? '∅'} ${x.cameo} ${x.plover ?? ''}` : '';
              }),
              ...q.map(() => 'quotation'),
            ].join('\n');
            return (
              <span
                key={s.from}
                class={cls}
                title={title}
                data-mention={m.length ? m.join(' ') : undefined}
                data-ev={e.length ? e.join(' ') : undefined}
                data-quote={q.length ? q.join(' ') : undefined}
                onClick={e.length ? () => select('event', Number(e[0])) : undefined}
              >
                {s.text}
              </span>
            );
          })}
        </div>
      </article>
      <aside aria-label="Events and quotations of this article" class="side">
        {selected && <EventCard event={selected} />}
        <h2>Events ({a.events.length})</h2>
        <ol class="side-list" data-testid="article-events">
          {a.events.map((e) => (
            <li key={e.seq} class={e.seq === props.selectedEvent ? 'current' : ''}>
              <a href={href('articles', a.id, { event: e.seq })} data-testid="article-event" data-seq={e.seq} aria-current={e.seq === props.selectedEvent ? 'true' : undefined}>
                <Actor code={e.source.code} /> → <Actor code={e.target?.code} /> <Code event={e} />
                <br />
                <span class="muted">«{e.evidence.text}»</span>
              </a>
            </li>
          ))}
        </ol>
        <h2>Quotations ({a.quotes.length})</h2>
        <ol class="side-list" data-testid="article-quotes">
          {a.quotes.map((q) => (
            <li key={q.seq} class={q.seq === props.selectedQuote ? 'current' : ''}>
              <a href={href('articles', a.id, { quote: q.seq })} data-seq={q.seq}>
                {q.speaker?.name ?? q.speaker?.code ?? 'unattributed'}: <span class="muted">«{q.text.length > 120 ? `${q.text.slice(0, 120)}…` : q.text}»</span>
              </a>
            </li>
          ))}
        </ol>
      </aside>
    </div>
  );
}

function EventCard(props: { event: EventDto }) {
  const e = props.event;
  return (
    <section class="card" data-testid="selected-event" data-seq={e.seq} aria-label="Selected event">
      <h2>
        <Actor code={e.source.code} name={e.source.name} /> → <Actor code={e.target?.code} name={e.target?.name} /> <Code event={e} />
      </h2>
      <dl>
        <dt>Evidence</dt>
        <dd data-testid="selected-evidence-text">{e.evidence.text}</dd>
        <dt>Source</dt>
        <dd>
          {e.source.name} — “{e.source.text}” <span class="muted">{e.source.entry}</span>
        </dd>
        <dt>Target</dt>
        <dd>{e.target ? <>{e.target.name} — “{e.target.text}” <span class="muted">{e.target.entry}</span></> : '—'}</dd>
        <dt>Rule</dt>
        <dd>
          <code>{e.rule.id}</code> <span class="muted">{e.rule.pattern}</span>
        </dd>
        <dt>Goldstein · modality</dt>
        <dd>
          {e.goldstein} · {e.modality}
        </dd>
      </dl>
    </section>
  );
}
