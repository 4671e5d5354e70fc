"""Named text folds, and one fast function made from a sequence of them.

A :class:`Fold` is one named step of a normalization (the kana folds of
:mod:`.kana` are the example): a table of one-character replacements, with
an optional step before it and after it.  :func:`Fold.apply` runs it on any
text; that is the reference, and what a match reports fold by fold.

:func:`compile_round` turns a sequence of folds into the one function that
applies them all, in order, as fast as the table allows.  It is generated from
the folds, never written by hand, so a fold added to the table is in the fast
function too.  Three rules make it fast, each of which gives exactly what
applying the folds one by one gives:

1. *skip what cannot act*: a fold runs only when the text holds one of its
   ``trigger`` characters (a fold changes nothing in a text without them);
   consecutive folds with many trigger characters share one check first;
2. *compose tables*: a fold that is only a table joins the previous fold's
   table (one ``str.translate`` for both: the tables act character by
   character) when nothing runs between them;
3. *white space last*: a fold whose last step only folds white space
   (:func:`fold_white_space`) lets a following table join it before that step,
   when the table neither reads nor writes white space.

>>> upper = Fold("upper", table={ord("a"): "A"})
>>> dash = Fold("dash", after=lambda t: t.replace("-", " "), trigger="-")
>>> compile_round((upper, dash))("a-b")
'A b'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

__all__ = ["Fold", "compile_round", "fold_white_space", "compose_tables"]

Table = Mapping[int, int | str | None]


def fold_white_space(text: str) -> str:
    """Every run of white space becomes one space; none at either end."""
    return " ".join(text.split())


class Fold(NamedTuple):
    """One named fold: ``before``, then ``table`` (``str.translate``), then ``after``; each optional.

    ``trigger`` is the characters whose presence the fold needs to change a
    text; None means the table's keys, "" means every text.  ``strict``: the
    fold is a notation fold, applied in strict mode too.
    """

    name: str
    table: Table | None = None
    before: Callable[[str], str] | None = None
    after: Callable[[str], str] | None = None
    trigger: str | None = None
    strict: bool = False

    def apply(self, text: str) -> str:
        """The fold on ``text``: the reference the fast function is checked against."""
        if self.before is not None:
            text = self.before(text)
        if self.table is not None:
            text = text.translate(self.table)
        if self.after is not None:
            text = self.after(text)
        return text

    def triggers(self) -> str:
        """The characters whose presence the fold needs ("" for every text)."""
        if self.trigger is not None:
            return self.trigger
        if self.before is None and self.after is None and self.table is not None:
            return "".join(chr(c) for c in self.table)
        return ""


def compose_tables(first: Table, second: Table) -> dict[int, int | str | None]:
    """One table that does what translating by ``first`` and then by ``second`` does.

    >>> "ab".translate(compose_tables({ord("a"): "b"}, {ord("b"): "c"}))
    'cc'
    """
    out: dict[int, int | str | None] = {}
    for code in {*first, *second}:
        out[code] = chr(code).translate(first).translate(second)
    return out


def _has_white_space(table: Table) -> bool:
    for code, value in table.items():
        if chr(code).isspace():
            return True
        if isinstance(value, int) and chr(value).isspace():
            return True
        if isinstance(value, str) and any(c.isspace() for c in value):
            return True
    return False


class _Step(NamedTuple):
    """Folds merged for the fast function: before, one table, after, and the trigger characters."""

    before: tuple[Callable[[str], str], ...]
    table: Table | None
    after: tuple[Callable[[str], str], ...]
    trigger: str  # "" : runs on every text


def _steps(folds: Iterable[Fold]) -> list[_Step]:
    steps: list[_Step] = []
    for fold in folds:
        only_table = fold.before is None and fold.after is None and fold.table is not None
        if only_table and steps and fold.table is not None:
            prev = steps[-1]
            if prev.table is not None and not prev.after:  # rule 2
                steps[-1] = prev._replace(table=compose_tables(prev.table, fold.table),
                                          trigger=_union(prev.trigger, fold.triggers()))
                continue
            if (prev.table is not None and prev.after == (fold_white_space,)
                    and not _has_white_space(fold.table)):  # rule 3
                steps[-1] = prev._replace(table=compose_tables(prev.table, fold.table),
                                          trigger=_union(prev.trigger, fold.triggers()))
                continue
        steps.append(_Step(() if fold.before is None else (fold.before,), fold.table,
                           () if fold.after is None else (fold.after,), fold.triggers()))
    return steps


def _union(a: str, b: str) -> str:
    return "" if not a or not b else "".join(dict.fromkeys(a + b))


def compile_round(folds: Iterable[Fold]) -> Callable[[str], str]:
    """One function applying ``folds`` in order (see the module doc for what makes it fast)."""
    steps = _steps(folds)
    env: dict[str, Any] = {}
    lines = ["def fold_round(text):"]

    def check(trigger: str, name: str) -> str:
        if len(trigger) <= 2:  # ``in`` is cheaper than a regex for one or two characters
            return " or ".join(f"{c!r} in text" for c in trigger)
        env[name] = re.compile("[" + re.escape(trigger) + "]").search
        return f"{name}(text) is not None"

    # Table steps that always run still skip their translate when no key is present.
    i = 0
    while i < len(steps):
        # Rule 1: a run of steps with many trigger characters shares one check first.
        run = i
        while run < len(steps) and len(steps[run].trigger) > 2:
            run += 1
        group = steps[i:run] if run - i >= 2 else []
        indent = "    "
        if group:
            lines.append(f"    if {check(''.join(dict.fromkeys(''.join(s.trigger for s in group))), f'g{i}')}:")
            indent = "        "
        for j, step in enumerate(group or steps[i:i + 1], start=i):
            inner = indent
            if step.trigger:
                lines.append(f"{indent}if {check(step.trigger, f't{j}')}:")
                inner = indent + "    "
            for k, fn in enumerate(step.before):
                env[f"b{j}_{k}"] = fn
                lines.append(f"{inner}text = b{j}_{k}(text)")
            if step.table is not None:
                env[f"T{j}"] = step.table
                if step.trigger:
                    lines.append(f"{inner}text = text.translate(T{j})")
                else:
                    keys = "".join(chr(c) for c in step.table)
                    lines.append(f"{inner}if {check(keys, f'k{j}')}:")
                    lines.append(f"{inner}    text = text.translate(T{j})")
            for k, fn in enumerate(step.after):
                if fn is fold_white_space:  # written out: a call costs as much as the fold
                    lines.append(f'{inner}text = " ".join(text.split())')
                    continue
                env[f"a{j}_{k}"] = fn
                lines.append(f"{inner}text = a{j}_{k}(text)")
        i = run if group else i + 1
    lines.append("    return text")
    exec("\n".join(lines), env)  # the source is built above from the folds alone, never from input
    fold_round: Callable[[str], str] = env["fold_round"]
    fold_round.__doc__ = "Generated by mynacheck.text.folds.compile_round:\n\n" + "\n".join(lines)
    return fold_round
