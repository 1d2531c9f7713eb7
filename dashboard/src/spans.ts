//! Byte spans to highlighted segments. The API gives every span as a `[start, end)` range of UTF-8
//! BYTE offsets into the article's clean text; JavaScript strings index UTF-16 code units. This module
//! owns the conversion and the cutting of a text into flat segments, each carrying every span that
//! covers it, so that nested and overlapping spans (a mention inside an evidence inside a quote)
//! all still render.

/** A highlight request: a byte range and who it belongs to. */
export interface ByteSpan {
  /** UTF-8 byte offset of the first byte. */
  start: number;
  /** UTF-8 byte offset one past the last byte. */
  end: number;
  /** What the span marks: `mention`, `evidence`, `quote`, ... (becomes a data attribute). */
  kind: string;
  /** The id of the thing within its kind (event seq, quote seq, mention index). */
  id: string;
}

/** A run of text that the same set of spans covers. */
export interface Segment {
  /** The text of the run (a JS string slice). */
  text: string;
  /** UTF-16 start index in the whole text. */
  from: number;
  /** The spans covering the whole run, in input order; empty for plain text. */
  spans: ByteSpan[];
}

/**
 * Maps UTF-8 byte offsets of `text` to UTF-16 indices. Entry `b` is the index of the character that
 * contains byte `b` (a byte inside a multi-byte character maps to that character's start, so a
 * malformed span never cuts a surrogate pair); entry `byteLength` is `text.length`.
 */
export function byteToUtf16Map(text: string): Uint32Array {
  const byteLength = new TextEncoder().encode(text).length;
  const map = new Uint32Array(byteLength + 1);
  let byte = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    // A lone surrogate is encoded by TextEncoder as U+FFFD (3 bytes).
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map[byte + k] = i;
    byte += bytes;
    i += units;
  }
  map[byteLength] = text.length;
  return map;
}

/** Converts a byte range to a UTF-16 range, clamping out-of-range offsets; `null` if it is empty. */
export function byteRangeToUtf16(map: Uint32Array, start: number, end: number): [number, number] | null {
  const max = map.length - 1;
  const s = Math.max(0, Math.min(Math.floor(start), max));
  const e = Math.max(0, Math.min(Math.floor(end), max));
  if (!(e > s)) return null;
  const from = map[s];
  // An end inside a multi-byte character extends to the end of that character.
  let to = map[e];
  if (e < max && map[e - 1] === map[e]) {
    let k = e;
    while (k < max && map[k] === map[e]) k++;
    to = map[k];
  }
  return to > from ? [from, to] : null;
}

/**
 * Cuts `text` into segments at every span boundary. Spans that are empty or fall outside the text
 * are dropped; overlapping and nested spans are fine. Concatenating the segments' texts gives back
 * `text` exactly.
 */
export function segment(text: string, spans: ByteSpan[]): Segment[] {
  const map = byteToUtf16Map(text);
  const ranged: { span: ByteSpan; from: number; to: number }[] = [];
  const cuts = new Set<number>([0, text.length]);
  for (const span of spans) {
    const r = byteRangeToUtf16(map, span.start, span.end);
    if (!r) continue;
    ranged.push({ span, from: r[0], to: r[1] });
    cuts.add(r[0]);
    cuts.add(r[1]);
  }
  const points = [...cuts].sort((a, b) => a - b);
  // Sweep: spans sorted by start enter the active set; each segment keeps those still open.
  ranged.sort((a, b) => a.from - b.from);
  const out: Segment[] = [];
  let next = 0;
  let active: typeof ranged = [];
  for (let p = 0; p + 1 < points.length; p++) {
    const from = points[p];
    const to = points[p + 1];
    active = active.filter((r) => r.to > from);
    while (next < ranged.length && ranged[next].from <= from) {
      if (ranged[next].to > from) active.push(ranged[next]);
      next++;
    }
    const covering = active.filter((r) => r.from <= from && r.to >= to).map((r) => r.span);
    out.push({ text: text.slice(from, to), from, spans: covering });
  }
  return out;
}

/** The text of a byte range of `text` (what `&text[start..end]` gives in Rust), or `''` if invalid. */
export function sliceBytes(text: string, start: number, end: number): string {
  const r = byteRangeToUtf16(byteToUtf16Map(text), start, end);
  return r ? text.slice(r[0], r[1]) : '';
}
