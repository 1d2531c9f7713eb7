"""redline.spark on a local two-core Spark: coding with mapInArrow, stories across partitions, series."""

from __future__ import annotations

import os

import pyarrow as pa
import pytest

import redline

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("redline-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_events_stories_and_series(spark, demo_articles):
    from redline import spark as rs

    articles = demo_articles[:8]
    # A re-titled copy of article 0 under another id and URL, in another partition.
    copy = dict(articles[0], id="zz-copy", title="Copy", url="https://other.test/copy")
    rows = articles + [copy]
    df = spark.createDataFrame(rows, "id STRING, title STRING, date STRING, url STRING, text STRING").repartition(3)
    events = rs.code_events(df)
    got = {(r.article_id, r.seq, r.cameo, r.evidence_start, r.story_id) for r in events.collect()}
    expected_batch = redline.code_batch(pa.RecordBatch.from_pylist(rows)).to_pylist()
    assert {(r["article_id"], r["seq"], r["cameo"], r["evidence_start"]) for r in expected_batch} == {g[:4] for g in got}
    story_of = {g[0]: g[4] for g in got}
    assert story_of["zz-copy"] == story_of[articles[0]["id"]] == articles[0]["id"]
    assert len(set(story_of.values())) == len(set(story_of)) - 1

    volumes = rs.daily_volumes(rs.code_articles(df))
    series = rs.daily_dyad_series(events, volumes).collect()
    assert series and all(r.events >= 1 and r.articles >= r.stories for r in series)
    # The copy's events count once per story: story events and the metric equal those without the copy.
    trimmed = df.where("id != 'zz-copy'")
    without_copy = rs.daily_dyad_series(rs.code_events(trimmed), rs.daily_volumes(rs.code_articles(trimmed))).collect()
    key = lambda r: (r.date, r.source, r.target, r.story_events, r.metric, r.stories)  # noqa: E731
    assert sorted(map(key, series)) == sorted(map(key, without_copy))
    assert sum(r.events for r in series) > sum(r.events for r in without_copy)


def test_spark_series_are_the_signal_crates(spark, demo_articles):
    """Spark SQL's rows for a level pair equal redline.series (the CLI's code) on the same events and stories."""
    from redline import spark as rs

    df = spark.createDataFrame(demo_articles, "id STRING, title STRING, date STRING, url STRING, text STRING").repartition(3)
    events = rs.code_events(df)
    volumes = rs.daily_volumes(rs.code_articles(df))
    rows = rs.daily_dyad_series(events, volumes).collect()
    busiest = max({(r.source, r.target) for r in rows}, key=lambda p: sum(r.events for r in rows if (r.source, r.target) == p))
    spark_points = {r.date: r.asDict() for r in rows if (r.source, r.target) == busiest}
    dyad = f"{busiest[0]}:{busiest[1]}"
    ours = redline.series(events.toArrow(), dyad, volumes=volumes.toArrow()).to_pylist()
    ours = {p["start"]: p for p in ours if p["events"]}
    assert ours.keys() == spark_points.keys() and len(ours) >= 2
    for day, mine in ours.items():
        theirs = spark_points[day]
        for key in ("events", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
                    "stories", "sources", "story_events", "articles", "active_sources"):
            assert mine[key] == theirs[key], (day, key)
        for key in ("goldstein_sum", "goldstein_mean", "conflict_share", "metric", "metric_per_100_articles"):
            assert mine[key] == pytest.approx(theirs[key]), (day, key)


def test_read_txt_layout_matches_the_fixture(spark, demo_articles, tmp_path):
    from conftest import CORPUS
    from redline import spark as rs

    for article in demo_articles[:3]:
        (tmp_path / f"{article['id']}.txt").write_text((CORPUS / f"{article['id']}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article\n")
    read = sorted(rs.read_articles(spark, str(tmp_path)).collect(), key=lambda r: r.id)
    assert [r.asDict() for r in read] == sorted(demo_articles[:3], key=lambda a: a["id"])
