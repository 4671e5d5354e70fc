"""Issue 18, finding 6: a missing reference table is an error with a clear message, never a silent fallback.

A missing kanji variant table fell back to a 29-entry seed table (matches dropped, reviews rose, no
warning), while a missing address table raised FileNotFoundError.  Both are now
:class:`mynacheck.DataUnavailable` (a ``MynacheckError`` and an ``OSError``), naming the file and the
remedy: from ``compare``, ``preload``, ``reconcile`` (the run stops; no row turns into
``RECORD_COMPARE_FAILED``) and the CLI (one line, exit 2).

Each case runs in a fresh interpreter on a copy of the package whose table is removed or damaged.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mynacheck as mc

PACKAGE = Path(mc.__file__).resolve().parent
TABLES = {"variants": ("kanji_variants.tsv", "kanji variant"), "addresses": ("addresses.txt.gz", "address")}

PERSON = {"my_number": "123456789018", "name": "髙橋 一郎", "birth_date": "1970-03-12", "sex": "1",
          "address": "長野県長野市鶴賀緑町1613"}


def _broken_copy(tmp_path: Path, table: str, how: str) -> Path:
    """A copy of the installed package with one table removed, emptied, or damaged; its parent folder."""
    root = tmp_path / "site"
    shutil.copytree(PACKAGE, root / "mynacheck", ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "mynacheck" / "data" / table
    if how == "missing":
        path.unlink()
    elif how == "empty":
        path.write_bytes(gzip.compress(b"") if table.endswith(".gz") else b"")
    else:  # damaged: not what the loader reads
        path.write_bytes(b"\x1f\x8b\x08garbage" if table.endswith(".gz") else "髙\n".encode())
    return root


def _run(root: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    prelude = ("import mynacheck, sys\n"
               f"assert mynacheck.__file__.startswith({str(root)!r}), mynacheck.__file__\n")
    return subprocess.run([sys.executable, "-c", prelude + code, *args], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.mark.parametrize("how", ["missing", "empty", "damaged"])
@pytest.mark.parametrize("which", sorted(TABLES))
def test_a_missing_table_is_a_typed_error_naming_it(tmp_path: Path, which: str, how: str) -> None:
    table, what = TABLES[which]
    root = _broken_copy(tmp_path, table, how)
    code = """
import json, mynacheck as mc
person = json.loads(sys.argv[1])
out = {}
for name, call in [("preload", mc.preload),
                   ("compare", lambda: mc.compare(person, dict(person, name="高橋 一郎"))),
                   ("reconcile", lambda: list(mc.reconcile([person], [person])))]:
    try:
        call()
        out[name] = "no error"
    except mc.DataUnavailable as err:
        assert isinstance(err, mc.MynacheckError) and isinstance(err, OSError)
        out[name] = str(err)
print(json.dumps(out))
"""
    proc = _run(root, code, json.dumps(PERSON, ensure_ascii=False))
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    for call, message in out.items():
        assert f"the {what} table mynacheck/data/{table} is missing or unreadable" in message, (call, message)
        assert "reinstall mynacheck" in message


@pytest.mark.parametrize("which", sorted(TABLES))
def test_the_cli_says_so_in_one_line(tmp_path: Path, which: str) -> None:
    table = TABLES[which][0]
    root = _broken_copy(tmp_path, table, "missing")
    for name, rows in (("b.csv", [PERSON]), ("r.csv", [PERSON])):
        keys = list(PERSON)
        (tmp_path / name).write_text(",".join(keys) + "\n" + "\n".join(",".join(r[k] for k in keys) for r in rows)
                                     + "\n", encoding="utf-8")
    code = "from mynacheck.cli import main\nsys.exit(main(sys.argv[1:]))"
    for argv in (["reconcile", str(tmp_path / "b.csv"), str(tmp_path / "r.csv"), "--out", str(tmp_path / "o.csv")],
                 ["check", "--left", *(f"{k}={v}" for k, v in PERSON.items()),
                  "--right", *(f"{k}={v}" for k, v in PERSON.items())]):
        proc = _run(root, code, *argv)
        assert proc.returncode == 2, (argv[0], proc.stdout[-2000:], proc.stderr[-2000:])
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and f"mynacheck/data/{table}" in lines[0] and "Traceback" not in proc.stderr
        assert not (tmp_path / "o.csv").exists()


def test_there_is_no_seed_table_to_fall_back_to() -> None:
    from mynacheck.text import variants

    assert not [name for name in vars(variants) if "SEED" in name.upper()]
    assert variants.tables().source == "kanji_variants.tsv"


def test_the_shipped_tables_load() -> None:
    mc.preload()  # the installed package is whole


def test_preload_loads_every_table_an_address_may_need() -> None:
    # Loaded lazily, the town table took a second on the first address without its prefecture: in a
    # service's first request, or in a hypothesis test's first draw (a too_slow health check).
    import subprocess
    import sys

    code = ("import mynacheck as mc\nfrom mynacheck import memo\nmc.preload()\nt = memo.info()[1]\n"
            "print(t['mynacheck.fields.address_data.index'], t['mynacheck.fields.address_data.towns_anywhere'],"
            " t['mynacheck.text.variants.tables'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1", "1"]
