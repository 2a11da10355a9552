"""SQLite: a ``pages`` table, a child table per list field, and the people they name.

Derived from ``ROW_COLUMNS``: ``pages`` has every single-valued column (dates
as ISO 8601 text, booleans 0/1, ``lines`` as JSON text); each list field is a
table of its own, named after it (``directors``, ``cast``, ``genres``...), with
``page_id`` (a foreign key to ``pages``), ``position`` and the item's columns.
A person is a row of ``people``, referenced by ``person_id``; a list inside a
struct item (a credit's ``names``) is JSON text. Resumable.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs.record import ROW_COLUMNS, page_row
from reviewparse._convert.outputs.registry import Format
from reviewparse._convert.outputs.table import Row
from reviewparse._core.schema import Column

_TYPES = {"string": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "date": "TEXT"}


def quoted(name: str) -> str:
    """An SQL identifier (``cast`` is a keyword)."""
    return '"' + name.replace('"', '""') + '"'


#: Single-valued columns live in ``pages``; list columns in a table each.
PAGE_COLUMNS = tuple(c for c in ROW_COLUMNS if not c.repeated)
LIST_COLUMNS = tuple(c for c in ROW_COLUMNS if c.repeated)


def item_columns(column: Column) -> tuple[Column, ...]:
    """The columns of one item of a list column (a scalar item is ``value``)."""
    if column.scalar is None:
        return column.members
    return (Column("value", column.scalar, people=column.people),)


def _definition(column: Column) -> str:
    """A column's definition in its table (a person becomes a ``person_id``)."""
    null = "" if column.nullable else " NOT NULL"
    if column.people:
        return f"person_id INTEGER{null} REFERENCES people(person_id)"
    kind = "TEXT" if column.repeated or column.scalar in (None, "lines") else None
    return f"{quoted(column.name)} {kind or _TYPES[column.scalar or 'string']}{null}"


def _schema() -> str:
    inner = ",\n    ".join(_definition(c) for c in PAGE_COLUMNS)
    tables = [
        f"CREATE TABLE pages (\n    page_id INTEGER PRIMARY KEY,\n    {inner}\n);",
        "CREATE TABLE people (\n    person_id INTEGER PRIMARY KEY,\n"
        "    name TEXT NOT NULL UNIQUE\n);",
    ]
    for column in LIST_COLUMNS:
        members = ",\n    ".join(_definition(m) for m in item_columns(column))
        tables.append(
            f"CREATE TABLE {quoted(column.name)} (\n"
            "    page_id INTEGER NOT NULL REFERENCES pages(page_id),\n"
            f"    position INTEGER NOT NULL,\n    {members},\n"
            "    PRIMARY KEY (page_id, position)\n);"
        )
    tables.append("CREATE TABLE _resume (state TEXT NOT NULL);")
    return "\n".join(tables) + "\n"


def _indexes() -> str:
    made = [
        "CREATE INDEX pages_source_id ON pages(source_id);",
        "CREATE INDEX pages_title ON pages(title);",
        "CREATE INDEX pages_year ON pages(year);",
        'CREATE INDEX credits_field ON "credits"(field);',
    ]
    for column in LIST_COLUMNS:
        if any(m.people for m in item_columns(column)):
            index = quoted(column.name + "_person")
            made.append(f"CREATE INDEX {index} ON {quoted(column.name)}(person_id);")
    return "\n".join(made) + "\n"


SQLITE_SCHEMA = _schema()
SQLITE_INDEXES = _indexes()
_INSERT_PAGE = (
    f"INSERT INTO pages ({', '.join(quoted(c.name) for c in PAGE_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in PAGE_COLUMNS)})"
)


def _sql_value(column: Column, value: Any) -> Any:
    if column.repeated:  # a list inside a struct item
        return json.dumps(value, ensure_ascii=False)
    if value is not None and column.scalar == "date":
        return value.isoformat()
    return value


class SQLiteWriter:
    """The tables; a checkpoint is a commit that also stores the state."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.resumed: Checkpoint | None = None
        db = None
        if resume and path.exists():
            db = sqlite3.connect(path, isolation_level=None)  # a hot journal rolls back here
            try:
                saved = db.execute("SELECT state FROM _resume").fetchone()
            except sqlite3.Error:  # killed while the schema was being made: start over
                db.close()
                db = None
            else:
                self.resumed = Checkpoint.from_dict(json.loads(saved[0])) if saved else None
        if db is None:
            # The journal of a killed run must go with its database, or SQLite would
            # play it back into the new file.
            path.with_name(path.name + "-journal").unlink(missing_ok=True)
            path.unlink(missing_ok=True)
            db = sqlite3.connect(path, isolation_level=None)
            db.executescript(f"BEGIN;\n{SQLITE_SCHEMA}COMMIT;\n")  # all tables or none
        self.db = db
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("BEGIN")

    def write(self, row: Row) -> None:
        db = self.db
        values = [_sql_value(c, row[c.name]) for c in PAGE_COLUMNS]
        page_id = db.execute(_INSERT_PAGE, values).lastrowid
        for column in LIST_COLUMNS:
            members = item_columns(column)
            rows = []
            for position, item in enumerate(row[column.name]):
                cells = item if column.scalar is None else {"value": item}
                rows.append((page_id, position, *(self._value(m, cells[m.name]) for m in members)))
            if rows:
                marks = ", ".join("?" for _ in rows[0])
                db.executemany(f"INSERT INTO {quoted(column.name)} VALUES ({marks})", rows)

    def _value(self, column: Column, value: Any) -> Any:
        """A cell's SQL value; a person's name becomes their ``person_id``."""
        if not column.people:
            return _sql_value(column, value)
        self.db.execute("INSERT INTO people (name) VALUES (?) ON CONFLICT DO NOTHING", (value,))
        (person_id,) = self.db.execute(
            "SELECT person_id FROM people WHERE name = ?", (value,)
        ).fetchone()
        return person_id

    def checkpoint(self, state: Checkpoint) -> None:
        self.db.execute("DELETE FROM _resume")
        self.db.execute("INSERT INTO _resume VALUES (?)", (json.dumps(state.to_dict()),))
        self.db.execute("COMMIT")  # durable: sqlite's default synchronous=FULL
        self.db.execute("BEGIN")

    def finish(self) -> None:
        """Indexes, then the resume state dropped, in the last checkpoint's transaction.

        One commit: killed before it, the file is still the last checkpoint (``--resume``
        works); after it, the file is complete. Dropping ``_resume`` in a commit of its
        own would leave, killed between the two, a file that is neither.
        """
        for statement in SQLITE_INDEXES.split(";"):
            if statement.strip():
                self.db.execute(statement)
        self.db.execute("DROP TABLE _resume")
        self.db.execute("COMMIT")
        self.db.close()

    def close(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.close()


SQLITE = Format("sqlite", (".sqlite", ".sqlite3", ".db"), page_row, SQLiteWriter, resumable=True)
