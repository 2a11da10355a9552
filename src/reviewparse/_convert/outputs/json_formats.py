"""The JSON formats: JSON Lines, one JSON array, and schema.org JSON-LD."""

from __future__ import annotations

import json

from reviewparse._convert.outputs.record import PageRecord
from reviewparse._convert.outputs.stream import stream_format


@stream_format("jsonl", ".jsonl")
def jsonl(record: PageRecord) -> str:
    """One JSON object per line (``PageRecord.to_dict``)."""
    return json.dumps(record.to_dict(), ensure_ascii=False) + "\n"


@stream_format("json", ".json", header=b"[\n", separator=b",\n", footer=b"\n]\n")
def json_array(record: PageRecord) -> str:
    """One JSON array of the same objects, one per line."""
    return json.dumps(record.to_dict(), ensure_ascii=False)


@stream_format("jsonld", ".jsonld")
def jsonld(record: PageRecord) -> str:
    """One schema.org ``Movie`` (JSON-LD, ``ReviewPage.to_schema_org``) per line.

    Like every output row it names its page: ``identifier`` holds the source id,
    path and record id as schema.org ``PropertyValue`` items.
    """
    movie = record.page.to_schema_org()
    where = (("source_id", record.source_id), ("path", record.path), ("id", record.record_id))
    movie["identifier"] = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in where
        if value is not None
    ]
    return json.dumps(movie, ensure_ascii=False) + "\n"
