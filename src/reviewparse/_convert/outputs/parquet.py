"""Parquet: the typed rows (``table.parquet_schema``), batched into row groups.

Needs pyarrow: the ``parquet`` extra.
"""

from __future__ import annotations

from pathlib import Path

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs.record import page_row
from reviewparse._convert.outputs.registry import Format
from reviewparse._convert.outputs.table import Row, parquet_schema


class ParquetWriter:
    """Rows batched into row groups (memory stays bounded by the batch size)."""

    batch_size = 2000

    def __init__(self, path: Path, resume: bool) -> None:
        import pyarrow.parquet as pq

        self.schema = parquet_schema()
        self.writer = pq.ParquetWriter(str(path), self.schema)
        self.rows: list[Row] = []
        self.resumed: Checkpoint | None = None

    def write(self, item: Row) -> None:
        self.rows.append(item)
        if len(self.rows) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def checkpoint(self, state: Checkpoint) -> None:
        """Parquet files cannot be resumed; nothing to do."""

    def finish(self) -> None:
        self._flush()
        self.writer.close()

    def close(self) -> None:
        self.writer.close()


PARQUET = Format(
    "parquet", (".parquet",), page_row, ParquetWriter, needs="pyarrow", extra="parquet"
)
