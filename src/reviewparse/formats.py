"""Output formats for ``reviewparse convert``, and the interface a plugin implements.

A format is a ``Format``: its name, the OUT suffixes it is chosen by,
``prepare`` (one ``PageRecord`` to what its writer needs; it runs in the worker
processes, so it must be a module-level function) and ``open`` (a ``Writer``,
in the main process). A package offers one under the entry-point group
``reviewparse.formats``, the way the built-in formats are offered::

    [project.entry-points."reviewparse.formats"]
    titles = "my_package.formats:TITLES"

A format whose file is a stream of bytes is one function::

    import json

    from reviewparse.formats import PageRecord, stream_format


    def titles(record: PageRecord) -> str:
        return json.dumps({"path": record.path, "title": record.page.title}) + "\\n"


    TITLES = stream_format(titles, "titles", ".titles.jsonl")

Every built-in format writes the fields of ``ROW_COLUMNS`` (docs/formats.md);
``PageRecord.to_dict()`` and ``PageRecord.to_row()`` give them to a plugin.
"""

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs import (
    ENTRY_POINT_GROUP,
    ROW_COLUMNS,
    Format,
    OutputError,
    PageRecord,
    PluginWarning,
    SourceHead,
    StreamWriter,
    Writer,
    stream_format,
)
from reviewparse._convert.sources.page import SourceField
from reviewparse._core.schema import Column, PageLayout, PageView

__all__ = [
    "ENTRY_POINT_GROUP",
    "ROW_COLUMNS",
    "Checkpoint",
    "Column",
    "Format",
    "OutputError",
    "PageLayout",
    "PageRecord",
    "PageView",
    "PluginWarning",
    "SourceField",
    "SourceHead",
    "StreamWriter",
    "Writer",
    "stream_format",
]
