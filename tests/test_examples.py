"""The runnable examples in examples/ run, and the bundled example data is reproducible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith(("test_", "make_")))


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_there_are_examples_for_each_audience() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"registration_check.py", "custom_ruleset.py", "reconcile_csv.py"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_script_runs(script: Path) -> None:
    proc = _run(str(script))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_vendor_pytest_module_passes() -> None:
    proc = _run("-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLES / "test_vendor_properties.py"))
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "3 passed" in proc.stdout


def test_example_data_is_reproducible(tmp_path: Path) -> None:
    proc = _run(str(EXAMPLES / "make_example_data.py"), str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    for name in ("business.csv", "register.csv", "removed.csv", "candidates.csv", "application.json"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / "data" / name).read_bytes(), name


VENDOR_PROJECT = EXAMPLES / "vendor_project"


def test_the_vendor_project_is_a_project_of_its_own() -> None:
    import tomllib

    project = tomllib.loads((VENDOR_PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("mynacheck") for d in project["dependencies"])
    code = (VENDOR_PROJECT / "src" / "acme_linkage" / "__init__.py").read_text(encoding="utf-8")
    tests = "".join(p.read_text(encoding="utf-8") for p in (VENDOR_PROJECT / "tests").glob("test_*.py"))
    assert "compare_frame" in code and "reasons.register" in code
    assert "mst.pairs(" in tests and "from hypothesis import given" in tests


def test_ci_runs_the_vendor_project() -> None:
    ci = ROOT / ".ci" / "run"
    if not ci.exists():  # CI's step 4 runs these tests beside an installed wheel, without the repository
        pytest.skip("no .ci/run here: not a checkout of the repository")
    text = ci.read_text(encoding="utf-8")
    assert "examples/vendor_project" in text and '"$WORK/vendor_project"' in text


@pytest.mark.extra("pandas")
def test_the_vendor_project_passes() -> None:
    proc = _run("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=VENDOR_PROJECT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "5 passed" in proc.stdout
