"""Documentation that runs: the code blocks of the README and docs/ are executed.

- ```python blocks of one file run in order in one namespace, with the
  repository root as the working directory, so a later block may use what an
  earlier one defined.
- ```sh blocks run command by command in a scratch directory holding the
  example data as ``business.csv``/``register.csv`` (and ``examples/``).
  ``mynacheck reconcile`` may exit 1 (rows flagged, as planted); anything
  else must exit 0.  ``pip install`` lines are skipped (the test command runs
  in an installed environment), and so is the README's Quick start, which CI
  runs itself (``.ci/run``).
- A block shown only (a cluster command) is fenced ```sh no-run; a python
  block shown only starts with ``# doc: no-run``.  Keep both rare.
- A block fenced ```sh ci:NAME needs the network or a build (the offline
  install of docs/install.md): ``.ci/run`` runs it, as written, not the tests.
- A block that calls an optional extra (``--engine spark``, ``mynacheck.spark``,
  jntajis, unidecode: see ``NEEDS``) runs in a test of its own, marked
  ``extra(...)``: skipped without the extra, required in CI (tests/conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted(
    p for p in [ROOT / "README.md", ROOT / "README.ja.md", *ROOT.joinpath("docs").rglob("*.md")] if p.exists()
)
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)

# What a documented command or block calls -> the optional extra it needs.
NEEDS = {
    "spark": re.compile(r"--engine[ =]spark|mynacheck\.spark|\bpyspark\b"),
    "mj": re.compile(r"\bjntajis\b"),
    "unidecode": re.compile(r"\bunidecode\b"),
    "pandas": re.compile(r"^\s*(?:import|from) pandas\b", re.M),
    "polars": re.compile(r"^\s*(?:import|from) polars\b", re.M),
    "arrow": re.compile(r"^\s*(?:import|from) pyarrow\b", re.M),
}


def extras_needed(code: str) -> tuple[str, ...]:
    return tuple(extra for extra, calls in NEEDS.items() if calls.search(code))


def _param(path: Path, extras: tuple[str, ...]) -> object:
    name = "+".join([str(path.relative_to(ROOT)), *extras])
    return pytest.param(path, extras, id=name, marks=[pytest.mark.extra(e) for e in extras])


def python_blocks(path: Path) -> list[str]:
    return [b for b in BLOCK.findall(path.read_text(encoding="utf-8")) if not b.startswith("# doc: no-run")]


# A file's python blocks share one namespace, so they run together: with every extra any of them needs.
@pytest.mark.parametrize(("path", "extras"), [_param(p, extras_needed("".join(python_blocks(p)))) for p in DOCS])
def test_python_blocks_run(path: Path, extras: tuple[str, ...], tmp_path: Path) -> None:
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


SH_BLOCK = re.compile(r"^```(?:sh|bash)([^\n]*)\n(.*?)^```", re.S | re.M)
QUICK_START = re.compile(r"^#+\s*(?:Quick ?start|はじめに).*?^```", re.S | re.M | re.I)


def shell_commands(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    quick = QUICK_START.search(text)
    skip_at = quick.end() if quick else -1
    commands: list[str] = []
    for block in SH_BLOCK.finditer(text):
        info, body = block.group(1), block.group(2)
        if "no-run" in info or "ci:" in info or block.start() == skip_at - 3:
            continue
        joined = body.replace("\\\n", " ")
        for line in joined.splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "pip install")):
                commands.append(line)
    return commands


# Shell commands are independent: those that need an extra run apart, so the rest run without it.
@pytest.mark.parametrize(("path", "extras"), [
    _param(p, extras) for p in DOCS for extras in dict.fromkeys([*map(extras_needed, shell_commands(p))] or [()])
])
def test_shell_blocks_run(path: Path, extras: tuple[str, ...], tmp_path: Path) -> None:
    commands = [c for c in shell_commands(path) if extras_needed(c) == extras]
    if not commands:
        pytest.skip("no shell blocks")
    for name in ("business.csv", "register.csv"):
        shutil.copy(ROOT / "examples" / "data" / name, tmp_path / name)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    for command in commands:
        proc = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=600)
        # 1 = rows flagged, as the example data plants them on purpose.
        allowed = {0, 1} if (" reconcile " in f" {command} " or "mynacheck.spark" in command) else {0}
        assert proc.returncode in allowed, f"{command}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr, command


def test_the_commands_that_need_spark_are_found() -> None:
    # Issue 18: docs/en/spark.md's `--engine spark` block ran, and failed, without the extra.
    found = {str(p.relative_to(ROOT)): c for p in DOCS for c in shell_commands(p) if extras_needed(c) == ("spark",)}
    assert set(found) == {"docs/spark.md", "docs/en/spark.md"}, found
    assert all("--engine spark" in c for c in found.values())
    assert extras_needed("python -m mynacheck.spark b.csv r.csv --out o.csv") == ("spark",)
    assert extras_needed("mynacheck reconcile b.csv r.csv --out o.csv") == ()


def ci_blocks(path: Path) -> list[tuple[str, str]]:
    """(tag, body) of the blocks fenced ```sh ci:TAG, in order."""
    text = path.read_text(encoding="utf-8")
    return [(m.group(1).split("ci:", 1)[1].strip(), m.group(2)) for m in SH_BLOCK.finditer(text) if "ci:" in m.group(1)]


def test_the_offline_install_commands_are_the_ones_ci_runs() -> None:
    english, japanese = ci_blocks(ROOT / "docs" / "en" / "install.md"), ci_blocks(ROOT / "docs" / "install.md")
    assert english == japanese  # one set of commands, two languages around it
    tags = {tag for tag, _ in english}
    assert tags == {"wheelhouse", "wheelhouse-windows", "offline"}
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for tag in tags:
        assert f'"$(doc_blocks {tag})"' in ci, f".ci/run does not run the docs' ci:{tag} blocks"
    offline = "".join(body for tag, body in english if tag == "offline")
    assert "--no-index --find-links wheelhouse" in offline and "sha256sum -c" in offline


def test_file_names_in_the_docs_carry_the_current_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    for path in DOCS:
        for found in re.findall(r"mynacheck-(\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")):
            assert found == version, (str(path.relative_to(ROOT)), found)


def test_quick_start_block_is_found_and_skipped() -> None:
    readme = shell_commands(ROOT / "README.md")
    assert not any(".venv/bin" in c for c in readme)
