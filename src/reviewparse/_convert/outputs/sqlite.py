"""SQLite: normalised tables of pages, credits, people and their roles; resumable."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reviewparse._convert.checkpoints import Checkpoint
from reviewparse._convert.outputs.record import page_row
from reviewparse._convert.outputs.registry import Format, register
from reviewparse._convert.outputs.table import Row

#: Roles a person can have: the credit fields whose values are people.
PERSON_FIELDS = ("directors", "stars", "writers", "music", "producers", "cinematography", "editing")

SQLITE_SCHEMA = """
CREATE TABLE pages (
    page_id     INTEGER PRIMARY KEY,
    source_id   TEXT NOT NULL,
    path        TEXT NOT NULL,
    record_id   TEXT,
    encoding    TEXT NOT NULL,
    strict      INTEGER NOT NULL,
    title       TEXT,
    year        INTEGER,
    studio      TEXT,
    synopsis    TEXT NOT NULL,
    bom         INTEGER NOT NULL,
    diagnostics TEXT NOT NULL,
    lines_json  TEXT NOT NULL
);
CREATE TABLE credits (
    page_id   INTEGER NOT NULL REFERENCES pages(page_id),
    position  INTEGER NOT NULL,
    key       TEXT NOT NULL,
    field     TEXT,
    value     TEXT NOT NULL,
    PRIMARY KEY (page_id, position)
);
CREATE TABLE people (
    person_id INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE
);
CREATE TABLE roles (
    page_id         INTEGER NOT NULL REFERENCES pages(page_id),
    person_id       INTEGER NOT NULL REFERENCES people(person_id),
    role            TEXT NOT NULL,
    credit_position INTEGER NOT NULL,
    ordinal         INTEGER NOT NULL,
    PRIMARY KEY (page_id, credit_position, ordinal)
);
CREATE TABLE paragraphs (
    page_id  INTEGER NOT NULL REFERENCES pages(page_id),
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (page_id, position)
);
CREATE TABLE captions (
    page_id  INTEGER NOT NULL REFERENCES pages(page_id),
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (page_id, position)
);
CREATE TABLE _resume (state TEXT NOT NULL);
"""

SQLITE_INDEXES = """
CREATE INDEX pages_source_id ON pages(source_id);
CREATE INDEX pages_title ON pages(title);
CREATE INDEX pages_year ON pages(year);
CREATE INDEX credits_field ON credits(field);
CREATE INDEX roles_person ON roles(person_id);
CREATE INDEX roles_role ON roles(role);
"""


class SQLiteWriter:
    """Normalised tables; a checkpoint is a commit that also stores the state."""

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
        self.db.execute("BEGIN")

    def write(self, row: Row) -> None:
        db = self.db
        cursor = db.execute(
            "INSERT INTO pages (source_id, path, record_id, encoding, strict, title, year,"
            " studio, synopsis, bom, diagnostics, lines_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row["source_id"],
                row["path"],
                row["id"],
                row["encoding"],
                row["strict"],
                row["title"],
                row["year"],
                row["studio"],
                row["synopsis"],
                row["bom"],
                json.dumps(row["diagnostics"], ensure_ascii=False),
                row["lines_json"],
            ),
        )
        page_id = cursor.lastrowid
        for position, credit in enumerate(row["credits"]):
            db.execute(
                "INSERT INTO credits VALUES (?, ?, ?, ?, ?)",
                (page_id, position, credit["key"], credit["field"], credit["value"]),
            )
            if credit["field"] not in PERSON_FIELDS:
                continue
            for ordinal, name in enumerate(credit["names"]):
                db.execute("INSERT INTO people (name) VALUES (?) ON CONFLICT DO NOTHING", (name,))
                (person_id,) = db.execute(
                    "SELECT person_id FROM people WHERE name = ?", (name,)
                ).fetchone()
                db.execute(
                    "INSERT INTO roles VALUES (?, ?, ?, ?, ?)",
                    (page_id, person_id, credit["field"], position, ordinal),
                )
        db.executemany(
            "INSERT INTO paragraphs VALUES (?, ?, ?)",
            [(page_id, i, text) for i, text in enumerate(row["paragraphs"])],
        )
        db.executemany(
            "INSERT INTO captions VALUES (?, ?, ?)",
            [(page_id, i, text) for i, text in enumerate(row["captions"])],
        )

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


register(Format("sqlite", (".sqlite", ".sqlite3", ".db"), page_row, SQLiteWriter, resumable=True))
