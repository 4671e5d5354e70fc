"""Packaging a vendor's legal team can sign off (issue 18): licence files and metadata, notices that
cover every bundled source, an sdist that holds what its tests need, a wheel that carries the
licences, and imports that work without the optional extras.

The sdist and the wheel are built here offline, with the setuptools of the test environment
(``setuptools.build_meta``, as pip and ``python -m build`` call it); the wheel is built from the
unpacked sdist, as ``python -m build`` does.  CI also installs that wheel outside the repository
and runs the README's test command in the unpacked sdist (``.ci/run``).
"""

from __future__ import annotations

import email.parser
import gzip
import importlib.resources
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import warnings
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
LICENCE_FILES = ("LICENSE", "THIRD_PARTY_NOTICES")
NOTICES = (ROOT / "THIRD_PARTY_NOTICES").read_text(encoding="utf-8")
# Files of the repository that are not for users of the source distribution.
NOT_IN_SDIST = {".gitignore"}


def _requirement(extra: str, name: str) -> Requirement:
    (found,) = [r for r in map(Requirement, PROJECT["optional-dependencies"][extra]) if r.name == name]
    return found


# --- licence and metadata --------------------------------------------------------------------


def test_licence_is_an_spdx_expression_with_its_files() -> None:
    assert PROJECT["license"] == "MIT"  # PEP 639; the table form {text = ...} is deprecated
    assert tuple(PROJECT["license-files"]) == LICENCE_FILES
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n") and "Permission is hereby granted" in licence
    assert re.search(r"^Copyright \(c\) \d{4} ", licence, re.M)
    # The expression replaces licence classifiers; PEP 639 forbids both at once.
    assert not [c for c in PROJECT["classifiers"] if c.startswith("License ::")]


def test_the_build_needs_a_setuptools_that_writes_pep_639_metadata() -> None:
    (requirement,) = map(Requirement, PYPROJECT["build-system"]["requires"])
    assert requirement.name == "setuptools"
    assert "77.0.3" in requirement.specifier and "76.1.0" not in requirement.specifier


def test_there_is_a_classifier_for_each_supported_python_including_this_one() -> None:
    versions = sorted(Version(c.rsplit(" ", 1)[1]) for c in PROJECT["classifiers"]
                      if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c))
    assert versions, "no per-version classifiers"
    requires = SpecifierSet(PROJECT["requires-python"])
    assert all(str(v) in requires for v in versions)
    assert f"{versions[0]}.0" in requires and f"{versions[0].major}.{versions[0].minor - 1}.99" not in requires
    # Running the tests on a Python the classifiers do not list fails here: list it once it passes.
    assert Version(f"{sys.version_info.major}.{sys.version_info.minor}") in versions


def test_the_spark_extra_keeps_pandas_below_3() -> None:
    # PySpark 4 warns "does not yet fully support pandas >= 3.0.0" on every DataFrame conversion.
    spec = _requirement("spark", "pandas").specifier
    assert "2.3.3" in spec and "3.0.0" not in spec


@pytest.mark.extra("spark")
def test_pyspark_accepts_the_installed_pandas_without_a_warning() -> None:
    import pandas
    from pyspark.sql.pandas.utils import require_minimum_pandas_version

    assert pandas.__version__ in _requirement("spark", "pandas").specifier
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        require_minimum_pandas_version()


# --- notices -----------------------------------------------------------------------------------


def _data_files() -> list[Path]:
    return sorted(p for p in (ROOT / "src" / "mynacheck" / "data").iterdir() if p.suffix not in {".py", ".pyc"}
                  and p.is_file())


def _header(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        lines = []
        for line in fh:
            if not line.startswith("#"):
                break
            lines.append(line)
    return "".join(lines)


def test_every_bundled_table_is_in_the_notices_with_its_script() -> None:
    files = _data_files()
    assert {p.name for p in files} >= {"kanji_variants.tsv", "addresses.txt.gz"}
    for path in files:
        header = _header(path)
        (script,) = set(re.findall(r"scripts/(build_\w+\.py)", header))
        assert (ROOT / "scripts" / script).is_file()
        assert f"src/mynacheck/data/{path.name} (scripts/{script})" in NOTICES, path.name


def test_the_notices_name_every_source_and_licence_the_table_headers_name() -> None:
    for path in _data_files():
        header = _header(path)
        for holder in re.findall(r"\(c\) ([^;)]*(?:\([^)]*\))?[^;)]*)", header):
            assert holder.strip() in NOTICES, (path.name, holder)
        for package in re.findall(r"PyPI package (\w+)", header):
            assert f"PyPI package {package}" in NOTICES, (path.name, package)
        if "Apache" in header:  # the licence requires its text to travel with the derived work
            assert "Apache License\n                           Version 2.0, January 2004" in NOTICES
            assert "END OF TERMS AND CONDITIONS" in NOTICES
        if "MIT" in header:
            assert "Permission is hereby granted, free of charge" in NOTICES
        if "Japan Post" in header:
            assert "日本郵便株式会社は著作権を主張しません。自由に配布していただいて結構です。" in NOTICES


def test_every_basis_of_the_variant_table_is_explained_in_the_notices() -> None:
    text = importlib.resources.files("mynacheck").joinpath("data", "kanji_variants.tsv").read_text("utf-8")
    bases = {line.split("\t")[3] for line in text.splitlines() if line and not line.startswith("#")}
    assert {"opencc", "joyo", "register"} <= bases
    for basis in bases:
        assert f'basis "{basis}"' in NOTICES, basis


def test_test_data_quoted_from_other_projects_is_in_the_notices() -> None:
    for path in (ROOT / "tests" / "data").iterdir():
        suites = {line.split("\t")[0].split("-")[0] for line in path.read_text(encoding="utf-8").splitlines()
                  if line and not line.startswith("#")}
        for suite in suites:
            assert f"tests/data/{path.name}" in NOTICES and suite in NOTICES.lower(), (path.name, suite)


# --- the sdist and the wheel -------------------------------------------------------------------


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel): the sdist from this tree, the wheel from the unpacked sdist, offline."""
    out = tmp_path_factory.mktemp("dist")
    build = "import sys; from setuptools import build_meta as b; print(getattr(b, sys.argv[1])(sys.argv[2]))"

    def run(hook: str, cwd: Path) -> Path:
        proc = subprocess.run([sys.executable, "-c", build, hook, str(out)], cwd=cwd, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        return out / proc.stdout.strip().splitlines()[-1]

    sdist = run("build_sdist", ROOT)
    unpacked = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(sdist) as tar:
        # The "data" filter (no links out, no devices) where this Python has it: 3.11.4 and later.
        tar.extractall(unpacked, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (top,) = unpacked.iterdir()
    wheel = run("build_wheel", top)
    shutil.rmtree(unpacked)
    return sdist, wheel


def _sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as tar:
        return {m.name.split("/", 1)[1] for m in tar.getmembers() if m.isfile()}


def _repository_files() -> set[str]:
    """The files a user of the repository has: git's list in a checkout, else those on disk."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
        return {name for name in listed.stdout.split("\0") if name and (ROOT / name).is_file()}
    folders = ("src", "tests", "docs", "examples", "scripts", "benchmarks", ".ci")
    return {str(p.relative_to(ROOT)) for d in folders for p in (ROOT / d).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)}


def test_the_sdist_holds_the_repository_so_its_tests_run_unpacked(dists: tuple[Path, Path]) -> None:
    names = _sdist_names(dists[0])
    missing = sorted(_repository_files() - names - NOT_IN_SDIST)
    assert not missing, missing
    for needed in ("README.ja.md", "docs/en/spark.md", "examples/data/business.csv", "tests/conftest.py",
                   "benchmarks/bench_reconcile.py", "scripts/gen_reasons_doc.py", ".ci/run", "CHANGELOG.md", *LICENCE_FILES):
        assert needed in names, needed
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_wheel_carries_the_licences_and_the_tables(dists: tuple[Path, Path]) -> None:
    wheel = dists[1]
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (info,) = {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
        metadata = email.parser.Parser().parsestr(zf.read(f"{info}/METADATA").decode("utf-8"))
        for name in LICENCE_FILES:
            assert zf.read(f"{info}/licenses/{name}") == (ROOT / name).read_bytes()
    assert {n.split("/")[0] for n in names} == {"mynacheck", info}  # no tests, docs or scripts
    for name in ("py.typed", "data/kanji_variants.tsv", "data/addresses.txt.gz", "schema/result.schema.json"):
        assert f"mynacheck/{name}" in names
    assert metadata["License-Expression"] == "MIT"
    assert sorted(metadata.get_all("License-File") or []) == sorted(LICENCE_FILES)
    assert metadata["Requires-Python"] == PROJECT["requires-python"]
    assert set(metadata.get_all("Classifier") or []) == set(PROJECT["classifiers"])


# --- imports without the optional extras -------------------------------------------------------


def test_tests_skip_for_a_missing_extra_only_through_the_marker() -> None:
    # tests/conftest.py: @pytest.mark.extra(name) skips, or fails when CI requires the extra, and CI runs
    # "-m extra" with the extras installed. A test that skipped another way would never run in CI.
    for path in sorted((ROOT / "tests").glob("*.py")):
        if path.name == "conftest.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"importorskip\(|find_spec\(|environ\.get\([\"']MYNACHECK_REQUIRE", text), path.name


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_star_import_works_without_hypothesis() -> None:
    # sys.modules[name] = None makes every import of hypothesis fail, as on a machine without it.
    proc = _python(
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"
        "from mynacheck import *\n"
        "import mynacheck\n"
        "names = set(dir())\n"
        "assert set(mynacheck.__all__) <= names, set(mynacheck.__all__) - names\n"
        "a = {'my_number': '123456789018', 'name': '髙橋 一郎', 'birth_date': '1970-03-12', 'sex': '1',\n"
        "     'address': '長野県長野市鶴賀緑町1613'}\n"
        "assert compare(a, dict(a, name='高橋 一郎')).verdict is Verdict.MATCH\n"
        "try:\n"
        "    mynacheck.strategies\n"
        "except ImportError:\n"
        "    print('strategies needs hypothesis')\n"
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "strategies needs hypothesis"


def test_strategies_stay_public_when_hypothesis_is_installed() -> None:
    import mynacheck as mc

    assert callable(mc.strategies.records) and callable(mc.strategies.mislinkages)
