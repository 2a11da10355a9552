"""What a user installs: the wheel ships the grammar and py.typed, one version everywhere."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

import reviewparse

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """Build the wheel from a copy of the sources, so the checkout is not written to."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("src", "grammars"):
        shutil.copytree(
            ROOT / name, source / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
        )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = tmp.glob("reviewparse-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_ships_the_grammar_and_py_typed(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "reviewparse/py.typed" in names
    assert "reviewparse/grammars/page.lark" in names
    shipped = wheel.read("reviewparse/grammars/page.lark").decode("utf-8")
    assert shipped == (ROOT / "grammars" / "page.lark").read_text("utf-8")


def test_wheel_ships_every_module_of_the_source_tree(wheel: zipfile.ZipFile) -> None:
    src = ROOT / "src"
    modules = {path.relative_to(src).as_posix() for path in (src / "reviewparse").rglob("*.py")}
    shipped = {name for name in wheel.namelist() if name.endswith(".py")}
    assert modules <= shipped, "a package is missing from [tool.setuptools] packages"


def test_wheel_version_and_console_script(wheel: zipfile.ZipFile) -> None:
    (metadata,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    headers = HeaderParser().parsestr(wheel.read(metadata).decode("utf-8"))
    assert headers["Name"] == "reviewparse"
    assert headers["Version"] == reviewparse.__version__
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "reviewparse = reviewparse._cli:main" in wheel.read(entry_points).decode("utf-8")


def test_version_is_single_sourced() -> None:
    assert reviewparse.__version__ == importlib.metadata.version("reviewparse")
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{reviewparse.__version__}]" in changelog
