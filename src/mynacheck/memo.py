"""The cache layer: every cache mynacheck keeps is made here, bounded and named.

Texts repeat in real data (surnames, towns, the ~36,000 days of a century, the
few ways a system writes a sex), so the library remembers what it computed.
One tool per kind of cache; nothing else in the library keeps a cache:

- :func:`memo`: the results of a pure function of hashable arguments (a text, a
  text and a flag).  Least recently used out first; ``functools.lru_cache``
  underneath, so a hit costs what a dict lookup costs.
- :func:`memo_per_mode` (:class:`PerMode`): the same for a function of a text
  and a *mode*, one LRU per mode value: ``memos[mode](text)``.
- :func:`pair_cache`: a comparator's findings by the pair of values compared
  (and, when the comparator has one, its mode).
- :class:`Cache`: a bounded map for values computed from more than their key
  (a ruleset's decision, computed from the findings of the pair it keys).
- :func:`load_once`: a reference table, loaded at first use under a lock: eight
  threads that ask at once load it once.

**Modes.**  A result that depends on a process-wide setting besides its
arguments (the transliteration backend; the reference day of "future" and of
the two-digit-year pivot) is never keyed by the arguments alone: the setting
is an argument of the memoized function and picks its LRU (:class:`PerMode`),
or a pair cache is given ``mode``, a function returning the setting, which is
read once per comparison, picks the table and is passed to the comparator.  So
a result made under one setting can never be given under another, in any
thread, whatever the timing; nothing needs emptying when a setting changes.

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
import inspect
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, NamedTuple, TypeVar

__all__ = ["memo", "memo_per_mode", "PerMode", "pair_cache", "Cache", "load_once", "clear", "info", "CacheInfo",
           "MODES"]

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


class PerMode(dict[Hashable, Callable[[K2], T]], Generic[K2, T]):
    """One LRU memo of ``fn(key, mode)`` per value of the mode: ``memos[mode](key)``.

    For a function of a text and a mode (the transliteration backend, the
    reference day): the same key under two modes is two entries, so a result
    made under one mode is never given under another, in any thread.  Indexing
    by the mode is a dict lookup (a memo is made for a mode the first time it
    is met; the last :data:`MODES` modes keep theirs), and a lookup allocates
    no key tuple.  ``memos(key, mode)`` does the same in one call.

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
        # The mode is bound by keyword (functools.partial: no Python frame on a miss).
        self.mode_name = list(inspect.signature(fn).parameters)[1]
        functools.update_wrapper(self, fn)
        _register(self)

    def __missing__(self, mode: Hashable) -> Callable[[K2], T]:
        _drop_oldest_mode(self)
        made = functools.lru_cache(maxsize=self.maxsize)(functools.partial(self.fn, **{self.mode_name: mode}))
        # setdefault is atomic: two threads meeting a new mode at once share one memo.
        found: Callable[[K2], T] = self.setdefault(mode, made)
        return found

    def __call__(self, key: K2, mode: Hashable) -> T:
        result: T = self[mode](key)
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (to a Spark executor, say) as an empty memo of the same function.
        return (PerMode, (self.fn, self.maxsize))

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)

    def cache_info(self) -> functools._CacheInfo:
        infos = [c.cache_info() for c in list(self.values())]  # type: ignore[attr-defined]
        return functools._CacheInfo(sum(i.hits for i in infos), sum(i.misses for i in infos), self.maxsize,
                                    sum(i.currsize for i in infos))

    def cache_clear(self) -> None:
        self.clear()


def memo_per_mode(maxsize: int) -> Callable[[Callable[[K2, Any], T]], PerMode[K2, T]]:
    """Decorate ``fn(key, mode)``: a :class:`PerMode` memo of ``maxsize`` keys per mode."""

    def decorate(fn: Callable[[K2, Any], T]) -> PerMode[K2, T]:
        return PerMode(fn, maxsize)

    return decorate


def _drop_oldest_mode(by_mode: dict[Hashable, Any]) -> None:
    """Keep at most MODES modes: the one met longest ago goes (a race can only drop one more)."""
    if len(by_mode) >= MODES:
        with contextlib.suppress(StopIteration, KeyError, RuntimeError):
            del by_mode[next(iter(by_mode))]


#: How many values of a mode a per-mode memo or pair cache keeps entries for.
MODES = 4


def pair_cache(compare: Callable[..., T], maxsize: int, *, mode: Callable[[], Hashable] | None = None,
               key: Callable[[Any], tuple[Any, ...]] | None = None) -> Callable[[Any], T]:
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
    """
    # No lock in here: a rule's check travels to Spark executors by value (cloudpickle),
    # and dict.setdefault alone makes meeting a new mode safe.
    tables: dict[Hashable, OrderedDict[tuple[Any, ...], T]] = {}
    values: Callable[[Any], tuple[Any, ...]] = key if key is not None else _itself

    def table(m: Hashable) -> OrderedDict[tuple[Any, ...], T]:
        _drop_oldest_mode(tables)
        return tables.setdefault(m, OrderedDict())

    def store(data: OrderedDict[tuple[Any, ...], T], args: tuple[Any, ...], found: T) -> None:
        if len(data) >= maxsize:
            with contextlib.suppress(KeyError):  # another thread may have emptied it first
                data.popitem(last=False)  # O(1)
        data[args] = found

    if mode is None:
        plain: OrderedDict[tuple[Any, ...], T] = OrderedDict()
        get = plain.get

        def cached(x: Any) -> T:
            args = values(x)
            found = get(args)
            if found is None:
                found = compare(*args)
                store(plain, args, found)
            return found

        tables[None] = plain
    else:
        read_mode = mode

        def cached(x: Any) -> T:
            args = values(x)
            m = read_mode()
            data = tables.get(m)
            if data is None:
                data = table(m)
            found = data.get(args)
            if found is None:
                found = compare(*args, mode=m)
                store(data, args, found)
            return found

    def cache_info() -> functools._CacheInfo:
        return functools._CacheInfo(0, 0, maxsize, sum(len(t) for t in list(tables.values())))

    def cache_clear() -> None:
        for t in list(tables.values()):
            t.clear()

    cached.__qualname__ = f"pair_cache({getattr(compare, '__qualname__', type(compare).__name__)})"
    cached.__module__ = getattr(compare, "__module__", __name__)
    cached.cache_info = cache_info  # type: ignore[attr-defined]
    cached.cache_clear = cache_clear  # type: ignore[attr-defined]
    _register(cached)
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
        name = cache.name if isinstance(cache, Cache) else f"{cache.__module__}.{cache.__qualname__}"
        caches.append(CacheInfo(name, hits, misses, size, maxsize or 0))
    return sorted(caches), {name: loads() for name, loads in _TABLES.items()}
