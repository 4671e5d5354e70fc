"""The cache layer (mynacheck.memo): bounded, keyed by every mode, tables loaded once."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynacheck import memo
from mynacheck.fields import sex

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


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from("abc"), st.booleans()), max_size=60),
       st.integers(1, 8))
def test_a_pair_cache_by_mode_peeked_and_filled_gives_what_it_gives_called(
        steps: list[tuple[int, int, str, bool]], size: int) -> None:
    # The ruleset's per-pair loop reads a pair cache by mode through peek_mode, peek_tables and peek_fill.
    mode = ["a"]

    def compare(x: int, y: int, *, mode: str) -> tuple[int, int, str]:
        return (x, y, mode)

    cached = memo.pair_cache(compare, size, mode=lambda: mode[0])
    peek_mode, tables, fill = cached.peek_mode, cached.peek_tables, cached.peek_fill  # type: ignore[attr-defined]
    for x, y, m, through_loop in steps:
        mode[0] = m
        if through_loop:
            now = peek_mode()
            assert now == m
            table = tables.get(now)
            found = table.get((x, y)) if table is not None else None
            if found is None:
                found = fill((x, y), now)
                assert tables[now][(x, y)] == found  # filed under that mode
        else:
            found = cached((x, y))
        assert found == (x, y, m)
        assert all(len(t) <= size for t in tables.values())


@given(st.lists(st.tuples(st.integers(0, 30), st.sampled_from("abcdef")), max_size=200), st.integers(1, 8))
def test_a_per_mode_memo_is_bounded_per_mode_and_keys_by_the_mode(calls: list[tuple[int, str]], size: int) -> None:
    made: list[tuple[int, str]] = []

    @memo.memo_per_mode(maxsize=size)
    def tag(x: int, mode: str) -> str:
        made.append((x, mode))
        return f"{x}{mode}"

    for x, mode in calls:
        assert tag(x, mode) == tag[mode](x) == f"{x}{mode}"
        assert all(len(table.__self__) <= size for table in tag.values())  # type: ignore[attr-defined]
        assert len(tag) <= memo.MODES
    assert set(made) == set(calls)


def test_a_callable_following_a_setting_answers_from_the_memo_of_its_current_value() -> None:
    made: list[tuple[int, str]] = []

    @memo.memo_per_mode(maxsize=4)
    def tag(x: int, mode: str) -> str:
        made.append((x, mode))
        return f"{x}{mode}"

    setting = memo.Setting("a")
    live = tag.following(setting, lambda key: LookupError(f"not a key: {key!r}"))
    assert live(1) == "1a" and live(1) == "1a" and made == [(1, "a")]
    with pytest.raises(LookupError, match=r"not a key: \[1\]"):
        live([1])  # type: ignore[arg-type]
    setting.set("b")
    assert live(1) == "1b" and setting.get() == "b"
    for mode in "cdefgh":  # more modes than a per-mode memo keeps: the ones followed stay
        tag(1, mode)
    setting.set("a")
    assert live(1) == "1a" and made.count((1, "a")) == 1
    tag.cache_clear()  # emptied in place: the callable still follows
    assert live(1) == "1a" and made.count((1, "a")) == 2
    setting.set("b")
    assert live(1) == "1b"
    for x in range(20):  # bounded: maxsize keys per table, and per value followed
        assert live(x) == f"{x}b"
    assert tag.cache_info().currsize <= 4 * (len(tag) + 2)


def test_a_callable_following_a_setting_never_answers_under_an_old_value_once_set_returns() -> None:
    @memo.memo_per_mode(maxsize=64)
    def tag(x: int, mode: str) -> str:
        time.sleep(0)  # a miss lets other threads run
        return f"{x}{mode}"

    setting = memo.Setting("a")
    live = tag.following(setting, TypeError)
    rounds = 50
    step = threading.Barrier(5)
    stale: list[tuple[int, str, str]] = []

    def worker() -> None:
        for r in range(rounds):
            step.wait()  # the value was set for this round
            expected = "ab"[r % 2]
            for x in range(40):
                got = live(x)
                if got != f"{x}{expected}":
                    stale.append((r, expected, got))
            step.wait()  # done: the next value may be set

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for r in range(rounds):
        setting.set("ab"[r % 2])
        step.wait()
        step.wait()
    for t in threads:
        t.join()
    assert not stale, stale[:5]


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


@given(st.lists(st.tuples(st.sampled_from("abcdefg"), st.integers(0, 9), st.integers()), max_size=120),
       st.integers(1, 6))
def test_pair_tables_keep_at_most_maxsize_a_mode_and_the_last_modes_only(
        puts: list[tuple[str, int, int]], size: int) -> None:
    tables = memo.PairTables("test", size)
    expected: dict[str, dict[tuple[int, ...], int]] = {}
    for mode, key, value in puts:
        if mode not in expected and len(expected) >= memo.MODES:
            del expected[next(iter(expected))]  # the mode met longest ago goes
        kept = expected.setdefault(mode, {})
        if (key,) not in kept and len(kept) >= size:
            del kept[next(iter(kept))]  # the oldest pair of the mode goes
        kept[(key,)] = value
        tables.put(mode, (key,), value)
        assert len(tables) <= memo.MODES and all(len(t) <= size for t in tables.values())
    assert {m: dict(t) for m, t in tables.items()} == expected


def test_a_pair_cache_over_given_tables_shares_them_and_calls_with_their_fresh_keywords() -> None:
    calls: list[tuple[str, str, dict[str, object]]] = []

    def compare(x: str, y: str, **keywords: object) -> str:
        calls.append((x, y, keywords))
        return x + y

    tables = memo.PairTables("owner", 4, fresh={"cached": False})
    tables.put(None, ("a", "b"), "kept by the owner")
    cached = memo.pair_cache(compare, 99, tables=tables)  # the size is the tables' own
    assert cached(("a", "b")) == "kept by the owner" and not calls  # read from the owner's tables
    assert cached(("c", "d")) == "cd" and calls == [("c", "d", {"cached": False})]
    assert tables[None][("c", "d")] == "cd"  # kept in them
    for i in range(10):
        cached((str(i), "x"))
    assert len(tables[None]) == 4
    moded = memo.pair_cache(compare, 99, mode=lambda: "m", tables=tables)
    assert moded(("e", "f")) == "ef" and calls[-1] == ("e", "f", {"mode": "m", "cached": False})
    assert tables["m"][("e", "f")] == "ef"


def test_pair_tables_go_to_another_process_empty_with_their_settings() -> None:
    import pickle

    tables = memo.PairTables("owner", 7, fresh={"cached": False})
    tables.put(None, ("a", "b"), "x")
    again = pickle.loads(pickle.dumps(tables))
    assert (dict(again), again.name, again.maxsize, again.fresh) == ({}, "owner", 7, {"cached": False})


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
from mynacheck.fields import sex
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
    sex.compare("1", "男")  # kept in the sex comparator's own tables
    table = variants.tables()
    memo.clear()
    caches, tables = memo.info()
    assert all(c.size == 0 for c in caches)
    assert tables["mynacheck.text.variants.tables"] == 1 and variants.tables() is table
    assert "sex comparator: findings by pair" in {c.name for c in caches}


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
