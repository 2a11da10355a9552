"""Output formats are plugins: a package names a ``Format`` in the ``reviewparse.formats`` group.

The plugin here is installed the way an installer leaves one: a package and its
``.dist-info`` with ``entry_points.txt``, in a directory put on ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from cli_support import run_cli

from reviewparse._convert.outputs import FORMATS, OutputError, get_format
from reviewparse._convert.outputs.registry import PluginWarning

PLUGIN = '''
"""A tiny output format: one line per page, its path and title."""

import json

from reviewparse.formats import PageRecord, stream_format


def titles(record: PageRecord) -> str:
    row = {"path": record.path, "title": record.page.title}
    return json.dumps(row | record.source_field_values) + "\\n"


TITLES = stream_format(titles, "titles", ".titles")
NOT_A_FORMAT = "titles"
'''


def install_plugin(site: Path, entry_points: str) -> Path:
    """The ``titles_plugin`` package and its metadata, as ``pip install --target`` leaves them."""
    package = site / "titles_plugin"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(PLUGIN, "utf-8")
    info = site / "titles_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: titles-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), "utf-8")
    return site


def dump(tmp_path: Path) -> Path:
    source = tmp_path / "dump.jsonl"
    rows = [
        {"id": "heat", "text": "Heat\n\nYear - 1995\n", "url": "https://example.org/heat"},
        {"id": "none", "text": "Director: Vera Holm\n", "url": "https://example.org/none"},
    ]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    return source


def test_an_installed_plugin_converts_by_suffix_and_by_name(tmp_path: Path) -> None:
    site = install_plugin(
        tmp_path / "site",
        """
        [reviewparse.formats]
        titles = titles_plugin:TITLES
        """,
    )
    source = dump(tmp_path)
    out = tmp_path / "pages.titles"
    done = run_cli("convert", source, "-o", out, "-q", "--jobs", "2", PYTHONPATH=str(site))
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in out.read_text("utf-8").splitlines()] == [
        {"path": "heat.txt", "title": "Heat", "url": "https://example.org/heat"},
        {"path": "none.txt", "title": None, "url": "https://example.org/none"},
    ]
    named = tmp_path / "other.out"
    done = run_cli("convert", source, "-o", named, "-q", "--format", "titles", PYTHONPATH=str(site))
    assert done.returncode == 0, done.stderr
    assert named.read_bytes() == out.read_bytes()


def test_without_the_plugin_its_suffix_names_no_format(tmp_path: Path) -> None:
    done = run_cli("convert", dump(tmp_path), "-o", tmp_path / "pages.titles", "-q")
    assert done.returncode == 2
    assert "cannot tell the format of" in done.stderr


def test_a_broken_plugin_costs_its_own_format_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = install_plugin(
        tmp_path / "site",
        """
        [reviewparse.formats]
        titles = titles_plugin:NOT_A_FORMAT
        """,
    )
    out = tmp_path / "pages.jsonl"
    done = run_cli("convert", dump(tmp_path), "-o", out, "-q", PYTHONPATH=str(site))
    assert done.returncode == 0, done.stderr
    problem = "format plugin 'titles' (titles_plugin:NOT_A_FORMAT) is not a Format named 'titles'"
    assert problem in done.stderr  # a warning
    assert len(out.read_text("utf-8").splitlines()) == 2
    monkeypatch.syspath_prepend(str(site))
    FORMATS.reload()
    try:
        with pytest.warns(PluginWarning, match="is not a Format"):
            assert "jsonl" in FORMATS
        with pytest.raises(OutputError, match=re.escape(problem)):
            get_format("titles")
    finally:
        FORMATS.reload()


def test_a_plugin_cannot_take_a_built_in_formats_name(tmp_path: Path) -> None:
    site = install_plugin(
        tmp_path / "site",
        """
        [reviewparse.formats]
        csv = titles_plugin:TITLES
        """,
    )
    out = tmp_path / "p.csv"
    done = run_cli("convert", dump(tmp_path), "-o", out, "-q", PYTHONPATH=str(site))
    assert done.returncode == 0, done.stderr
    assert "format plugin 'csv' (titles_plugin:TITLES) takes a built-in format's name" in (
        done.stderr
    )
    assert out.read_text("utf-8").startswith("source_id,path,")  # the built-in CSV
