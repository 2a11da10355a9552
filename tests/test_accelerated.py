"""The optional compiled build (``REVIEWPARSE_MYPYC=1``, setup.py) reads every page as the
sources do. Slow: it compiles five modules with mypyc (about a minute on two cores)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

# One SHA-256 over everything parse() gives: records, diagnostics, strictness and the
# typed view, for the fixtures, the example pages and 300 generated pages.
DIGEST = r"""
import hashlib, json, sys
from pathlib import Path
import reviewparse
from reviewparse._core.dicts import page_to_dict
from reviewparse._corpus import generate_pages

root = Path(sys.argv[1])
folders = ("tests/fixtures", "examples")
texts = [p.read_text("utf-8", "surrogateescape")
         for folder in folders for p in sorted((root / folder).rglob("*.txt"))]
texts += generate_pages(300)
digest = hashlib.sha256()
for text in texts:
    page = reviewparse.parse(text)
    assert page.render() == text
    for part in (page.lines, page.diagnostics, page.is_strict):
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
    view = json.dumps(page_to_dict(page), sort_keys=True, default=str)
    digest.update(view.encode("utf-8", "surrogatepass"))
import reviewparse._core.layout as layout
print(len(texts), digest.hexdigest(), Path(layout.__file__).suffix)
"""


def _compiled_modules() -> list[str]:
    text = (ROOT / "setup.py").read_text("utf-8")
    return [
        line.strip().strip('",') for line in text.splitlines() if line.strip().startswith('"src/')
    ]


def _digest(pythonpath: Path) -> str:
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    result = subprocess.run(
        [sys.executable, "-c", DIGEST, str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return result.stdout.strip()


# CC may carry flags ("gcc -pthread"): the compiler is its first word.
_CC = (sysconfig.get_config_var("CC") or "cc").split()[0]


@pytest.mark.skipif(importlib.util.find_spec("mypyc") is None, reason="mypyc is not installed")
@pytest.mark.skipif(shutil.which(_CC) is None, reason="no C compiler")
def test_the_compiled_build_reads_every_page_as_the_sources_do(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("src", "grammars"):
        shutil.copytree(
            ROOT / name,
            source / name,
            symlinks=True,
            ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "*.so"),
        )
    env = dict(os.environ, REVIEWPARSE_MYPYC="1")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(source)],
        env=env,
        check=True,
        capture_output=True,
        timeout=1200,
    )  # fmt: skip
    (built,) = tmp_path.glob("reviewparse-*.whl")
    assert "none-any" not in built.name, "REVIEWPARSE_MYPYC=1 built a pure wheel"
    names = zipfile.ZipFile(built).namelist()
    for module in _compiled_modules():
        stem = module.removeprefix("src/").removesuffix(".py")
        assert any(n.startswith(stem + ".") and n.endswith((".so", ".pyd")) for n in names), stem
        assert stem + ".py" in names, "the sources ship too, as the fallback"
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q",
         "--target", str(site), str(built)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    compiled = _digest(site)
    assert compiled.endswith((".so", ".pyd")), f"the compiled layout was not imported: {compiled}"
    pure = _digest(ROOT / "src")
    assert pure.endswith(".py")
    assert compiled.split()[:2] == pure.split()[:2]
