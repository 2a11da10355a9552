"""Output formats for ``convert``, behind one small interface and a registry.

``registry`` defines a format (``prepare`` in the workers, a ``Writer`` in the
main process) and loads them from the ``reviewparse.formats`` entry points;
``record`` is what a format is given (``PageRecord``) and the columns every
format writes (``ROW_COLUMNS``, from ``_core/schema.py``); ``table`` their
Arrow types. The built-in formats: ``json_formats`` (jsonl, json, jsonld,
jsonld-lines) and ``csv_format`` through ``stream``; ``parquet``; ``sqlite``.
"""

from reviewparse._convert.outputs.record import ROW_COLUMNS, PageRecord, SourceHead
from reviewparse._convert.outputs.registry import (
    DEFAULT_FORMAT,
    ENTRY_POINT_GROUP,
    FORMATS,
    Format,
    OutputError,
    PluginWarning,
    Writer,
    format_for,
    get_format,
    load_formats,
)
from reviewparse._convert.outputs.stream import StreamWriter, stream_format

__all__ = [
    "DEFAULT_FORMAT",
    "ENTRY_POINT_GROUP",
    "FORMATS",
    "ROW_COLUMNS",
    "Format",
    "OutputError",
    "PageRecord",
    "PluginWarning",
    "SourceHead",
    "StreamWriter",
    "Writer",
    "format_for",
    "get_format",
    "load_formats",
    "stream_format",
]
