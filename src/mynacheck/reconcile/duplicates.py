"""The two duplicate checks over the whole business file, as group-bys.

- :func:`numbers_on_several_people`: one My Number on rows whose person keys
  differ → every row with that number is flagged (``RECORD_DUPLICATE_NUMBER``).
- :func:`people_with_several_numbers`: one person key with different numbers
  → every row of that person is flagged (``RECORD_PERSON_MULTIPLE_NUMBERS``).

Both are "group by key, count distinct other key > 1": linear in the rows,
never a pairwise scan, and the same thing as a SQL/Spark aggregation::

    SELECT number FROM rows GROUP BY number HAVING COUNT(DISTINCT person) > 1

Input is ``(number_key, person_key)`` per row (see :mod:`.keys`; any
hashable, e.g. their 64-bit digests); None means unknown, and an unknown
key never groups.

>>> keys = [("1", b"a"), ("1", b"b"), ("2", b"c"), ("3", b"c"), ("4", None), ("4", None)]
>>> sorted(find_duplicates(keys).items())
[(0, ('RECORD_DUPLICATE_NUMBER',)), (1, ('RECORD_DUPLICATE_NUMBER',)), (2, ('RECORD_PERSON_MULTIPLE_NUMBERS',)), \
(3, ('RECORD_PERSON_MULTIPLE_NUMBERS',))]
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

__all__ = [
    "DUPLICATE_NUMBER",
    "PERSON_MULTIPLE_NUMBERS",
    "conflicting_groups",
    "numbers_on_several_people",
    "people_with_several_numbers",
    "find_duplicates",
    "related_rows",
    "duplicate_rows",
    "SeenKeys",
]

DUPLICATE_NUMBER = "RECORD_DUPLICATE_NUMBER"
PERSON_MULTIPLE_NUMBERS = "RECORD_PERSON_MULTIPLE_NUMBERS"

K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable)

_MANY = object()  # marks a group that has seen two different values


def conflicting_groups(pairs: Iterable[tuple[K | None, V | None]]) -> set[K]:
    """Keys that occur with two or more different non-None values.

    One pass and one dict entry per key: a group remembers its first value
    until a second one turns it into a conflict.
    """
    first: dict[K, object] = {}
    conflicts: set[K] = set()
    for key, value in pairs:
        if key is None or value is None:
            continue
        seen = first.setdefault(key, value)
        if seen is not _MANY and seen != value:
            first[key] = _MANY
            conflicts.add(key)
    return conflicts


def numbers_on_several_people(keys: Iterable[tuple[Hashable | None, Hashable | None]]) -> set[Hashable]:
    """Numbers held by rows of two or more different people."""
    return conflicting_groups(keys)


def people_with_several_numbers(keys: Iterable[tuple[Hashable | None, Hashable | None]]) -> set[Hashable]:
    """Person keys that hold two or more different numbers."""
    return conflicting_groups((person, number) for number, person in keys)


def find_duplicates(keys: Sequence[tuple[Hashable | None, Hashable | None]]) -> dict[int, tuple[str, ...]]:
    """Row index → duplicate-check reason codes, for the rows that are flagged."""
    numbers = numbers_on_several_people(keys)
    people = people_with_several_numbers(keys)
    flags: dict[int, tuple[str, ...]] = {}
    if not numbers and not people:
        return flags
    for i, (number, person) in enumerate(keys):
        codes = []
        if number is not None and number in numbers:
            codes.append(DUPLICATE_NUMBER)
        if person is not None and person in people:
            codes.append(PERSON_MULTIPLE_NUMBERS)
        if codes:
            flags[i] = tuple(codes)
    return flags


def related_rows(
    keys: Sequence[tuple[Hashable | None, Hashable | None]], limit: int = 10
) -> dict[int, tuple[int, ...]]:
    """For each flagged row, the other rows of its conflicting groups (at most ``limit``).

    A clerk who sees "this number is on two people" needs the other row.

    >>> related_rows([("1", b"a"), ("2", b"x"), ("1", b"b")])
    {0: (2,), 2: (0,)}
    """
    numbers = numbers_on_several_people(keys)
    people = people_with_several_numbers(keys)
    if not numbers and not people:
        return {}
    by_number: dict[Hashable, list[int]] = {}
    by_person: dict[Hashable, list[int]] = {}
    for i, (number, person) in enumerate(keys):
        if number is not None and number in numbers:
            by_number.setdefault(number, []).append(i)
        if person is not None and person in people:
            by_person.setdefault(person, []).append(i)
    return _related(([k[0] for k in keys], by_number), ([k[1] for k in keys], by_person), limit)[1]


def _related(by_number: tuple[Sequence[K | None], Mapping[K, list[int]]],
             by_person: tuple[Sequence[V | None], Mapping[V, list[int]]],
             limit: int) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[int, ...]]]:
    """The codes and the other rows (at most ``limit``, the smallest) of every row in a conflicting group.

    ``by_number`` / ``by_person``: each row's key, and the rows (ascending) of every conflicting key.
    A row's related rows are the ``limit`` smallest of its groups' rows but
    itself, so only each group's ``limit + 1`` smallest rows are ever looked
    at: O(n log n) however large a group (80,000 rows on one placeholder
    number once took minutes).
    """
    number_of, number_groups = by_number
    person_of, person_groups = by_person
    heads = {key: rows[:limit + 1] for key, rows in number_groups.items()}
    person_heads = {key: rows[:limit + 1] for key, rows in person_groups.items()}
    flagged = sorted({i for rows in (*number_groups.values(), *person_groups.values()) for i in rows})
    flags: dict[int, tuple[str, ...]] = {}
    related: dict[int, tuple[int, ...]] = {}
    for i in flagged:
        codes: list[str] = []
        near: list[int] = []
        number, person = number_of[i], person_of[i]
        number_head = heads.get(number) if number is not None else None
        person_head = person_heads.get(person) if person is not None else None
        if number_head is not None:
            codes.append(DUPLICATE_NUMBER)
            near += number_head
        if person_head is not None:
            codes.append(PERSON_MULTIPLE_NUMBERS)
            near += person_head
        flags[i] = tuple(codes)
        others = sorted(set(near) - {i})[:limit]
        if others:
            related[i] = tuple(others)
    return flags, related


class SeenKeys:
    """The int digests of one column (0 = unknown), fed chunk by chunk while the workers score, to find its repeated keys.

    A set, not a Counter: a chunk costs one ``set.update`` and a ``len()``
    comparison (no count to add and store per key); the few chunks where a
    key met before (or twice) shows up are kept, and only their keys are
    counted at the end (:meth:`repeated`).
    """

    __slots__ = ("_seen", "_suspects")

    def __init__(self) -> None:
        self._seen: set[int] = {0}
        self._suspects: list[Sequence[int]] = []  # chunks holding a key met before or twice

    def update(self, keys: Sequence[int]) -> None:
        seen = self._seen
        before = len(seen)
        seen.update(keys)
        if len(seen) - before < len(keys) - keys.count(0):
            self._suspects.append(keys)

    def repeated(self, keys: Sequence[int]) -> set[int]:
        """The keys (not 0) that occur more than once in ``keys``, the whole column fed so far."""
        if not self._suspects:
            return set()
        # A repeated key's second row lies in a suspect chunk: only those chunks' keys are counted, in C.
        candidates = set(itertools.chain.from_iterable(self._suspects))
        candidates.discard(0)
        counts = Counter(itertools.compress(keys, map(candidates.__contains__, keys)))
        return set(itertools.compress(counts.keys(), map((1).__lt__, counts.values())))


def _rows_of(keys: Sequence[int], wanted: set[int]) -> Iterator[int]:
    """The positions of the rows whose key is wanted (few), found in C."""
    return itertools.compress(itertools.count(), map(wanted.__contains__, keys))


def _conflicts_in(keys: Sequence[int], values: Sequence[int], repeated: set[int]) -> set[int]:
    # Only the rows of a repeated key (few) are visited in Python.
    if not repeated:
        return set()
    first: dict[int, int] = {}
    conflicts: set[int] = set()
    for i in _rows_of(keys, repeated):
        k, v = keys[i], values[i]
        if v and first.setdefault(k, v) != v:
            conflicts.add(k)
    return conflicts


def duplicate_rows(
    numbers: Sequence[int], people: Sequence[int], limit: int = 10,
    seen: tuple[SeenKeys, SeenKeys] | None = None,
) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[int, ...]]]:
    """:func:`find_duplicates` and :func:`related_rows` at once, on two columns of int digests (0 = unknown).

    The form a million-row run keeps (two ``array('q')``): the keys are
    gathered in C, and only the rows of repeated keys are looked at again.
    ``seen``: the two columns fed to :class:`SeenKeys` chunk by chunk as the
    rows came in (a large run does it while the workers score), if the caller kept them.

    >>> duplicate_rows([1, 1, 2, 3, 4, 4], [7, 8, 9, 9, 0, 0])
    ({0: ('RECORD_DUPLICATE_NUMBER',), 1: ('RECORD_DUPLICATE_NUMBER',), 2: ('RECORD_PERSON_MULTIPLE_NUMBERS',), \
3: ('RECORD_PERSON_MULTIPLE_NUMBERS',)}, {0: (1,), 1: (0,), 2: (3,), 3: (2,)})
    """
    if seen is None:
        seen = SeenKeys(), SeenKeys()
        seen[0].update(numbers)
        seen[1].update(people)
    bad_numbers = _conflicts_in(numbers, people, seen[0].repeated(numbers))
    bad_people = _conflicts_in(people, numbers, seen[1].repeated(people))
    if not bad_numbers and not bad_people:
        return {}, {}
    by_number: dict[int, list[int]] = {}
    by_person: dict[int, list[int]] = {}
    for i in _rows_of(numbers, bad_numbers):
        by_number.setdefault(numbers[i], []).append(i)
    for i in _rows_of(people, bad_people):
        by_person.setdefault(people[i], []).append(i)
    return _related((numbers, by_number), (people, by_person), limit)
