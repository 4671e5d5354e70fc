"""The cache layer (mynacheck.memo): bounded, keyed by every mode, tables loaded once."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
import threading
import time

from hypothesis import given
from hypothesis import strategies as st

from mynacheck import memo

SRC = pathlib.Path(memo.__file__).parent


@given(st.lists(st.integers(0, 50), max_size=200), st.integers(1, 8))
def test_a_memo_is_bounded_and_returns_what_the_function_returns(keys: list[int], size: int) -> None:
    calls: list[int] = []

    @memo.memo(maxsize=size)
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    for k in keys:
        assert square(k) == k * k
        assert square.cache_info().currsize <= size  # type: ignore[attr-defined]
    assert len(calls) >= len(set(keys))


def test_a_pair_cache_with_a_mode_keys_by_the_mode() -> None:
    mode = ["a"]
    calls: list[tuple[str, str, str]] = []

    def compare(x: str, y: str, *, mode: str) -> str:
        calls.append((x, y, mode))
        return f"{x}{y}{mode}"

    cached = memo.pair_cache(compare, 16, mode=lambda: mode[0])
    assert cached(("1", "2")) == "12a" and cached(("1", "2")) == "12a"
    mode[0] = "b"  # the same pair under another mode is another entry
    assert cached(("1", "2")) == "12b"
    mode[0] = "a"
    assert cached(("1", "2")) == "12a"
    assert calls == [("1", "2", "a"), ("1", "2", "b")]


@given(st.lists(st.tuples(st.integers(0, 20), st.integers()), max_size=100), st.integers(1, 6))
def test_a_cache_keeps_at_most_maxsize_and_drops_the_oldest(puts: list[tuple[int, int]], size: int) -> None:
    cache: memo.Cache[int, int] = memo.Cache("test", size)
    expected: dict[int, int] = {}
    for key, value in puts:
        if key not in expected and len(expected) >= size:
            del expected[next(iter(expected))]
        expected[key] = value
        cache.put(key, value)
        assert len(cache) <= size
    for key in range(21):
        assert cache.get(key) == expected.get(key)


def test_eight_threads_starting_at_once_load_a_table_once() -> None:
    loads: list[int] = []

    @memo.load_once
    def table() -> dict[str, int]:
        loads.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it loads
        return {"loaded": len(loads)}

    start = threading.Barrier(8)
    got: list[object] = []

    def worker() -> None:
        start.wait()
        got.append(table())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loads == [1]
    assert len(got) == 8 and all(g is got[0] for g in got)


def test_the_bundled_tables_load_once_when_eight_threads_ask_at_once() -> None:
    # A fresh interpreter: in this one the tables are loaded already.
    code = """
import threading
from mynacheck import memo
from mynacheck.text import variants
from mynacheck.fields import address_data
start = threading.Barrier(8)
got = []
def worker():
    start.wait()
    got.append((variants.tables(), address_data.index(), address_data.towns_anywhere()))
threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
loads = memo.info()[1]
print(len(got), all(g[i] is got[0][i] for g in got for i in range(3)),
      loads["mynacheck.text.variants.tables"], loads["mynacheck.fields.address_data.index"],
      loads["mynacheck.fields.address_data.towns_anywhere"])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["8", "True", "1", "1", "1"]


def test_clear_empties_the_memos_and_keeps_the_tables() -> None:
    from mynacheck import normalize_name
    from mynacheck.text import variants

    normalize_name("髙橋 一郎")
    table = variants.tables()
    memo.clear()
    caches, tables = memo.info()
    assert all(c.size == 0 for c in caches)
    assert tables["mynacheck.text.variants.tables"] == 1 and variants.tables() is table


# The layers below reconcile keep no cache of their own: every cache is made by mynacheck.memo.
_LAYERS = ("text", "fields", "rules", "reasons.py", "mynumber.py", "record.py", "verdicts.py", "reconcile/keys.py")


def test_no_module_below_reconcile_makes_a_cache_of_its_own() -> None:
    offenders = []
    for layer in _LAYERS:
        path = SRC / layer
        for file in [path] if path.suffix == ".py" else sorted(path.rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in ("lru_cache", "cache", "OrderedDict"):
                    offenders.append(f"{file.relative_to(SRC)}:{node.lineno} {node.attr}")
                if isinstance(node, ast.ImportFrom) and any(a.name in ("lru_cache", "cache", "OrderedDict")
                                                            for a in node.names):
                    offenders.append(f"{file.relative_to(SRC)}:{node.lineno} import")
    assert not offenders, offenders
