//! Unit tests of the byte-span conversion and segmentation (`npm test`: bundled by esbuild, run by
//! node's test runner).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteToUtf16Map, segment, sliceBytes } from './spans';

/** Byte offsets of `needle` in `hay`, computed independently with TextEncoder on prefixes. */
function bytesOf(hay: string, needle: string): [number, number] {
  const i = hay.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in text`);
  const enc = new TextEncoder();
  const start = enc.encode(hay.slice(0, i)).length;
  return [start, start + enc.encode(needle).length];
}

const TEXT = 'Zelenskyy said «Україна — це Європа» 🇺🇦 and Lavrov said “no”.';

test('byte map covers every byte and ends at the string length', () => {
  const map = byteToUtf16Map(TEXT);
  assert.equal(map.length, new TextEncoder().encode(TEXT).length + 1);
  assert.equal(map[map.length - 1], TEXT.length);
  for (let b = 1; b < map.length; b++) assert.ok(map[b] >= map[b - 1]);
});

test('byte ranges slice to the same text as Rust would', () => {
  for (const needle of ['Україна', 'це Європа', '🇺🇦', 'Lavrov', '“no”', 'Zelenskyy']) {
    const [s, e] = bytesOf(TEXT, needle);
    assert.equal(sliceBytes(TEXT, s, e), needle);
  }
});

test('out-of-range and empty spans are dropped, never thrown', () => {
  assert.equal(sliceBytes(TEXT, 5, 5), '');
  assert.equal(sliceBytes(TEXT, 10_000, 20_000), '');
  const segs = segment(TEXT, [{ start: -4, end: 9_999_999, kind: 'x', id: '1' }, { start: 7, end: 3, kind: 'y', id: '2' }]);
  assert.equal(segs.map((s) => s.text).join(''), TEXT);
  assert.ok(segs.every((s) => s.spans.length === 1 && s.spans[0].kind === 'x'));
});

test('a span ending inside a multi-byte character keeps the whole character', () => {
  const [s, e] = bytesOf(TEXT, '🇺🇦');
  assert.equal(sliceBytes(TEXT, s, e - 1), '🇺🇦');
  assert.equal(sliceBytes(TEXT, s + 1, e), '🇺🇦');
});

test('nested and overlapping spans all render, and segments rebuild the text', () => {
  const [qs, qe] = bytesOf(TEXT, 'Україна — це Європа');
  const [ms, me] = bytesOf(TEXT, 'Україна');
  const [os, oe] = bytesOf(TEXT, 'це Європа» 🇺🇦 and');
  const spans = [
    { start: qs, end: qe, kind: 'quote', id: 'q' },
    { start: ms, end: me, kind: 'mention', id: 'm' },
    { start: os, end: oe, kind: 'evidence', id: 'e' },
  ];
  const segs = segment(TEXT, spans);
  assert.equal(segs.map((s) => s.text).join(''), TEXT);
  for (const sp of spans) {
    const joined = segs
      .filter((s) => s.spans.includes(sp))
      .map((s) => s.text)
      .join('');
    assert.equal(joined, sliceBytes(TEXT, sp.start, sp.end), `span ${sp.kind}`);
  }
  const both = segs.find((s) => s.text === 'це Європа');
  assert.deepEqual(both?.spans.map((s) => s.kind).sort(), ['evidence', 'quote']);
});
