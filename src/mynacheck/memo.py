"""The cache layer: every cache mynacheck keeps is made here, bounded and named.

Texts repeat in real data (surnames, towns, the ~36,000 days of a century, the
few ways a system writes a sex), so the library remembers what it computed.
Four tools, one per kind of cache; nothing else in the library keeps a cache:

- :func:`memo`: the results of a pure function of hashable arguments (a text, a
  text and a flag).  Least recently used out first; ``functools.lru_cache``
  underneath, so a hit costs what a dict lookup costs.
- :func:`pair_cache`: a comparator's findings by the pair of values compared.
- :class:`Cache`: a bounded map for values computed from more than their key
  (a ruleset's decision, computed from the findings of the pair it keys).
- :func:`load_once`: a reference table, loaded at first use under a lock: eight
  threads that ask at once load it once.

**Modes.**  A result that depends on a process-wide setting besides its
arguments (the transliteration backend, the reference day of "future" and the
two-digit-year pivot) must not be keyed by the arguments alone.  Either the
setting is an argument of the memoized function (``_normalized(text, backend)``),
or a pair cache is given ``mode``, a function returning the setting, whose value
joins the key.  So a changed setting can never be answered from an entry made
under the old one, in any thread, whatever the timing.

:func:`clear` empties every memo, pair cache and :class:`Cache` (benchmarks use it
to measure cold paths; loaded tables stay); :func:`info` reports their sizes and
hits and how often each table was loaded.

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
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, NamedTuple, TypeVar

__all__ = ["memo", "pair_cache", "Cache", "load_once", "clear", "info", "CacheInfo"]

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


# Weak references: a pair cache lives as long as the rule it belongs to.
_CACHES: weakref.WeakSet[Any] = weakref.WeakSet()
_TABLES: dict[str, Callable[[], int]] = {}


def memo(maxsize: int) -> Callable[[F], F]:
    """Decorate a pure function of hashable arguments with a bounded LRU memo.

    The function's result must depend on its arguments alone: a mode it reads
    (a backend, a day) is one of its arguments.  ``cache_info()`` and
    ``cache_clear()`` are there as on ``functools.lru_cache``.
    """

    def decorate(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _CACHES.add(cached)
        return cached  # type: ignore[return-value]

    return decorate


def pair_cache(compare: Callable[..., T], maxsize: int, *,
               mode: Callable[[], Hashable] | None = None) -> Callable[..., T]:
    """``compare`` with its results kept for ``maxsize`` distinct argument tuples.

    For a comparator whose finding depends on the values compared alone, and,
    when ``mode`` is given, on the setting ``mode()`` returns: its value is then
    part of every key.  The arguments must be hashable (record values are text,
    None or tuples of text).
    """
    name = getattr(compare, "__qualname__", type(compare).__name__)
    if mode is None:
        cached = functools.lru_cache(maxsize=maxsize)(compare)
        _CACHES.add(cached)
        return cached

    def under(*args: Any) -> T:
        return compare(*args[:-1])  # the last argument is the mode, for the key only

    under.__qualname__ = name
    keyed = functools.lru_cache(maxsize=maxsize)(under)
    _CACHES.add(keyed)

    def with_mode(*args: Any) -> T:
        return keyed(*args, mode())

    with_mode.cache_info = keyed.cache_info  # type: ignore[attr-defined]
    with_mode.cache_clear = keyed.cache_clear  # type: ignore[attr-defined]
    return with_mode


class Cache(Generic[K, V]):
    """A bounded map, oldest entry out first, for values computed from more than their key.

    >>> c: Cache[str, int] = Cache("example", maxsize=2)
    >>> c.put("a", 1); c.put("b", 2); c.put("c", 3)
    >>> c.get("a"), c.get("c"), len(c)
    (None, 3, 2)
    """

    __slots__ = ("name", "maxsize", "_data", "__weakref__")

    def __init__(self, name: str, maxsize: int) -> None:
        self.name = name
        self.maxsize = maxsize
        self._data: OrderedDict[K, V] = OrderedDict()
        _CACHES.add(self)

    def get(self, key: K) -> V | None:
        return self._data.get(key)

    def put(self, key: K, value: V) -> None:
        data = self._data
        if len(data) >= self.maxsize and key not in data:
            with contextlib.suppress(KeyError):  # another thread may have emptied it first
                data.popitem(last=False)  # O(1)
        data[key] = value

    def __len__(self) -> int:
        return len(self._data)

    def cache_clear(self) -> None:
        self._data.clear()

    def cache_info(self) -> functools._CacheInfo:
        return functools._CacheInfo(0, 0, self.maxsize, len(self._data))


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
    for cache in list(_CACHES):
        cache.cache_clear()


def info() -> tuple[list[CacheInfo], dict[str, int]]:
    """Each cache's hits, misses and size; and how many times each table was loaded (0 or 1)."""
    caches = []
    for cache in list(_CACHES):
        hits, misses, maxsize, size = cache.cache_info()
        name = cache.name if isinstance(cache, Cache) else f"{cache.__module__}.{cache.__qualname__}"
        caches.append(CacheInfo(name, hits, misses, size, maxsize or 0))
    return sorted(caches), {name: loads() for name, loads in _TABLES.items()}
