"""Check that the events a Spark job wrote equal, as a set, the events of `redline code --format jsonl`.

    python compare_events.py CLI.jsonl SPARK_OUT/events

Prints `N passed, M failed` and exits non-zero on any difference.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

import pyarrow.dataset as ds
import pyarrow as pa


def cli_events(path: str) -> Counter:
    keys: Counter = Counter()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            for seq, e in enumerate(article["events"]):
                target = e["target"] or {}
                keys[(
                    article["id"], seq, e["sentence"], e["date"] or article["date"], e["cameo"], e["plover"],
                    e["quad_class"], round(e["goldstein"], 3), e["source"]["code"], e["source"]["start"],
                    e["source"]["end"], target.get("code"), target.get("start"), target.get("end"),
                    e["evidence"]["start"], e["evidence"]["end"], e["evidence"]["text"], e["rule"]["id"],
                    e["modality"], article["dict_version"],
                )] += 1
    return keys


def spark_events(path: str) -> Counter:
    partitioning = ds.partitioning(pa.schema([("date", pa.string())]), flavor="hive")
    table = ds.dataset(path, format="parquet", partitioning=partitioning).to_table()
    keys: Counter = Counter()
    for r in table.to_pylist():
        date = None if r["date"] in (None, "__HIVE_DEFAULT_PARTITION__") else r["date"]
        keys[(
            r["article_id"], r["seq"], r["sentence"], date, r["cameo"], r["plover"], r["quad_class"],
            round(r["goldstein"], 3), r["source_code"], r["source_start"], r["source_end"], r["target_code"],
            r["target_start"], r["target_end"], r["evidence_start"], r["evidence_end"], r["evidence_text"],
            r["rule_id"], r["modality"], r["dict_version"],
        )] += 1
    return keys


def main() -> int:
    cli, spark = cli_events(sys.argv[1]), spark_events(sys.argv[2])
    missing, extra = cli - spark, spark - cli
    for key in list(missing)[:5]:
        print("only in the CLI:", key)
    for key in list(extra)[:5]:
        print("only in Spark:", key)
    failed = sum(missing.values()) + sum(extra.values())
    print(f"events: {sum(cli.values())} from the CLI, {sum(spark.values())} from Spark")
    print(f"{sum((cli & spark).values())} passed, {failed} failed")
    return 1 if failed or not cli else 0


if __name__ == "__main__":
    sys.exit(main())
