"""redline.series / alerts / source_volumes: the CLI's numbers from an Arrow table of events.

The demo corpus is coded in Python (in file order, the order `redline ingest` stores it) and compared with
`redline series` / `redline alerts` on a database the CLI ingested from the same files.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pyarrow as pa
import pytest

import redline
from redline.spark import _parse_txt

from conftest import CORPUS


@pytest.fixture(scope="session")
def corpus_table() -> pa.Table:
    """The whole demo corpus, as `redline ingest DIR` reads it (sorted names, non-articles skipped)."""
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        row = _parse_txt(str(path), path.read_text(encoding="utf-8"))
        if row is not None:
            rows.append(dict(zip(("id", "title", "date", "url", "text"), row)))
    assert len(rows) > 1000
    return pa.Table.from_pylist(rows)


@pytest.fixture(scope="session")
def corpus_events(corpus_table) -> pa.RecordBatch:
    return redline.code_batch(corpus_table, article_columns=True)


@pytest.fixture(scope="session")
def corpus_db(redline_bin, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("signal") / "demo.db"
    subprocess.run([redline_bin, "ingest", str(CORPUS), "--db", str(db)], check=True, capture_output=True)
    return db


def cli_json(redline_bin: str, *args: str) -> object:
    done = subprocess.run([redline_bin, *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_article_columns_carry_publication_day_host_and_story(corpus_events, corpus_table):
    names = corpus_events.schema.names
    assert names[-3:] == ["published", "source_host", "story_id"]
    assert names[:-3] == redline.events_schema().names
    rows = corpus_events.select(["article_id", "date", "published", "source_host", "story_id"]).to_pylist()
    dates = dict(zip(corpus_table.column("id").to_pylist(), corpus_table.column("date").to_pylist()))
    assert all(r["published"].isoformat() == dates[r["article_id"]] for r in rows)
    # Events the text dates elsewhere keep their own `date`: that is why series need `published`.
    assert any(r["date"] != r["published"] for r in rows)
    hosts = {r["source_host"] for r in rows}
    assert len(hosts) > 2 and all(h is None or (h == h.lower() and not h.startswith("www.")) for h in hosts)
    assert any(r["story_id"] != r["article_id"] for r in rows), "the demo corpus has near-duplicates"


@pytest.mark.parametrize("dyad,by", [("RUS-UKR", "day"), ("RUS:USA", "week")])
def test_series_equals_the_cli(corpus_events, corpus_table, corpus_db, redline_bin, dyad, by):
    volumes = redline.source_volumes(corpus_table)
    ours = redline.series(corpus_events, dyad, by=by, volumes=volumes).to_pylist()
    cli = cli_json(redline_bin, "series", dyad, "--db", str(corpus_db), "--by", by, "--format", "json")
    assert cli["dyad"] == dyad
    assert len(ours) == len(cli["points"]) > 20
    assert sum(p["events"] for p in cli["points"]) > 20  # counted events: asserted and reported
    for mine, theirs in zip(ours, cli["points"]):
        assert mine["start"].isoformat() == theirs["start"]
        quad = [mine["verbal_cooperation"], mine["material_cooperation"], mine["verbal_conflict"], mine["material_conflict"]]
        assert quad == theirs["quad"], theirs["start"]
        for key in ("events", "stories", "sources", "story_events", "articles", "active_sources"):
            assert mine[key] == theirs[key], (theirs["start"], key)
        for key in ("goldstein_sum", "goldstein_mean", "conflict_share", "metric_per_100_articles"):
            assert close(mine[key], theirs[key]), (theirs["start"], key)
        assert close(mine["metric"], theirs["metric"]), theirs["start"]


def test_alerts_equal_the_cli(corpus_events, corpus_table, corpus_db, redline_bin):
    volumes = redline.source_volumes(corpus_table)
    ours = redline.alerts(corpus_events, volumes=volumes)
    cli = cli_json(redline_bin, "alerts", "--db", str(corpus_db), "--format", "json")
    assert len(cli) >= 2, "the demo corpus alerts before the invasion"
    assert len(ours) == len(cli)
    for mine, theirs in zip(ours, cli):
        for key in ("dyad", "date", "window_start", "severity", "rule", "kind"):
            assert mine[key] == theirs[key], key
        for key in ("value", "baseline_mean", "baseline_spread", "score", "window_events"):
            assert close(mine[key], theirs[key]), key
        assert [(d["article_id"], d["seq"]) for d in mine["drivers"]] == [
            (d["article_id"], d["seq"]) for d in theirs["drivers"]
        ]
    # Named dyads, and `since`, as `redline alerts --dyad ... --since ...`.
    named = redline.alerts(corpus_events, volumes=volumes, dyads=["RUS-UKR"], since="2022-01-01")
    cli_named = cli_json(redline_bin, "alerts", "--db", str(corpus_db), "--dyad", "RUS-UKR", "--since", "2022-01-01", "--format", "json")
    assert [(a["date"], a["rule"]) for a in named] == [(a["date"], a["rule"]) for a in cli_named]


def test_without_volumes_the_event_articles_are_the_coverage(corpus_events):
    rows = redline.series(corpus_events, "RUS-UKR", from_="2022-02-01", to="2022-02-07").to_pylist()
    assert [r["start"].isoformat() for r in rows][0] == "2022-02-01"
    assert len(rows) == 7
    # Each day's coverage is at least the articles carrying that day's dyad events.
    assert all(r["articles"] >= r["stories"] for r in rows)
    assert all(r["metric_per_100_articles"] is not None for r in rows if r["articles"])


def test_event_dates_are_used_when_there_is_no_publication_day():
    events = pa.table(
        {
            "article_id": ["a", "b"],
            "seq": [0, 0],
            "source_code": ["RUSMIL", "UKR"],
            "target_code": ["UKRMIL", "RUS"],
            "cameo": ["190", "111"],
            "quad_class": pa.array([4, 3], pa.int32()),
            "goldstein": [-10.0, -2.0],
            "date": pa.array(["2022-02-24", "2022-02-25"]).cast(pa.date32()),
        }
    )
    directed = redline.series(events, "RUS:UKR").to_pylist()
    assert [(r["start"].isoformat(), r["events"], r["material_conflict"]) for r in directed] == [
        ("2022-02-24", 1, 1),
        ("2022-02-25", 0, 0),
    ]
    both = redline.series(events, "RUS-UKR").to_pylist()
    assert [r["events"] for r in both] == [1, 1]
    assert both[0]["metric_per_100_articles"] == 100.0, "one article that day, one conflict event"


def test_errors_name_what_is_wrong(corpus_events):
    with pytest.raises(ValueError, match="must be two actor codes"):
        redline.series(corpus_events, "RUSUKR")
    with pytest.raises(ValueError, match="by="):
        redline.series(corpus_events, "RUS-UKR", by="month")
    with pytest.raises(ValueError, match="is after"):
        redline.series(corpus_events, "RUS-UKR", from_="2022-02-02", to="2022-02-01")
    with pytest.raises(redline.RulesError, match=r"^<rules>:\d+: invalid rules"):
        redline.alerts(corpus_events, rules="max_drivers = 3\n[series]\nmetric = 'nope'\n")
    with pytest.raises(redline.SchemaError, match='no "cameo" column'):
        redline.series(corpus_events.drop_columns(["cameo"]), "RUS-UKR")
    assert "[series]" in redline.default_rules()
    # A rules text with raw counts changes the watched value, not the counts.
    raw = redline.default_rules().replace('count = "story_events"', 'count = "events"')
    a = redline.series(corpus_events, "RUS-UKR", rules=raw).to_pylist()
    b = redline.series(corpus_events, "RUS-UKR").to_pylist()
    assert [r["events"] for r in a] == [r["events"] for r in b]
    assert sum(r["metric"] for r in a) > sum(r["metric"] for r in b)
