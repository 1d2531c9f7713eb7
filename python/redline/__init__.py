"""redline: explainable CAMEO/PLOVER event coding of news and official statements.

The same engine as the ``redline`` command line, with the same embedded dictionaries and the same results:

- :func:`code` codes one article into a dict in the JSON Lines schema of ``redline code --format jsonl``;
- :func:`code_batch` codes a ``pyarrow.RecordBatch`` of articles into a ``pyarrow.RecordBatch`` of events
  (the ``events`` schema of ``redline export``, with its ``date`` column), through the Arrow C data
  interface: no Python object per row; :func:`code_frame` does the same for a pandas DataFrame;
- :func:`fingerprint`, :func:`band_keys` and :func:`same_story` are the near-duplicate ("story") rule of
  the store, for de-duplicating across machines or Spark partitions;
- :func:`series` and :func:`alerts` are ``redline series`` / ``redline alerts`` over an Arrow table of
  events (``code_batch(..., article_columns=True)``) and :func:`source_volumes` of the articles: the same
  numbers as the CLI on a database holding the same articles;
- :mod:`redline.spark` codes Spark DataFrames on the executors.

Errors derive from :class:`RedlineError`; an unreadable article raises :class:`InputError` with the
diagnostic as the CLI prints it.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
from typing import TYPE_CHECKING, Any

import pyarrow as _pa

from redline import _redline
from redline._redline import (
    DictionaryError,
    FingerprintError,
    InputError,
    RedlineError,
    RulesError,
    SchemaError,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "DictionaryError",
    "FingerprintError",
    "InputError",
    "RedlineError",
    "RulesError",
    "SchemaError",
    "__version__",
    "articles_schema",
    "band_keys",
    "code",
    "code_articles_batch",
    "code_batch",
    "alerts",
    "code_frame",
    "default_rules",
    "dict_version",
    "events_schema",
    "fingerprint",
    "same_story",
    "series",
    "source_volumes",
]

__version__: str = _redline.__version__

_STRING_COLUMNS = ("id", "title", "url", "text")


def code(
    text: str,
    *,
    title: str | None = None,
    date: str | _dt.date | None = None,
    url: str | None = None,
    id: str | None = None,  # noqa: A002 - the schema's field name
) -> dict[str, Any]:
    """Code one article.

    Args:
        text: the body, paragraphs separated by newlines.
        title: the headline (coded too, as paragraph 0).
        date: publication date, ``YYYY-MM-DD``, ``YYYYMMDD`` or a ``datetime.date``: the anchor of relative
            dates ("on Monday") and the date of events that name none.
        url: where it was published.
        id: a stable id; without one, ``h-`` and 16 hex digits of a hash of the content (never random).

    Returns:
        The article in the documented JSON Lines schema: ``{id, title, date, url, dict_version, text,
        events, quotes, mentions, diagnostics}``, every ``start``/``end`` a byte offset into ``text``.

    Raises:
        InputError: the text is empty or the date is not a date (the CLI's diagnostic as message).
    """
    if isinstance(date, _dt.date):
        date = date.isoformat()
    return _json.loads(_redline.code_json(text, title=title, date=date, url=url, id=id))


def _normalise(batch: _pa.RecordBatch | _pa.Table) -> _pa.RecordBatch:
    """Column types the engine reads: strings as ``utf8``, dates as ``date32`` (vectorised casts)."""
    if isinstance(batch, _pa.Table):
        batch = _pa.RecordBatch.from_arrays([c.combine_chunks() for c in batch.columns], schema=batch.schema)
    if not isinstance(batch, _pa.RecordBatch):
        raise TypeError(f"expected a pyarrow.RecordBatch or Table, got {type(batch).__name__}")
    columns, names = [], []
    for name, column in zip(batch.schema.names, batch.columns):
        kind = column.type
        if name in _STRING_COLUMNS and (_pa.types.is_large_string(kind) or _pa.types.is_string_view(kind)):
            column = column.cast(_pa.string())
        elif name == "date" and (_pa.types.is_timestamp(kind) or _pa.types.is_date64(kind)):
            column = column.cast(_pa.date32())
        elif name == "date" and (_pa.types.is_large_string(kind) or _pa.types.is_string_view(kind)):
            column = column.cast(_pa.string())
        columns.append(column)
        names.append(name)
    return _pa.RecordBatch.from_arrays(columns, names=names)


def code_batch(
    batch: _pa.RecordBatch | _pa.Table,
    *,
    threads: int = 0,
    skip_errors: bool = False,
    article_columns: bool = False,
) -> _pa.RecordBatch:
    """Code a batch of articles into a batch of events.

    Args:
        batch: a ``pyarrow.RecordBatch`` (or ``Table``) with a ``text`` column and optional ``id``, ``title``,
            ``url`` (strings) and ``date`` (``date32``, a timestamp, or a ``YYYY-MM-DD`` string) columns; other
            columns are ignored.
        threads: coding threads, 0 = one per core (the GIL is released while coding).
        skip_errors: skip unreadable rows instead of raising.
        article_columns: append what :func:`series` and :func:`alerts` need of each event's article:
            ``published`` (its publication date: series count events on the day they were reported, while
            ``date`` is the day the text says they happened), ``source_host`` (its URL host) and ``story_id``
            (its near-duplicate story, assigned as ``redline ingest`` does when it stores the rows in this
            order: each article joins the story of its closest earlier copy).

    Returns:
        One row per event, in article then text order, in the ``events`` schema of ``redline export``
        (:func:`events_schema`), plus the article columns if asked.

    Raises:
        InputError: a row has no text or a bad date (unless ``skip_errors``); the message names the row as
            ``<arrow>:ROW`` (rows counted from 1).
        SchemaError: the batch has no ``text`` column, or a column of a type redline cannot read.
    """
    return _redline.code_batch(
        _normalise(batch), threads=threads, skip_errors=skip_errors, article_columns=article_columns
    )


def code_articles_batch(batch: _pa.RecordBatch | _pa.Table, *, threads: int = 0) -> _pa.RecordBatch:
    """Code a batch of articles into one row per article (what :mod:`redline.spark` runs on executors).

    Columns: ``id``, ``date`` (date32), ``url``, ``source_host`` (the URL host), ``fingerprint`` (binary, of the clean body), ``band_keys``
    (list of int64: the unsigned keys' bits), ``events`` (list of structs in :func:`events_schema`) and
    ``diagnostics`` (list of strings as the CLI prints them). Unreadable rows are kept, with a null
    fingerprint, no events and their diagnostic.
    """
    return _redline.code_articles_batch(_normalise(batch), threads=threads)


def code_frame(frame: pandas.DataFrame, *, threads: int = 0, skip_errors: bool = False) -> pandas.DataFrame:
    """Code a pandas DataFrame of articles (columns as for :func:`code_batch`) into a DataFrame of events."""
    table = _pa.Table.from_pandas(frame, preserve_index=False)
    return code_batch(table, threads=threads, skip_errors=skip_errors).to_pandas()


def events_schema() -> _pa.Schema:
    """The Arrow schema of :func:`code_batch`'s output (the export's ``events`` table, ``date`` included)."""
    return _redline.events_schema_batch().schema


def articles_schema() -> _pa.Schema:
    """The Arrow schema of :func:`code_articles_batch`'s output."""
    return _redline.articles_schema_batch().schema


def fingerprint(text: str) -> bytes:
    """The encoded MinHash fingerprint of ``text`` (517 bytes; the recipe is in the ``redline-story`` crate).

    The engine fingerprints an article's clean body; pass the same text to compare with stored fingerprints.
    """
    return _redline.fingerprint(text)


def band_keys(text_or_fingerprint: str | bytes) -> list[int]:
    """The 42 LSH band keys (unsigned 64-bit) of a text or of an encoded fingerprint.

    Two articles that are the same story share a band key with near certainty; group by key to find
    candidate pairs, then confirm each with :func:`same_story`.

    Raises:
        FingerprintError: bytes that are not an encoded fingerprint.
    """
    if isinstance(text_or_fingerprint, str):
        text_or_fingerprint = _redline.fingerprint(text_or_fingerprint)
    return _redline.band_keys(bytes(text_or_fingerprint))


def same_story(a: str | bytes, b: str | bytes) -> dict[str, Any] | None:
    """Whether two texts (or encoded fingerprints) are the same story, by the rule of ``redline-story``.

    Returns:
        ``None``, or ``{"jaccard": float, "containment": float, "rule": "jaccard" | "containment"}``.

    Raises:
        FingerprintError: bytes that are not an encoded fingerprint.
    """
    fa = _redline.fingerprint(a) if isinstance(a, str) else bytes(a)
    fb = _redline.fingerprint(b) if isinstance(b, str) else bytes(b)
    return _redline.same_story(fa, fb)


def dict_version() -> str:
    """The version of the embedded dictionary set (``dictionaries/VERSION``)."""
    return _redline.dict_version()


# The columns the signal reads from an events table, and the Arrow type each is cast to.
_SIGNAL_COLUMNS = {
    "article_id": _pa.string(),
    "seq": _pa.int64(),
    "source_code": _pa.string(),
    "target_code": _pa.string(),
    "cameo": _pa.string(),
    "quad_class": _pa.int64(),
    "goldstein": _pa.float64(),
    "date": _pa.date32(),
    "published": _pa.date32(),
    "story_id": _pa.string(),
    "source_host": _pa.string(),
    "url": _pa.string(),
    "modality": _pa.string(),
}


def _as_batch(table: Any, columns: dict[str, _pa.DataType]) -> _pa.RecordBatch:
    """The known columns of an Arrow table, batch or pandas DataFrame as one batch of the expected types."""
    if not isinstance(table, (_pa.Table, _pa.RecordBatch)):
        if hasattr(table, "__arrow_c_stream__") or hasattr(table, "__arrow_c_array__"):
            table = _pa.table(table)
        elif type(table).__module__.startswith("pandas"):
            table = _pa.Table.from_pandas(table, preserve_index=False)
        else:
            raise TypeError(f"expected a pyarrow.Table or RecordBatch, got {type(table).__name__}")
    if isinstance(table, _pa.RecordBatch):
        table = _pa.Table.from_batches([table])
    arrays, names = [], []
    for name, kind in columns.items():
        if name not in table.column_names:
            continue
        column = table.column(name)
        if column.type != kind:
            try:
                column = column.cast(kind)
            except (_pa.ArrowInvalid, _pa.ArrowNotImplementedError) as err:
                raise SchemaError(f"column {name!r} is {column.type}, expected {kind}: {err}") from None
        arrays.append(column.combine_chunks())
        names.append(name)
    return _pa.RecordBatch.from_arrays(arrays, names=names)


def _day(value: str | _dt.date | None) -> str | None:
    return value.isoformat() if isinstance(value, _dt.date) else value


def source_volumes(articles: _pa.RecordBatch | _pa.Table) -> _pa.RecordBatch:
    """Every source's article count per publication day: ``date, host, articles``.

    ``articles`` has the columns of :func:`code_batch`'s input (``id``, ``date``, ``url``, ``text``);
    ``host`` is the URL host (``(no url)`` without one). Undated and unreadable rows are left out and each
    id counts once, as the store counts its articles. This is the coverage :func:`series` divides by.
    """
    return _redline.source_volumes(_normalise(articles))


def default_rules() -> str:
    """The text of the shipped alert rules (``rules/alerts.toml``; docs/signal.md explains them)."""
    return _redline.default_rules()


def series(
    events: _pa.Table | _pa.RecordBatch,
    dyad: str,
    *,
    by: str = "day",
    volumes: _pa.Table | _pa.RecordBatch | None = None,
    from_: str | _dt.date | None = None,
    to: str | _dt.date | None = None,
    rules: str | None = None,
) -> _pa.RecordBatch:
    """A dyad's series per day or ISO week: ``redline series DYAD --format csv`` as an Arrow batch.

    Args:
        events: events with ``article_id, seq, source_code, target_code, cameo, quad_class, goldstein`` and a
            day: ``published`` if present (from ``code_batch(..., article_columns=True)``), else ``date``;
            optional ``story_id`` (else each article is its own story), ``source_host`` (else the host of
            ``url``) and ``modality`` (only ``asserted`` and ``reported`` events count, as in the CLI). Events
            without a target or a day are left out.
        dyad: ``RUS:UKR`` (directed) or ``RUS-UKR`` (both directions); codes match by prefix.
        by: ``"day"`` or ``"week"`` (ISO weeks, labelled by their Monday).
        volumes: the coverage, :func:`source_volumes` of all the articles. Without it, the articles that
            carry ``events`` stand in, so ``articles`` and the per-100 values differ from the CLI's.
        from_, to: first and last day (inclusive); default the first and last day of the volumes.
        rules: a rules file's text, whose ``[series]`` says what ``metric`` counts (default: the shipped
            rules). The batch carries both ``metric`` and ``metric_per_100_articles``, whatever
            ``normalise`` says there.

    Returns:
        One row per bucket, empty ones included: ``start, events, verbal_cooperation,
        material_cooperation, verbal_conflict, material_conflict, goldstein_sum, goldstein_mean,
        conflict_share, stories, sources, story_events, articles, active_sources, metric,
        metric_per_100_articles``.

    Raises:
        SchemaError: a required column is missing or of a type that does not cast.
        RulesError: ``rules`` does not parse. ValueError: a bad dyad, ``by`` or date.
    """
    return _redline.series(
        _as_batch(events, _SIGNAL_COLUMNS),
        dyad,
        by=by,
        volumes=None if volumes is None else _as_batch(volumes, _VOLUME_COLUMNS),
        from_=_day(from_),
        to=_day(to),
        rules=rules,
    )


_VOLUME_COLUMNS = {"date": _pa.date32(), "host": _pa.string(), "articles": _pa.int64()}


def alerts(
    events: _pa.Table | _pa.RecordBatch,
    *,
    rules: str | None = None,
    dyads: list[str] | None = None,
    volumes: _pa.Table | _pa.RecordBatch | None = None,
    since: str | _dt.date | None = None,
    normalise: bool | None = None,
) -> list[dict[str, Any]]:
    """The alerts of ``redline alerts`` over a table of events.

    Args:
        events: as for :func:`series`.
        rules: a rules file's text (default: the shipped ``rules/alerts.toml``).
        dyads: the dyads to watch (``["RUS-UKR"]``); default: the rules' selection (country / organisation
            pairs with at least ``selection.min_events`` conflict events).
        volumes: the coverage (:func:`source_volumes`); see :func:`series`.
        since: keep alerts from this day on (the baselines still use the earlier history).
        normalise: override the rules' ``[series] normalise``.

    Returns:
        Alerts sorted by date then dyad, each ``{dyad, date, window_start, severity, rule, kind, value,
        baseline_mean, baseline_spread, score, window_events, drivers: [{article_id, seq, contribution}]}``:
        the fields of ``redline alerts --format json`` that come from the detector.
    """
    text = _redline.alerts_json(
        _as_batch(events, _SIGNAL_COLUMNS),
        rules=rules,
        dyads=dyads,
        volumes=None if volumes is None else _as_batch(volumes, _VOLUME_COLUMNS),
        since=_day(since),
        normalise=normalise,
    )
    return _json.loads(text)
