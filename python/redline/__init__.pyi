"""Typed stubs of the redline package (see redline/__init__.py for the documentation)."""

import datetime
from typing import Any, Literal, TypedDict

import pandas
import pyarrow

__version__: str

class RedlineError(Exception):
    """Base class of every redline error."""

class InputError(RedlineError):
    """An article redline cannot read; the message is the CLI's diagnostic."""

class SchemaError(RedlineError):
    """A batch whose columns redline cannot read."""

class DictionaryError(RedlineError):
    """The dictionary set does not compile."""

class FingerprintError(RedlineError):
    """Bytes that are not an encoded fingerprint."""

class RulesError(RedlineError):
    """An alert rules text that does not parse or validate."""

class StoryMatch(TypedDict):
    """Why two articles are the same story."""

    jaccard: float
    containment: float
    rule: Literal["jaccard", "containment"]

def code(
    text: str,
    *,
    title: str | None = None,
    date: str | datetime.date | None = None,
    url: str | None = None,
    id: str | None = None,
) -> dict[str, Any]:
    """Code one article into the JSON Lines schema of `redline code --format jsonl`."""

def code_batch(
    batch: pyarrow.RecordBatch | pyarrow.Table,
    *,
    threads: int = 0,
    skip_errors: bool = False,
    article_columns: bool = False,
) -> pyarrow.RecordBatch:
    """Code a batch of articles into a batch of events (the export's events schema, with date)."""

def code_articles_batch(batch: pyarrow.RecordBatch | pyarrow.Table, *, threads: int = 0) -> pyarrow.RecordBatch:
    """Code a batch of articles into one row per article with events, fingerprint and band keys."""

def code_frame(frame: pandas.DataFrame, *, threads: int = 0, skip_errors: bool = False) -> pandas.DataFrame:
    """Code a pandas DataFrame of articles into a DataFrame of events."""

def events_schema() -> pyarrow.Schema:
    """The Arrow schema of code_batch's output."""

def articles_schema() -> pyarrow.Schema:
    """The Arrow schema of code_articles_batch's output."""

def fingerprint(text: str) -> bytes:
    """The encoded MinHash fingerprint of a text."""

def band_keys(text_or_fingerprint: str | bytes) -> list[int]:
    """The 42 unsigned 64-bit LSH band keys of a text or an encoded fingerprint."""

def same_story(a: str | bytes, b: str | bytes) -> StoryMatch | None:
    """Whether two texts or fingerprints are the same story."""

def dict_version() -> str:
    """The version of the embedded dictionary set."""

class Driver(TypedDict):
    """An event that drove an alert."""

    article_id: str
    seq: int
    contribution: float

class AlertDict(TypedDict):
    """An alert, as `redline alerts --format json` gives the detector's fields."""

    dyad: str
    date: str
    window_start: str
    severity: Literal["warning", "high", "critical"]
    rule: str
    kind: Literal["zscore", "cusum"]
    value: float
    baseline_mean: float
    baseline_spread: float
    score: float
    window_events: float
    drivers: list[Driver]

def source_volumes(articles: pyarrow.RecordBatch | pyarrow.Table) -> pyarrow.RecordBatch:
    """Every source's article count per publication day: date, host, articles."""

def default_rules() -> str:
    """The text of the shipped alert rules."""

def series(
    events: pyarrow.Table | pyarrow.RecordBatch,
    dyad: str,
    *,
    by: Literal["day", "week"] = "day",
    volumes: pyarrow.Table | pyarrow.RecordBatch | None = None,
    from_: str | datetime.date | None = None,
    to: str | datetime.date | None = None,
    rules: str | None = None,
) -> pyarrow.RecordBatch:
    """A dyad's series per day or ISO week (the columns of `redline series --format csv`)."""

def alerts(
    events: pyarrow.Table | pyarrow.RecordBatch,
    *,
    rules: str | None = None,
    dyads: list[str] | None = None,
    volumes: pyarrow.Table | pyarrow.RecordBatch | None = None,
    since: str | datetime.date | None = None,
    normalise: bool | None = None,
) -> list[AlertDict]:
    """The alerts of `redline alerts` over a table of events."""
