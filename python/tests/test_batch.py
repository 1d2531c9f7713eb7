"""redline.code_batch / code_frame / code_articles_batch: Arrow batches through the C data interface."""

from __future__ import annotations

import datetime

import pandas as pd
import pyarrow as pa
import pytest

import redline


def batch_of(articles: list[dict]) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(articles)


def test_events_equal_code_per_article(demo_articles):
    events = redline.code_batch(batch_of(demo_articles), threads=2)
    assert events.schema == redline.events_schema()
    assert events.schema.field("date").type == pa.date32()
    rows = events.to_pylist()
    expected = []
    for article in demo_articles:
        coded = redline.code(article["text"], title=article["title"], date=article["date"], url=article["url"], id=article["id"])
        for seq, e in enumerate(coded["events"]):
            date = e["date"] or coded["date"]
            expected.append((coded["id"], seq, e["cameo"], e["source"]["code"], (e["target"] or {}).get("code"), e["evidence"]["start"], date))
    got = [(r["article_id"], r["seq"], r["cameo"], r["source_code"], r["target_code"], r["evidence_start"], r["date"].isoformat() if r["date"] else None) for r in rows]
    assert len(expected) > 20
    assert got == expected


def test_column_types_are_normalised():
    text = "Russia warned NATO on Monday that it would respond to any deployment of missiles."
    table = pa.table(
        {
            "id": pa.array(["a", "b"], pa.large_string()),
            "date": pa.array([datetime.datetime(2021, 11, 15, 12), None], pa.timestamp("us")),
            "text": pa.array([text, text], pa.large_string()),
            "extra": [1, 2],
        }
    )
    events = redline.code_batch(table)
    ids = set(events.column("article_id").to_pylist())
    assert ids == {"a", "b"}
    # The timestamp became the publication date: the same event dates as coding with that date.
    coded = redline.code(text, date="2021-11-15")
    expected = [e["date"] or coded["date"] for e in coded["events"]]
    assert expected
    assert [r["date"].isoformat() for r in events.to_pylist() if r["article_id"] == "a"] == expected


def test_bad_rows_raise_or_are_skipped():
    batch = batch_of([{"id": "ok", "text": "Russia threatened Ukraine."}, {"id": "empty", "text": ""}])
    with pytest.raises(redline.InputError, match=r'^<arrow>:2: error\[input.missing-text\]: no "text"$'):
        redline.code_batch(batch)
    events = redline.code_batch(batch, skip_errors=True)
    assert set(events.column("article_id").to_pylist()) <= {"ok"}
    with pytest.raises(redline.SchemaError, match='no "text" column'):
        redline.code_batch(pa.RecordBatch.from_pylist([{"id": "x"}]))
    with pytest.raises(redline.SchemaError, match='column "text" is Int64'):
        redline.code_batch(pa.RecordBatch.from_pylist([{"text": 3}]))
    with pytest.raises(TypeError):
        redline.code_batch([{"text": "x"}])


def test_empty_batch_gives_empty_events():
    empty = pa.RecordBatch.from_pylist([], schema=pa.schema([("id", pa.string()), ("text", pa.string())]))
    assert redline.code_batch(empty).num_rows == 0


def test_code_frame(demo_articles):
    frame = pd.DataFrame(demo_articles[:5])
    events = redline.code_frame(frame)
    assert isinstance(events, pd.DataFrame)
    assert list(events.columns) == redline.events_schema().names
    assert len(events) == redline.code_batch(batch_of(demo_articles[:5])).num_rows


def test_articles_batch_carries_events_fingerprints_and_diagnostics(demo_articles):
    articles = demo_articles[:4] + [{"id": "bad", "date": "soon", "text": "x"}]
    out = redline.code_articles_batch(batch_of(articles))
    assert out.schema == redline.articles_schema()
    rows = out.to_pylist()
    assert [r["id"] for r in rows] == [a["id"] for a in articles]
    flat = redline.code_batch(batch_of(articles[:4])).num_rows
    assert sum(len(r["events"]) for r in rows) == flat
    for row in rows[:4]:
        keys = [k & (2**64 - 1) for k in row["band_keys"]]
        assert keys == redline.band_keys(row["fingerprint"])
    assert rows[4]["fingerprint"] is None
    assert rows[4]["diagnostics"] == ['<arrow>:5: error[input.bad-date]: date "soon" is not YYYY-MM-DD or YYYYMMDD']
