"""Documentation that runs: every ```python block in the README and docs/ is executed.

Blocks of one file run in order in one namespace, with the repository root
as the working directory, so a later block may use what an earlier defined.
A block whose first line is ``# doc: no-run`` is shown only (e.g. a Spark
cluster command); keep those rare.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted(
    p for p in [ROOT / "README.md", ROOT / "README.ja.md", *ROOT.joinpath("docs").rglob("*.md")] if p.exists()
)
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def python_blocks(path: Path) -> list[str]:
    return [b for b in BLOCK.findall(path.read_text(encoding="utf-8")) if not b.startswith("# doc: no-run")]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_blocks_run(path: Path, tmp_path: Path) -> None:
    blocks = python_blocks(path)
    if not blocks:
        pytest.skip("no python blocks")
    namespace: dict[str, object] = {"__name__": f"doc:{path.name}"}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, block in enumerate(blocks):
            code = compile(block, f"{path.relative_to(ROOT)}[block {i + 1}]", "exec")
            exec(code, namespace)
    finally:
        os.chdir(cwd)


def test_readme_has_runnable_examples() -> None:
    assert python_blocks(ROOT / "README.md"), "the README must show a runnable embedding example"
