"""redline.code: one article into the JSON Lines schema, the same as `redline code --format jsonl`."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest

import redline
from conftest import CORPUS

WARNING = (
    "Russian Deputy Foreign Minister Sergei Ryabkov warned NATO on Monday that Moscow would respond to any "
    "deployment of missiles in Ukraine. Russia accused the United States of provoking a crisis."
)


def test_schema_and_offsets_slice_the_text():
    article = redline.code(WARNING, title="Russia warns NATO", date="2021-11-15", url="https://x.test/a", id="a1")
    assert list(article) == ["id", "title", "date", "url", "dict_version", "text", "events", "quotes", "mentions", "diagnostics"]
    assert (article["id"], article["date"], article["dict_version"]) == ("a1", "2021-11-15", redline.dict_version())
    assert article["events"], "the sample codes events"
    text = article["text"].encode()
    for event in article["events"]:
        ev = event["evidence"]
        assert text[ev["start"] : ev["end"]].decode() == ev["text"]
        assert text[event["source"]["start"] : event["source"]["end"]].decode() == event["source"]["text"]
        assert event["modality"] in {"asserted", "negated", "hypothetical", "future", "question", "reported", "denied"}
    # "on Monday" resolves against the publication date.
    assert any(e["date"] == "2021-11-15" for e in article["events"])


def test_dates_as_date_objects_and_compact_strings_agree():
    a = redline.code(WARNING, date=datetime.date(2021, 11, 15))
    b = redline.code(WARNING, date="20211115")
    assert a == b
    assert a["id"].startswith("h-") and len(a["id"]) == 18


def test_bad_input_raises_with_the_cli_diagnostic():
    with pytest.raises(redline.InputError, match=r'^error\[input.missing-text\]: no "text"$'):
        redline.code("   ")
    with pytest.raises(redline.InputError) as info:
        redline.code("Text.", date="15 November")
    assert str(info.value) == 'error[input.bad-date]: date "15 November" is not YYYY-MM-DD or YYYYMMDD'
    assert isinstance(info.value, redline.RedlineError)


def test_same_results_as_the_cli(redline_bin, demo_articles):
    files = sorted(CORPUS.glob("*.txt"))[::25][:12]
    out = subprocess.run([redline_bin, "code", "--format", "jsonl", *map(str, files)], capture_output=True, check=True, text=True)
    cli = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(cli) == len(files)
    for expected, article in zip(cli, demo_articles):
        ours = redline.code(article["text"], title=article["title"], date=article["date"], url=article["url"], id=article["id"])
        # The CLI's coder diagnostics carry the file they came from; everything else is identical.
        for record in (expected, ours):
            record["diagnostics"] = [(d["severity"], d["code"], d["message"]) for d in record["diagnostics"]]
        assert ours == expected, article["id"]
