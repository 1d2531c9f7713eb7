"""Code a corpus with redline on Spark: events, stories and daily dyad series as Parquet partitioned by date.

    spark-submit --master spark://HOST:7077 python/examples/spark_job.py INPUT OUTPUT [--layout auto]

INPUT is Parquet, JSON Lines (columns/keys ``id, title, date, url, text``) or a directory of redline's
``.txt`` layout. OUTPUT gets ``events/``, ``series/`` (both partitioned by ``date``), ``stories/`` and
``summary.json`` (counts and timings). Every executor needs the redline wheel installed (docs/spark.md).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from redline import spark as rs


def executor_cores(spark: SparkSession) -> int:
    """Task slots of the executors: executors × ``spark.executor.cores`` when set (as scripts/test-spark and
    most clusters set it), else the default parallelism (right for ``local[N]``, and on a cluster whose
    executors each take all of their worker's cores, the total; Spark floors it at 2)."""
    sc = spark.sparkContext
    per_executor = spark.conf.get("spark.executor.cores", None)
    if per_executor and sc.master.startswith(("spark://", "yarn", "k8s://")):
        # The driver is listed too.
        executors = max(sc._jsc.sc().getExecutorMemoryStatus().size() - 1, 1)
        return executors * int(per_executor)
    return sc.defaultParallelism


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="Parquet, JSON Lines or a directory of .txt articles")
    parser.add_argument("output", help="output directory (replaced)")
    parser.add_argument("--layout", default="auto", choices=["auto", "parquet", "jsonl", "txt"])
    parser.add_argument("--partitions", type=int, default=0, help="repartition the articles (0 = 2 per core)")
    parser.add_argument("--no-dedupe", action="store_true", help="skip story de-duplication")
    args = parser.parse_args()

    spark = SparkSession.builder.appName("redline-spark-job").getOrCreate()
    started = time.perf_counter()
    articles = rs.read_articles(spark, args.input, layout=args.layout)
    partitions = args.partitions or 2 * spark.sparkContext.defaultParallelism
    articles = articles.repartition(partitions).persist()
    article_count = articles.count()
    read_seconds = time.perf_counter() - started

    engine_cpu = spark.sparkContext.accumulator(0.0)
    coded = rs.code_articles(articles, cpu_seconds=engine_cpu).persist()
    coded_count = coded.count()
    code_seconds = time.perf_counter() - started - read_seconds

    events = rs.event_rows(coded)
    if not args.no_dedupe:
        story_ids = rs.assign_stories(coded).persist()
        events = events.join(story_ids.withColumnRenamed("id", "article_id"), "article_id", "left").select(
            *events.columns, F.coalesce("story_id", "article_id").alias("story_id")
        )
        rs.stories(coded, story_ids).write.mode("overwrite").parquet(f"{args.output}/stories")
    events = events.persist()
    events.write.mode("overwrite").partitionBy("date").parquet(f"{args.output}/events")
    series = rs.daily_dyad_series(events, rs.daily_volumes(coded))
    series.write.mode("overwrite").partitionBy("date").parquet(f"{args.output}/series")
    total = time.perf_counter() - started
    cores = executor_cores(spark)

    diagnostics = coded.select(F.explode("diagnostics").alias("d")).where(F.col("d").startswith("<arrow>"))
    summary = {
        "articles": article_count,
        "coded": coded_count,
        "events": events.count(),
        "unreadable": diagnostics.count(),
        "cores": cores,
        "read_seconds": round(read_seconds, 3),
        "code_seconds": round(code_seconds, 3),
        "total_seconds": round(total, 3),
        "articles_per_second_per_core": round(coded_count / code_seconds / cores, 2)
        if code_seconds
        else None,
        # CPU the Python workers spent inside the engine (summed over executors): the coding's own per-core rate.
        "engine_cpu_seconds": round(engine_cpu.value, 3),
        "engine_articles_per_cpu_second": round(coded_count / engine_cpu.value, 2) if engine_cpu.value else None,
    }
    Path(args.output).mkdir(parents=True, exist_ok=True)
    Path(args.output, "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))
    spark.stop()


if __name__ == "__main__":
    main()
