"""The JSON formats: JSON Lines, one JSON array, and schema.org JSON-LD.

``jsonl`` and ``json`` write ``PageRecord.to_dict`` (every field of
``ROW_COLUMNS``, the layout included, so ``render`` reads them back).
``jsonld`` writes one JSON-LD document, ``{"@context": ..., "@graph": [...]}``,
with a node per page; ``jsonld-lines`` one self-contained node per line.
A page without a title is a ``WebPage`` node, never a nameless ``Movie``.
"""

from __future__ import annotations

import json
from typing import Any

from reviewparse._convert.outputs.record import PageRecord
from reviewparse._convert.outputs.stream import stream_format
from reviewparse._core.schema_org import CONTEXT


def jsonl(record: PageRecord) -> str:
    """One JSON object per line (``PageRecord.to_dict``)."""
    return json.dumps(record.to_dict(), ensure_ascii=False) + "\n"


def json_array(record: PageRecord) -> str:
    """One JSON array of the same objects, one per line."""
    return json.dumps(record.to_dict(), ensure_ascii=False)


def _identifiers(record: PageRecord) -> list[dict[str, Any]]:
    """Where the page came from, and the row's other fields, as schema.org PropertyValues."""
    where = [("source_id", record.source_id), ("path", record.path), ("id", record.record_id)]
    where += [
        (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in record.source_field_values.items()
    ]
    return [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in where
        if value is not None
    ]


def schema_org_node(record: PageRecord) -> dict[str, Any]:
    """The page's JSON-LD node: its ``Movie``, or a ``WebPage`` when no title names one.

    Like every output row it names its page: ``identifier`` holds the source id,
    path, record id and the row's other fields as ``PropertyValue`` items.
    """
    node = record.page.to_schema_org()
    if "name" not in node:
        page = node.get("mainEntityOfPage", {"@type": "WebPage"})
        node = {"@context": node["@context"], **page}
    node["identifier"] = _identifiers(record)
    return node


def jsonld_lines(record: PageRecord) -> str:
    """One self-contained JSON-LD node (with its ``@context``) per line."""
    return json.dumps(schema_org_node(record), ensure_ascii=False) + "\n"


def jsonld_graph_item(record: PageRecord) -> str:
    """One node of the ``@graph`` (the document's header holds the ``@context``)."""
    node = schema_org_node(record)
    del node["@context"]
    return json.dumps(node, ensure_ascii=False)


JSONL = stream_format(jsonl, "jsonl", ".jsonl")
JSON_ARRAY = stream_format(
    json_array, "json", ".json", header=b"[\n", separator=b",\n", footer=b"\n]\n"
)
JSONLD = stream_format(
    jsonld_graph_item,
    "jsonld",
    ".jsonld",
    header=b'{"@context": "' + CONTEXT.encode("ascii") + b'", "@graph": [\n',
    separator=b",\n",
    footer=b"\n]}\n",
)
JSONLD_LINES = stream_format(jsonld_lines, "jsonld-lines")
