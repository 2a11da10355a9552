"""Output formats for ``convert``, behind one small interface and a registry.

``registry`` defines a format (``prepare`` in the workers, a ``Writer`` in the
main process) and finds one by name or by OUT's suffix; ``record`` is what a
format is given (``PageRecord``) and ``table`` the one row schema of the table
formats. Each built-in format is a module that registers itself on import:
``json_formats`` (jsonl, json, jsonld) and ``csv_format`` through ``stream``;
``parquet``; ``sqlite``. Importing this package registers them all.
"""

from reviewparse._convert.outputs import csv_format, json_formats, parquet, sqlite
from reviewparse._convert.outputs.record import PageRecord
from reviewparse._convert.outputs.registry import (
    DEFAULT_FORMAT,
    FORMATS,
    Format,
    OutputError,
    Writer,
    format_for,
    get_format,
    register,
)
from reviewparse._convert.outputs.stream import StreamWriter, stream_format

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "Format",
    "OutputError",
    "PageRecord",
    "StreamWriter",
    "Writer",
    "csv_format",
    "format_for",
    "get_format",
    "json_formats",
    "parquet",
    "register",
    "sqlite",
    "stream_format",
]
