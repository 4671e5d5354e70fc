"""The cache layer: every cache mynacheck keeps is made here, bounded and named.

Texts repeat in real data (surnames, towns, the ~36,000 days of a century, the
few ways a system writes a sex), so the library remembers what it computed.
One tool per kind of cache; nothing else in the library keeps a cache:

- :func:`memo`: the results of a pure function of hashable arguments (a text, a
  text and a flag).  Least recently used out first; ``functools.lru_cache``
  underneath, so a hit costs what a dict lookup costs.
- :func:`memo_per_mode` (:class:`PerMode`): the same for a function of a text
  and a *mode*, one table per mode value: ``memos[mode](text)`` (a hit is a dict
  lookup in C; the oldest entry out first).
- :class:`PairTables` and :func:`pair_cache`: a comparator's findings by the
  pair of values compared (and, when the comparator has one, its mode).  A
  :class:`~mynacheck.fields.base.LevelledField` owns its tables; the rules that
  compare with it read and fill the same tables, so a pair is kept once.
- :class:`Cache`: a bounded map for values computed from more than their key
  (a ruleset's decision, computed from the findings of the pair it keys).
- :func:`load_once`: a reference table, loaded at first use under a lock: eight
  threads that ask at once load it once.

**Modes.**  A result that depends on a process-wide setting besides its
arguments (the transliteration backend; the reference day of "future" and of
the two-digit-year pivot) is never keyed by the arguments alone: the setting
is an argument of the memoized function and picks its table (:class:`PerMode`),
or a pair cache is given ``mode``, a function returning the setting, which is
read once per comparison, picks the table and is passed to the comparator.  So
a result made under one setting can never be given under another, in any
thread, whatever the timing; nothing needs emptying when a setting changes.
A setting that only changes when it is set (the backend) is a :class:`Setting`:
a public function whose hits must cost a dict lookup and nothing more
(``normalize_name``) is ``memos.following(setting, refuse)``, which answers from
the results of the current value, swapped in one step when the setting is set.

:func:`clear` empties every memo, pair cache and :class:`Cache` (benchmarks use it
to measure cold paths; loaded tables stay); :func:`info` reports their sizes and
hits and how many times each table was loaded.

>>> @memo(maxsize=2)
... def double(x: int) -> int:
...     return 2 * x
>>> double(3), double(3), double.cache_info().hits
(6, 6, 1)
"""

from __future__ import annotations

import contextlib
import functools
import threading
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from typing import Any, Generic, NamedTuple, TypeVar

__all__ = ["memo", "memo_per_mode", "PerMode", "Setting", "PairTable", "PairTables", "pair_cache", "Cache",
           "load_once", "clear", "info", "CacheInfo", "MODES"]

F = TypeVar("F", bound=Callable[..., Any])
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")


class CacheInfo(NamedTuple):
    """One cache as :func:`info` reports it."""

    name: str
    hits: int
    misses: int
    size: int
    maxsize: int


# Weak references, by identity: a pair cache lives as long as the rule it belongs to.
_CACHES: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()


_TABLES: dict[str, Callable[[], int]] = {}


def _register(cache: Any) -> None:
    _CACHES[id(cache)] = cache


def memo(maxsize: int) -> Callable[[F], F]:
    """Decorate a pure function of hashable arguments with a bounded LRU memo.

    The function's result must depend on its arguments alone: a mode it reads
    (a backend, a day) is one of its arguments, or the memo is a
    :class:`PerMode`.  ``cache_info()`` and ``cache_clear()`` are there as on
    ``functools.lru_cache``.
    """

    def decorate(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _register(cached)
        return cached  # type: ignore[return-value]

    return decorate


K2 = TypeVar("K2", bound=Hashable)


class _Table(OrderedDict[Any, Any]):
    """One mode's memo of ``fn(key, mode)``: the key's entry, made on a miss; the oldest out first.

    A hit is the dict's own lookup, called through the bound ``__getitem__``
    (C code, no Python frame: a third cheaper than an ``lru_cache`` hit); a
    miss runs :meth:`__missing__`, kept to the few steps a miss needs (no
    count: neither hits nor misses are counted).  The oldest entry goes when
    it is full (first in, first out: a hit does not move an entry).
    """

    __slots__ = ("fn", "mode", "maxsize")

    def __init__(self, fn: Callable[[Any, Any], Any], mode: Hashable, maxsize: int) -> None:
        super().__init__()
        self.fn = fn
        self.mode = mode
        self.maxsize = maxsize

    def __missing__(self, key: Any) -> Any:
        value = self.fn(key, self.mode)  # an error propagates, and nothing is kept
        if len(self) >= self.maxsize:
            self._drop_oldest()
        self[key] = value
        return value

    def _drop_oldest(self) -> None:
        with contextlib.suppress(KeyError):  # another thread may have emptied it first
            self.popitem(last=False)  # O(1)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (to a Spark executor, say) empty.
        return (_Table, (self.fn, self.mode, self.maxsize))


class _Front(NamedTuple, Generic[K2, T]):
    """What a following() function reads for one value of its setting."""

    hits: dict[K2, T]  # a plain dict: the interpreter subscripts it without a call
    order: deque[K2]  # its keys, oldest first
    memo: Callable[[K2], T]  # the PerMode's memo of that value, asked on a miss


class PerMode(dict[Hashable, Callable[[K2], T]], Generic[K2, T]):
    """One memo of ``fn(key, mode)`` per value of the mode: ``memos[mode](key)``.

    For a function of a text and a mode (the transliteration backend, the
    reference day): the same key under two modes is two entries, so a result
    made under one mode is never given under another, in any thread.  Indexing
    by the mode is a dict lookup (a memo is made for a mode the first time it
    is met; the last :data:`MODES` modes keep theirs) and gives the bound
    lookup of that mode's table, so a hit is two dict lookups in C and
    allocates nothing.  Each table keeps ``maxsize`` keys, the oldest out
    first.  ``memos(key, mode)`` does the same in one call.

    :meth:`following` gives a function answering from the memo of a
    :class:`Setting`'s current value, re-pointed when the setting changes.

    >>> @memo_per_mode(maxsize=8)
    ... def greet(name: str, lang: str) -> str:
    ...     return ("Hello " if lang == "en" else "こんにちは ") + name
    >>> greet["en"]("Ann"), greet("Ann", "ja")
    ('Hello Ann', 'こんにちは Ann')
    """

    def __init__(self, fn: Callable[[K2, Any], T], maxsize: int) -> None:
        super().__init__()
        self.fn = fn
        self.maxsize = maxsize
        # The modes a following() function has pointed at: never dropped, so a call
        # still running in one of their tables finishes there.
        self._pinned: set[Hashable] = set()
        self._fronts: list[_Front[K2, T]] = []
        functools.update_wrapper(self, fn)
        _register(self)

    def __missing__(self, mode: Hashable) -> Callable[[K2], T]:
        _drop_oldest_mode(self, self._pinned)
        made: Callable[[K2], T] = _Table(self.fn, mode, self.maxsize).__getitem__
        # setdefault is atomic: two threads meeting a new mode at once share one memo.
        found: Callable[[K2], T] = self.setdefault(mode, made)
        return found

    def __call__(self, key: K2, mode: Hashable) -> T:
        result: T = self[mode](key)
        return result

    def following(self, setting: Setting[Any], refuse: Callable[[object], Exception]) -> Callable[[K2], T]:
        """A function of one key: the memo of ``setting``'s current value, re-pointed when it is set.

        For a public function whose hits must cost no more than a dict lookup
        (``normalize_name``): a hit is one lookup in a plain ``dict`` of the
        current value's results (the interpreter's own subscript, no call), a
        miss asks ``self[value]`` and keeps the answer there too (the oldest
        out first).  :meth:`Setting.set` swaps, under the setting's lock, the
        dict and the memo a call reads, so a call answers from the results of
        one value, and once ``set`` has returned every call answers under the
        new value, in every thread.  A key that cannot be a dict key (a list)
        raises ``refuse(key)``.
        """
        fronts: dict[Hashable, _Front[K2, T]] = {}
        maxsize = self.maxsize
        hits: dict[K2, T] = {}  # both set by repoint, from _follow below
        current: _Front[K2, T] = _Front(hits, deque(), self[setting.get()])

        def repoint(value: Hashable) -> None:
            nonlocal current, hits
            self._pinned.add(value)
            made = fronts.get(value)
            if made is None:
                made = fronts[value] = _Front({}, deque(), self[value])
                self._fronts.append(made)
            current, hits = made, made.hits

        def miss(key: K2) -> T:
            front = current  # one read: the results and the memo of one value
            value = front.memo(key)
            if len(front.hits) >= maxsize:
                with contextlib.suppress(IndexError, KeyError):  # another thread may have emptied it first
                    del front.hits[front.order.popleft()]
            front.hits[key] = value
            front.order.append(key)
            return value

        def follow(key: K2) -> T:
            try:
                return hits[key]
            except KeyError:
                return miss(key)
            except TypeError:  # unhashable: not a key of any memo
                raise refuse(key) from None

        setting._follow(repoint)
        return follow

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (to a Spark executor, say) as an empty memo of the same function.
        return (PerMode, (self.fn, self.maxsize))

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)

    def _tables(self) -> list[_Table]:
        return [get.__self__ for get in list(self.values())]  # type: ignore[attr-defined]

    def cache_info(self) -> functools._CacheInfo:
        # A hit is the table's own lookup, a miss a few steps: neither is counted.
        tables = self._tables()
        return functools._CacheInfo(0, 0, self.maxsize,
                                    sum(len(t) for t in tables) + sum(len(f.hits) for f in self._fronts))

    def cache_clear(self) -> None:
        # Emptied in place: a following() function keeps pointing at its table.
        for table in self._tables():
            table.clear()
        for front in self._fronts:
            front.hits.clear()
            front.order.clear()


S = TypeVar("S", bound=Hashable)


class Setting(Generic[S]):
    """A process-wide setting that results depend on (the transliteration backend).

    ``value`` is the current value (read it; change it only with ``set``).
    ``set(value)`` changes it and, under one lock, re-points every function
    made by :meth:`PerMode.following` for it to the memo of the new value.
    """

    __slots__ = ("value", "_lock", "_followers")

    def __init__(self, value: S) -> None:
        self.value = value
        self._lock = threading.Lock()
        self._followers: list[Callable[[S], None]] = []

    def get(self) -> S:
        return self.value

    def set(self, value: S) -> None:
        with self._lock:
            self.value = value
            for repoint in self._followers:
                repoint(value)

    def _follow(self, repoint: Callable[[S], None]) -> None:
        with self._lock:
            self._followers.append(repoint)
            repoint(self.value)


def memo_per_mode(maxsize: int) -> Callable[[Callable[[K2, Any], T]], PerMode[K2, T]]:
    """Decorate ``fn(key, mode)``: a :class:`PerMode` memo of ``maxsize`` keys per mode."""

    def decorate(fn: Callable[[K2, Any], T]) -> PerMode[K2, T]:
        return PerMode(fn, maxsize)

    return decorate


def _drop_oldest_mode(by_mode: dict[Hashable, Any], keep: set[Hashable] | frozenset[Hashable] = frozenset()) -> None:
    """Keep at most MODES modes (besides those in ``keep``): the one met longest ago goes.

    A race can only drop one more.
    """
    if len(by_mode) - len(keep) >= MODES:
        with contextlib.suppress(StopIteration, KeyError, RuntimeError):
            del by_mode[next(m for m in by_mode if m not in keep)]


#: How many values of a mode a per-mode memo or pair cache keeps entries for.
MODES = 4


#: One mode's table of a :class:`PairTables`: findings by the values compared, oldest first.
PairTable = OrderedDict[tuple[Any, ...], Any]


class PairTables(dict[Hashable, PairTable]):
    """A comparator's findings by the values compared: one table per mode (None: the comparator has none).

    ``tables.get(mode)`` is the mode's table (an ``OrderedDict`` keyed by the
    values, or None before the mode is met), so a hit is two dict lookups;
    :meth:`put` keeps a finding, the oldest of its table out first when the
    table holds ``maxsize``; the last :data:`MODES` modes keep their tables.
    No lock: ``setdefault`` makes meeting a new mode safe, and an entry is only
    ever replaced by an equal finding.  Pickled (to a Spark executor) empty.

    ``fresh`` are the keywords that make the owner's ``compare`` skip these
    tables, when it reads them itself (``{"cached": False}`` for a
    LevelledField that keeps every pair): a :func:`pair_cache` over them looks
    a pair up and keeps its finding itself, so on a miss it has the owner
    compute without looking again.

    >>> t = PairTables("example", maxsize=2)
    >>> t.put(None, ("1", "男"), "found"); t.get(None).get(("1", "男"))
    'found'
    """

    def __init__(self, name: str, maxsize: int, fresh: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.name = name
        self.maxsize = maxsize
        self.fresh: dict[str, Any] = dict(fresh or {})
        _register(self)

    def table(self, mode: Hashable) -> PairTable:
        """The table of ``mode``, made when the mode is first met."""
        found = self.get(mode)
        if found is None:
            _drop_oldest_mode(self)
            found = self.setdefault(mode, OrderedDict())
        return found

    def put(self, mode: Hashable, values: tuple[Any, ...], finding: Any) -> None:
        """Keep ``finding`` for ``values`` under ``mode``."""
        self.keep(self.table(mode), values, finding)

    def keep(self, table: PairTable, values: tuple[Any, ...], finding: Any) -> None:
        """Keep ``finding`` for ``values`` in ``table`` (one of these tables), the oldest out first when full."""
        if len(table) >= self.maxsize and values not in table:
            with contextlib.suppress(KeyError):  # another thread may have emptied it first
                table.popitem(last=False)  # O(1)
        table[values] = finding

    def __reduce__(self) -> tuple[Any, ...]:
        return (PairTables, (self.name, self.maxsize, self.fresh))

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)

    def cache_clear(self) -> None:
        # Emptied in place: a cache made over these tables keeps its bound lookups.
        for t in list(self.values()):
            t.clear()

    def cache_info(self) -> functools._CacheInfo:
        return functools._CacheInfo(0, 0, self.maxsize, sum(len(t) for t in list(self.values())))


def pair_cache(compare: Callable[..., T], maxsize: int, *, mode: Callable[[], Hashable] | None = None,
               key: Callable[[Any], tuple[Any, ...]] | None = None,
               tables: PairTables | None = None) -> Callable[[Any], T]:
    """``compare`` with its results kept for ``maxsize`` distinct argument tuples.

    The returned function takes one argument ``x``; the values compared are
    ``key(x)`` (by default ``x`` itself), a tuple of hashable values (record
    values are text, None or tuples of text), and it returns ``compare(*values)``.
    For a comparator whose finding depends on the values compared alone, and,
    when ``mode`` is given, on the setting ``mode()`` returns.  The mode is then
    read once per call, picks the table the values are looked up in (one table
    per mode value) and is passed to ``compare`` as ``mode=``, so the finding is
    made under the setting it is filed under.  The oldest entry goes when a
    table is full.

    ``tables`` are the tables to keep the findings in when ``compare`` is a
    comparator's own method and the comparator owns them (a
    :class:`PairTables`, ``LevelledField.pair_tables``): the comparator called
    directly and every cache made over its tables then read and fill the same
    entries.  ``maxsize`` is then the tables' own.
    """
    # No lock in here: a rule's check travels to Spark executors by value (cloudpickle),
    # and dict.setdefault alone makes meeting a new mode safe.
    name = f"pair_cache({getattr(compare, '__qualname__', type(compare).__name__)})"
    kept = tables if tables is not None else PairTables(f"{getattr(compare, '__module__', __name__)}.{name}", maxsize)
    maxsize = kept.maxsize
    fresh = kept.fresh  # {} (a call without keywords: a miss costs no dict) unless an owner needs them
    values: Callable[[Any], tuple[Any, ...]] = key if key is not None else _itself

    # table and store stay functions of this cache's own: a rule's fingerprint describes the functions its
    # check closes over (mynacheck.rules.fingerprint), and the shipped rulesets' fingerprints are pinned.
    def table(m: Hashable) -> OrderedDict[tuple[Any, ...], T]:
        return kept.table(m)

    def store(data: OrderedDict[tuple[Any, ...], T], args: tuple[Any, ...], found: T) -> None:
        # PairTables.keep written out: it runs on every miss.  The entry may be there already,
        # put by the comparator that owns the tables.
        if len(data) >= maxsize and args not in data:
            with contextlib.suppress(KeyError):  # another thread may have emptied it first
                data.popitem(last=False)  # O(1)
        data[args] = found

    if mode is None:
        plain: OrderedDict[tuple[Any, ...], T] = kept.table(None)
        get = plain.get

        def cached(x: Any) -> T:
            args = values(x)
            found = get(args)
            if found is None:
                found = compare(*args, **fresh) if fresh else compare(*args)
                store(plain, args, found)
            return found

        # For a caller that reads a hit without this function's frame (the ruleset's per-pair
        # loop): ``peek(values)`` is the result kept for those values, or None.
        cached.peek = get  # type: ignore[attr-defined]
    else:
        read_mode = mode

        def cached(x: Any) -> T:
            args = values(x)
            m = read_mode()
            data = kept.get(m)
            if data is None:
                data = table(m)
            found = data.get(args)
            if found is None:
                found = compare(*args, mode=m, **fresh) if fresh else compare(*args, mode=m)
                store(data, args, found)
            return found

        def fill(args: tuple[Any, ...], m: Hashable) -> T:
            data = kept.get(m)
            if data is None:
                data = table(m)
            found = compare(*args, mode=m, **fresh) if fresh else compare(*args, mode=m)
            store(data, args, found)
            return found

        # For the ruleset's per-pair loop, which reads a hit without this function's frame:
        # ``peek_tables.get(peek_mode())`` is the table of the mode now (or None), keyed by the
        # values; on a miss ``peek_fill(values, mode)`` is what this function gives for them.
        cached.peek_mode = read_mode  # type: ignore[attr-defined]
        cached.peek_tables = kept  # type: ignore[attr-defined]
        cached.peek_fill = fill  # type: ignore[attr-defined]

    cached.__qualname__ = name
    cached.__module__ = getattr(compare, "__module__", __name__)
    cached.cache_info = kept.cache_info  # type: ignore[attr-defined]
    cached.cache_clear = kept.cache_clear  # type: ignore[attr-defined]
    cached.tables = kept  # type: ignore[attr-defined]
    return cached


def _itself(x: tuple[Any, ...]) -> tuple[Any, ...]:
    return x


class Cache(OrderedDict[K, V]):
    """A bounded map, oldest entry out first, for values computed from more than their key.

    ``get`` is the dict's own (a lookup costs what a dict lookup costs);
    ``put`` stores, dropping the oldest entry when full.

    >>> c: Cache[str, int] = Cache("example", maxsize=2)
    >>> c.put("a", 1); c.put("b", 2); c.put("c", 3)
    >>> c.get("a"), c.get("c"), len(c)
    (None, 3, 2)
    """

    def __init__(self, name: str, maxsize: int) -> None:
        super().__init__()
        self.name = name
        self.maxsize = maxsize
        _register(self)

    def put(self, key: K, value: V) -> None:
        if len(self) >= self.maxsize and key not in self:
            with contextlib.suppress(KeyError):  # another thread may have emptied it first
                self.popitem(last=False)  # O(1)
        self[key] = value

    def cache_clear(self) -> None:
        self.clear()

    def cache_info(self) -> functools._CacheInfo:
        return functools._CacheInfo(0, 0, self.maxsize, len(self))


def load_once(load: Callable[[], T]) -> Callable[[], T]:
    """Decorate a loader of a reference table: it runs once, under a lock, at first use.

    Threads that ask while another loads wait for that load and get the same
    object.  After the load a call costs a ``functools.cache`` hit.
    """
    lock = threading.Lock()
    loaded: list[T] = []

    def locked() -> T:
        with lock:
            if not loaded:
                loaded.append(load())
            return loaded[0]

    _TABLES[f"{load.__module__}.{load.__qualname__}"] = loaded.__len__
    once = functools.cache(locked)
    functools.update_wrapper(once, load)
    return once


def clear() -> None:
    """Empty every memo, pair cache and Cache (loaded tables stay loaded)."""
    for cache in list(_CACHES.values()):
        cache.cache_clear()


def info() -> tuple[list[CacheInfo], dict[str, int]]:
    """Each cache's hits, misses and size; and how many times each table was loaded (0 or 1)."""
    caches = []
    for cache in list(_CACHES.values()):
        hits, misses, maxsize, size = cache.cache_info()
        name = cache.name if isinstance(cache, Cache | PairTables) else f"{cache.__module__}.{cache.__qualname__}"
        caches.append(CacheInfo(name, hits, misses, size, maxsize or 0))
    return sorted(caches), {name: loads() for name, loads in _TABLES.items()}
