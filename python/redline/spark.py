"""redline on Apache Spark: code a DataFrame of articles on the executors, find stories across partitions,
and derive daily dyad series in Spark SQL.

- :func:`code_articles` runs the engine with ``mapInArrow`` (Arrow batches in and out, no Python object per
  row): one row per article with its events, the fingerprint of its clean body and its LSH band keys.
- :func:`code_events` flattens those into one row per event in the ``events`` schema of ``redline export``
  (``date`` included), plus ``story_id`` when de-duplicating.
- :func:`assign_stories` groups near-duplicate articles without collecting anything to the driver:
  fingerprints are grouped by band key in Spark, each candidate pair is confirmed with the rule of the
  ``redline-story`` crate (:func:`redline.same_story`), and stories are the connected components of the
  confirmed pairs, found by min-label propagation in DataFrames. A story's id is the id of its first
  article (earliest date, then smallest id), whatever the partitioning.
- :func:`daily_dyad_series` is the signal crate's daily series (``redline series``) for every directed pair of
  country / organisation codes at once, in Spark SQL, and :func:`daily_volumes` its coverage.
- :func:`read_articles` reads Parquet, JSON Lines or a directory of redline's ``.txt`` layout.

Every executor needs this package installed (``pip install redline-*.whl``, or ``--py-files`` is not
enough: the package holds a compiled extension). See ``docs/spark.md``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "ARTICLE_COLUMNS",
    "articles_spark_schema",
    "assign_stories",
    "code_articles",
    "code_events",
    "MAX_ARTICLES_PER_BAND_KEY",
    "daily_dyad_series",
    "daily_volumes",
    "event_rows",
    "events_spark_schema",
    "read_articles",
    "stories",
]

#: The input columns redline reads (others are dropped before coding; missing ones are added as NULL).
ARTICLE_COLUMNS = ("id", "title", "date", "url", "text")

#: Candidates per band key in :func:`assign_stories`: a key shared by more articles than this (boilerplate
#: every article of a source carries) only pairs its first members (by date, then id). Near-duplicates still
#: meet through their other 41 bands; without the cap one such key makes the self-join quadratic.
MAX_ARTICLES_PER_BAND_KEY = 64

# A story label sorts by date, then id: ten characters of date (or a date after any real one), then the id.
_UNDATED = "9999-99-99"


def articles_spark_schema():
    """The Spark schema of :func:`code_articles`' output (from :func:`redline.articles_schema`)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    import redline

    return from_arrow_schema(redline.articles_schema())


def events_spark_schema():
    """The Spark schema of one event: the ``events`` table of ``redline export`` with ``date``."""
    from pyspark.sql.pandas.types import from_arrow_schema

    import redline

    return from_arrow_schema(redline.events_schema())


def _prepare(df: DataFrame) -> DataFrame:
    """The article columns in order, as strings (``date`` may stay a DATE); missing ones NULL."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DateType

    if "text" not in df.columns:
        import redline

        raise redline.SchemaError(f'the DataFrame has no "text" column (columns: {", ".join(df.columns)})')
    columns = []
    for name in ARTICLE_COLUMNS:
        if name not in df.columns:
            columns.append(F.lit(None).cast("string").alias(name))
        elif name == "date" and isinstance(df.schema[name].dataType, DateType):
            columns.append(F.col(name))
        else:
            columns.append(F.col(name).cast("string").alias(name))
    return df.select(*columns)


def code_articles(df: DataFrame, *, threads: int = 1, cpu_seconds=None) -> DataFrame:
    """Code a DataFrame of articles (``id, title, date, url, text``) on the executors.

    Args:
        df: the articles; ``text`` is required, ``date`` is a DATE or a ``YYYY-MM-DD`` string.
        threads: coding threads per Python worker. Spark already runs one worker per task slot, so 1 keeps
            one core per slot; raise it only with ``spark.task.cpus`` to match.
        cpu_seconds: a float ``Accumulator`` (``sc.accumulator(0.0)``) that receives the CPU time the
            Python workers spent in the engine, for articles/s per core (``examples/spark_job.py``).

    Returns:
        One row per article in :func:`articles_spark_schema`: ``id, date, url, fingerprint, band_keys,
        events, diagnostics``. Unreadable rows (no text, a bad date) are kept with their diagnostic.
    """
    schema = articles_spark_schema()

    def code_partition(batches: Iterator[pyarrow.RecordBatch]) -> Iterator[pyarrow.RecordBatch]:
        import time

        import redline

        for batch in batches:
            started = time.process_time()
            coded = redline.code_articles_batch(batch, threads=threads)
            if cpu_seconds is not None:
                cpu_seconds.add(time.process_time() - started)
            yield coded

    return _prepare(df).mapInArrow(code_partition, schema)


def assign_stories(
    articles: DataFrame, *, max_iterations: int = 64, max_per_key: int = MAX_ARTICLES_PER_BAND_KEY
) -> DataFrame:
    """The story of every coded article: ``(id, story_id)``, one row per article with an id.

    Candidate pairs share a band key (among the first ``max_per_key`` articles holding that key, by date then
    id: see :data:`MAX_ARTICLES_PER_BAND_KEY`); a pair is joined when :func:`redline.same_story` says so; stories
    are connected components (the store joins an article to the closest earlier story as it arrives, so
    a chain of copies can split there and stay whole here). ``story_id`` is the id of the component's
    earliest article (then smallest id). Articles without a fingerprint are stories of their own.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    keyed = articles.where(F.col("id").isNotNull()).select(
        "id",
        "fingerprint",
        "band_keys",
        F.concat(F.coalesce(F.date_format("date", "yyyy-MM-dd"), F.lit(_UNDATED)), F.col("id")).alias("label"),
    )
    bands = keyed.where(F.col("fingerprint").isNotNull()).select(
        "id", "label", F.posexplode("band_keys").alias("band", "key")
    )
    rank = F.row_number().over(Window.partitionBy("band", "key").orderBy("label"))
    bands = bands.withColumn("rank", rank).where(F.col("rank") <= max_per_key).select("id", "band", "key")
    a, b = bands.alias("a"), bands.alias("b")
    candidates = (
        a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key")))
        .where(F.col("a.id") < F.col("b.id"))
        .select(F.col("a.id").alias("left"), F.col("b.id").alias("right"))
        .distinct()
    )
    prints = keyed.select("id", "fingerprint")
    pairs = (
        candidates.join(prints.withColumnRenamed("id", "left").withColumnRenamed("fingerprint", "fa"), "left")
        .join(prints.withColumnRenamed("id", "right").withColumnRenamed("fingerprint", "fb"), "right")
        .where(_same_story_udf()(F.col("fa"), F.col("fb")))
        .select("left", "right")
    )
    edges = pairs.union(pairs.select(F.col("right").alias("left"), F.col("left").alias("right"))).cache()
    labels = _propagate_min_labels(keyed.select("id", "label"), edges, max_iterations)
    edges.unpersist()
    return labels.select("id", F.expr(f"substring(label, {len(_UNDATED) + 1})").alias("story_id"))


def _same_story_udf():
    """A vectorised UDF: whether two encoded fingerprints are the same story (the crate's rule)."""
    import warnings

    from pyspark.sql.functions import PandasUDFType, pandas_udf

    def same(a, b):  # two pandas Series of bytes -> a Series of bool
        import pandas as pd

        import redline

        return pd.Series([redline.same_story(bytes(x), bytes(y)) is not None for x, y in zip(a, b)], dtype=bool)

    # An explicit function type, since this module's annotations are strings Spark cannot resolve.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pandas_udf(same, "boolean", PandasUDFType.SCALAR)


def _propagate_min_labels(labels: DataFrame, edges: DataFrame, max_iterations: int) -> DataFrame:
    """Connected components: every vertex takes the smallest label among its neighbours until none changes."""
    from pyspark.sql import functions as F

    current = labels.cache()
    for _ in range(max_iterations):
        offers = (
            edges.join(current.withColumnRenamed("id", "left"), "left")
            .groupBy(F.col("right").alias("id"))
            .agg(F.min("label").alias("offer"))
        )
        updated = (
            current.join(offers, "id", "left")
            .select("id", F.least("label", F.coalesce("offer", "label")).alias("label"))
            .localCheckpoint()
        )
        changed = updated.join(current.withColumnRenamed("label", "before"), "id").where(
            F.col("label") != F.col("before")
        )
        done = changed.isEmpty()
        current.unpersist()
        current = updated
        if done:
            return current
    raise RuntimeError(f"stories did not converge in {max_iterations} rounds of label propagation")


def event_rows(articles: DataFrame) -> DataFrame:
    """One row per event of :func:`code_articles`' output: the events schema, then ``published`` (the article's
    publication day, the day series count the event on) and ``source_host`` (its URL host)."""
    from pyspark.sql import functions as F

    return articles.select(
        F.explode("events").alias("event"), F.col("date").alias("published"), "source_host"
    ).select("event.*", "published", "source_host")


def code_events(df: DataFrame, *, dedupe: bool = True, threads: int = 1) -> DataFrame:
    """Code a DataFrame of articles and return one row per event.

    Args:
        df: articles with ``id, title, date, url, text`` (see :func:`code_articles`).
        dedupe: add ``story_id`` (:func:`assign_stories`): the events of near-duplicate articles share it.
        threads: coding threads per Python worker (see :func:`code_articles`).

    Returns:
        Events in the ``events`` schema of ``redline export`` (``date`` included), then ``published``,
        ``source_host`` (:func:`event_rows`) and ``story_id``.
    """
    from pyspark.sql import functions as F

    articles = code_articles(df, threads=threads).persist()
    events = event_rows(articles)
    if not dedupe:
        return events
    stories_of = assign_stories(articles)
    return events.join(stories_of.withColumnRenamed("id", "article_id"), "article_id", "left").select(
        *events.columns, F.coalesce("story_id", "article_id").alias("story_id")
    )


def stories(articles: DataFrame, story_ids: DataFrame) -> DataFrame:
    """One row per story: ``id, date, first_article, articles, sources`` (the export's ``stories`` table).

    ``sources`` counts distinct URL hosts (lower-cased, without ``www.``).
    """
    from pyspark.sql import functions as F

    host = F.regexp_replace(F.lower(F.expr("parse_url(url, 'HOST')")), r"^www\.", "")
    return (
        articles.join(story_ids, "id")
        .groupBy(F.col("story_id").alias("id"))
        .agg(
            F.min("date").alias("date"),
            F.count("*").alias("articles"),
            F.countDistinct(host).alias("sources"),
        )
        .select("id", "date", F.col("id").alias("first_article"), "articles", "sources")
    )


_LEVEL = (
    "CASE WHEN substr({c}, 1, 3) IN ('IGO', 'NGO', 'IMG', 'MNC') THEN substr({c}, 1, 9) ELSE substr({c}, 1, 3) END"
)

_SERIES_SQL = """
WITH facts AS (
    -- What the signal crate reads of an event: the article's publication day (not the event's own date),
    -- its story (else the article), its URL host, the codes cut to country / organisation level.
    SELECT published AS date, {source_level} AS source, {target_level} AS target,
           coalesce(story_id, article_id) AS story, coalesce(source_host, '(no url)') AS host,
           source_code, target_code, cameo, quad_class, goldstein
    FROM {events}
    WHERE target_code IS NOT NULL AND published IS NOT NULL AND modality IN ('asserted', 'reported')
),
coverage AS (
    SELECT date, sum(articles) AS articles, count(DISTINCT host) AS active_sources FROM {volumes} GROUP BY date
),
points AS (
    SELECT date, source, target,
           count(*) AS events,
           sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS verbal_cooperation,
           sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS material_cooperation,
           sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS verbal_conflict,
           sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS material_conflict,
           sum(goldstein) AS goldstein_sum,
           avg(goldstein) AS goldstein_mean,
           sum(CASE WHEN quad_class >= 3 THEN 1 ELSE 0 END) / count(*) AS conflict_share,
           count(DISTINCT story) AS stories,
           count(DISTINCT host) AS sources,
           count(DISTINCT story, source_code, target_code, cameo) AS story_events,
           -- The default rules' metric: conflict (quad 3-4) events counted once per story and day.
           count(DISTINCT CASE WHEN quad_class >= 3 THEN concat_ws(char(31), story, source_code, target_code, cameo) END)
               AS metric
    FROM facts
    GROUP BY date, source, target
)
SELECT p.*, coalesce(c.articles, 0) AS articles, coalesce(c.active_sources, 0) AS active_sources,
       CASE WHEN c.articles > 0 THEN 100.0 * p.metric / c.articles END AS metric_per_100_articles
FROM points p LEFT JOIN coverage c ON p.date = c.date
"""


def daily_volumes(articles: DataFrame) -> DataFrame:
    """Every source's article count per publication day (``date, host, articles``): the coverage of the series.

    ``articles`` is :func:`code_articles`' output; each id counts once, unreadable and undated rows are left
    out, and ``host`` is the URL host or ``(no url)``, as the store counts (``redline.source_volumes``).
    """
    from pyspark.sql import functions as F

    return (
        articles.where(F.col("fingerprint").isNotNull() & F.col("date").isNotNull() & F.col("id").isNotNull())
        .dropDuplicates(["id"])
        .groupBy("date", F.coalesce("source_host", F.lit("(no url)")).alias("host"))
        .agg(F.count("*").alias("articles"))
    )


def daily_dyad_series(events: DataFrame, volumes: DataFrame) -> DataFrame:
    """The daily series of every directed level pair, in Spark SQL: one row per (day, source, target) with events.

    The signal crate's definitions (docs/signal.md): events are placed on their article's publication day
    (``published``); codes are cut to country / organisation level (``RUSGOV`` → ``RUS``, ``IGOWSTNATMIL`` →
    ``IGOWSTNAT``), so the rows of (``RUS``, ``UKR``) are ``redline series RUS:UKR``'s days with events;
    ``stories`` counts distinct stories (an article without one is its own), ``sources`` distinct hosts,
    ``story_events`` distinct (story, source code, target code, CAMEO code); ``metric`` is the shipped rules'
    watched value (conflict story-events), and ``articles`` / ``active_sources`` /
    ``metric_per_100_articles`` the day's coverage from ``volumes`` (:func:`daily_volumes`).

    How it differs from ``redline series``: days without an event of the pair have no row (the CLI lists them
    with zeros); an undirected dyad is the sum of its two directions for the counts (events, quads, Goldstein
    sum, story events, metric) but not for ``stories`` and ``sources``, which are distinct counts; and story
    ids come from :func:`assign_stories` (connected components over the whole input) where the store joins
    each article to the closest earlier story as it is written, so on chains of near-copies the two can
    group differently.

    Events need ``published``, ``source_host``, ``modality`` and ``story_id`` (:func:`code_events`); without
    ``story_id`` each article is its own story. Only ``asserted`` and ``reported`` events count, as in the CLI.
    """
    from pyspark.sql import functions as F

    if "story_id" not in events.columns:
        events = events.withColumn("story_id", F.lit(None).cast("string"))
    if "modality" not in events.columns:
        events = events.withColumn("modality", F.lit("asserted"))
    tag = f"{os.getpid()}_{id(events)}"
    events.createOrReplaceTempView(f"redline_events_{tag}")
    volumes.createOrReplaceTempView(f"redline_volumes_{tag}")
    sql = _SERIES_SQL.format(
        events=f"redline_events_{tag}",
        volumes=f"redline_volumes_{tag}",
        source_level=_LEVEL.format(c="source_code"),
        target_level=_LEVEL.format(c="target_code"),
    )
    return events.sparkSession.sql(sql)


def read_articles(spark: SparkSession, path: str, *, layout: str = "auto") -> DataFrame:
    """Read articles from ``path``: ``parquet``, ``jsonl`` (JSON Lines), ``txt`` or ``auto``.

    ``txt`` reads a directory of redline's text layout (line 1 title, line 2 date ``YYYYMMDD``, line 3 URL,
    then the body; the id is the file stem), as ``redline code DIR`` does: files whose second line is not a
    date are skipped. ``auto`` picks by the path's extension, or by the files in a directory.
    """
    if layout == "auto":
        layout = _guess_layout(path)
    if layout == "parquet":
        return spark.read.parquet(path)
    if layout == "jsonl":
        schema = "id STRING, title STRING, date STRING, url STRING, text STRING"
        return spark.read.schema(schema).json(path)
    if layout == "txt":
        return _read_txt(spark, path)
    raise ValueError(f"unknown layout {layout!r}: expected auto, parquet, jsonl or txt")


def _guess_layout(path: str) -> str:
    lower = path.rstrip("/").lower()
    for layout, extensions in (("parquet", (".parquet",)), ("jsonl", (".jsonl", ".json", ".ndjson"))):
        if lower.endswith(extensions):
            return layout
    if lower.endswith(".txt"):
        return "txt"
    if os.path.isdir(path):
        names = os.listdir(path)
        for layout, extensions in (("parquet", (".parquet",)), ("jsonl", (".jsonl", ".json", ".ndjson"))):
            if any(n.lower().endswith(extensions) for n in names):
                return layout
        return "txt"
    return "parquet"


def _parse_txt(path: str, content: str) -> tuple | None:
    """One ``.txt`` article as ``(id, title, date, url, text)``, or ``None`` where ``redline code`` skips it."""
    import re

    name = path.rsplit("/", 1)[-1]
    if not name.lower().endswith(".txt") or name.startswith("."):
        return None
    content = content.removeprefix("\ufeff")
    lines = [line.rstrip("\r") for line in content.rstrip().split("\n")]
    if len(lines) < 4:
        return None
    date_line = lines[1].strip()
    if re.fullmatch(r"\d{8}", date_line):
        date = f"{date_line[:4]}-{date_line[4:6]}-{date_line[6:]}"
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_line):
        date = date_line
    else:
        return None
    body = "\n".join(lines[3:])
    stem = name[: -len(".txt")]
    return (stem, lines[0].strip() or None, date, lines[2].strip() or None, body)


def _read_txt(spark: SparkSession, path: str) -> DataFrame:
    files = spark.sparkContext.wholeTextFiles(path)
    rows = files.map(lambda pair: _parse_txt(pair[0], pair[1])).filter(lambda row: row is not None)
    return spark.createDataFrame(rows, "id STRING, title STRING, date STRING, url STRING, text STRING")
