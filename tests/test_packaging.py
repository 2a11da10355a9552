"""What a user installs: the wheel ships the grammar and py.typed, one version everywhere,
and a type checker finds the package and its types after the README's editable install."""

from __future__ import annotations

import importlib.metadata
import os
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
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("src", "grammars"):  # src/reviewparse/grammars stays a link, as in git
        shutil.copytree(
            ROOT / name,
            source / name,
            symlinks=True,
            ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"),
        )
    env = {k: v for k, v in os.environ.items() if k != "REVIEWPARSE_MYPYC"}  # the default build
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    (built,) = tmp.glob("reviewparse-*.whl")
    return zipfile.ZipFile(built)


def test_the_default_wheel_is_pure_python(wheel: zipfile.ZipFile) -> None:
    """Without REVIEWPARSE_MYPYC=1 nothing is compiled: one wheel installs everywhere."""
    assert Path(wheel.filename or "").name.endswith("-py3-none-any.whl")
    assert not [name for name in wheel.namelist() if name.endswith((".so", ".pyd", ".c"))]


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


# -- what a type checker sees after the README's install ------------------------------
USER_SCRIPT = """\
import reviewparse
from reviewparse import CastMember, ReviewPage

page: ReviewPage = reviewparse.parse("Kite Harbour\\n\\nCast: Bo Ek as Mara\\n")
member: CastMember = page.cast[0]
years: list[int] = [page.year] if page.year is not None else []
reveal_type(reviewparse.parse)
reveal_type(page.directors)
reveal_type(member.character)
reveal_type(page.credits.get("stars"))
"""


def test_the_editable_install_is_a_path_a_type_checker_can_follow() -> None:
    """A static path in a .pth file, not setuptools' import-hook finder (mypy and pyright
    read .pth paths but run no code)."""
    site = Path(reviewparse.__file__).parents[1]
    installed = importlib.metadata.distribution("reviewparse")
    direct_url = installed.read_text("direct_url.json") or ""
    if '"editable": true' not in direct_url:
        pytest.skip("reviewparse is not installed in editable mode here")
    pth = [
        line
        for path in Path(sys.prefix).glob("lib/python*/site-packages/__editable__*reviewparse*.pth")
        for line in path.read_text("utf-8").splitlines()
    ]
    assert pth == [str(site)], "the editable install runs an import hook"


def test_mypy_strict_on_a_users_script_finds_reviewparse_and_its_types(tmp_path: Path) -> None:
    script = tmp_path / "my_scraper.py"
    script.write_text(USER_SCRIPT, "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"),
         script.name],
        cwd=tmp_path,  # a directory of the user's, far from the checkout
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    revealed = [line.split("Revealed type is ", 1)[1] for line in result.stdout.splitlines()
                if "Revealed type is" in line]  # fmt: skip
    assert revealed == [
        '"def (text: str, *, strict: bool =, keys: typing.Mapping[str, typing.Iterable[str]]'
        ' | reviewparse._fields.lexicon.Lexicon | None =) -> reviewparse._core.page.ReviewPage"',
        '"tuple[str, ...]"',
        '"str | None"',
        '"reviewparse._core.records.Credit | None"',
    ]
