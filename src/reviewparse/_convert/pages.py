"""One page to its outcome: decode, parse, prepare; or, for ``check``, both round trips.

Both engines run these steps, the local one in its worker processes and the Dask
engine in its tasks, so a page gives the same record and the same error entry
on either. A step never raises for a page: a bug in reviewparse costs that one
page an ``internal`` error, not the run.

What "fails" means (the error report lists both kinds):

* a page *fails* when it yields no record: it could not be read (too large,
  a symlink or device member, an unsafe member name, a bad JSON line) or its
  bytes are not valid in its encoding (decoding is strict: a record must
  render back to the same bytes and be valid UTF-8 JSON);
* a page that parses only *leniently* is still a record (lossless, with
  ``strict: false`` and its diagnostics) and is listed too, with its first
  diagnostic.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from attrs import frozen

from reviewparse._convert.outputs import PageRecord
from reviewparse._convert.page_errors import PageError
from reviewparse._convert.pickling import tuple_pickled
from reviewparse._convert.sources.page import SourcePage
from reviewparse._core.dicts import page_from_dict, page_to_dict
from reviewparse._core.errors import ReviewDecodeError
from reviewparse._core.files import decode, parse_bytes
from reviewparse._core.parse import Keys, parse
from reviewparse._fields.lexicon import Lexicon

#: ``strict`` and ``lenient`` pages give a record; ``failed`` ones do not; ``mismatch``
#: is a page that ``check`` found not to render back to its input.
PageStatus = Literal["strict", "lenient", "failed", "mismatch"]

#: A credit's key as written and the field it maps to (None: a key we do not know).
CreditKey = tuple[str, str | None]

#: Credit-key spellings added to the lexicon, ``((field, (spelling, ...)), ...)``: the
#: shape of ``--keys FILE.toml`` that hashes and pickles small, so every worker builds
#: the parser for it once (``parse`` caches its lexicon by these spellings).
KeySpellings = tuple[tuple[str, tuple[str, ...]], ...]

#: What the page steps take for the lexicon: spellings, or a whole ``Lexicon``.
PageKeys = KeySpellings | Keys | Lexicon | None


def lexicon_keys(keys: PageKeys) -> Keys | Lexicon | None:
    """``keys`` as ``parse`` takes them (``()``: none added)."""
    if not keys:
        return None
    if isinstance(keys, tuple):
        return dict(keys)
    return keys


@tuple_pickled
@frozen
class Outcome:
    """One page's result. ``item`` is its prepared record (None when the page failed)."""

    source_id: str
    status: PageStatus
    item: Any = None
    error: PageError | None = None
    keys: tuple[CreditKey, ...] = ()  # check: the page's credit keys
    encoding: str | None = None  # check: the codec the page was read with

    @classmethod
    def failed(cls, error: PageError) -> Outcome:
        return cls(error.source_id, "failed", error=error)


def _same(record: PageRecord) -> PageRecord:
    return record


def convert_page(
    page: SourcePage,
    encoding: str | None = None,
    prepare: Callable[[PageRecord], Any] = _same,
    keys: PageKeys = None,
) -> Outcome:
    """The page's record, made by ``prepare`` (a format's, in a worker), and its error if any.

    ``keys`` extends the credit-key lexicon (``--keys FILE.toml``).
    """
    try:
        problem = page.problem()
        if problem is not None:
            return Outcome.failed(problem)
        decoded = _decoded_text(page, encoding)
        if isinstance(decoded, PageError):
            return Outcome.failed(decoded)
        text, used = decoded
        parsed = parse(text, keys=lexicon_keys(keys))
        record = PageRecord(
            page.source_id, page.path, page.record_id, used, parsed, page.source_fields
        )
        item = prepare(record)
        if parsed.is_strict:
            return Outcome(page.source_id, "strict", item)
        error = PageError.lenient(page.source_id, page.path, parsed.diagnostics, text)
        return Outcome(page.source_id, "lenient", item, error)
    except Exception as exc:  # pragma: no cover - a bug must cost one page, not the run
        return Outcome.failed(PageError.internal(page.source_id, page.path, exc))


def check_page(page: SourcePage, encoding: str | None = None, keys: PageKeys = None) -> Outcome:
    """Both round trips: bytes -> page -> bytes, and page -> JSON -> page."""
    try:
        return _checked(page, encoding, lexicon_keys(keys))
    except Exception as exc:  # pragma: no cover - a bug must cost one page, not the run
        return Outcome.failed(PageError.internal(page.source_id, page.path, exc))


def _checked(page: SourcePage, encoding: str | None, lexicon: Keys | Lexicon | None) -> Outcome:
    problem = page.problem()
    if problem is not None:
        return Outcome.failed(problem)
    data = page.data
    assert data is not None
    try:
        if isinstance(data, bytes):
            page_file = parse_bytes(data, encoding=encoding, keys=lexicon)
            parsed, same = page_file.page, page_file.to_bytes() == data
            used = page_file.encoding
        else:  # a JSON Lines row's text: UTF-8, as the row was
            parsed = parse(data, keys=lexicon)
            same = parsed.render() == data
            used = "utf-8"
    except ReviewDecodeError as exc:
        return Outcome.failed(PageError.undecodable(page.source_id, page.path, exc))
    back = page_from_dict(json.loads(json.dumps(page_to_dict(parsed))))
    same = same and back == parsed and back.render() == parsed.render()
    keys = tuple(dict.fromkeys((credit.key, credit.field) for credit in parsed.credits))
    if not same:
        error = PageError.mismatch(page.source_id, page.path)
        return Outcome(page.source_id, "mismatch", error=error, keys=keys, encoding=used)
    status: PageStatus = "strict" if parsed.is_strict else "lenient"
    return Outcome(page.source_id, status, keys=keys, encoding=used)


def _decoded_text(page: SourcePage, encoding: str | None) -> tuple[str, str] | PageError:
    """(text, encoding) of a page, or the error saying why it has none."""
    data = page.data
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as exc:
            return PageError.lone_surrogate(page.source_id, page.path, data, exc.start)
        return data, "utf-8"
    assert data is not None
    try:
        decoded = decode(data, encoding=encoding, strict=True)
    except ReviewDecodeError as exc:
        return PageError.undecodable(page.source_id, page.path, exc)
    except LookupError as exc:
        return PageError.unknown_codec(page.source_id, page.path, exc)
    return decoded.text, decoded.encoding
