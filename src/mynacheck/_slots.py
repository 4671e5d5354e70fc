"""A constructor for a frozen attrs class that sets each slot through the slot's own setter.

attrs' frozen ``__init__`` sets every field through ``object.__setattr__``, which
looks the attribute up by name first (about 440 instructions a field).  Values
built per row or per pair (a parsed address, a finding) skip that through a
builder generated here from the class's fields.  The builder runs no validator,
converter or post-init hook: a caller gives values already checked, and a test
compares its builder with the class's own constructor.  The generated source
names fields only; it never holds input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["compile_slot_builder"]

T = TypeVar("T")


def compile_slot_builder(cls: type[T], *, required: int | None = None) -> Callable[..., T]:
    """``cls(*fields)`` setting each slot directly; the fields after the first ``required`` default to None."""
    names = [f.name for f in attrs.fields(cls)]  # type: ignore[arg-type]  # an attrs class: attrs.fields refuses any other
    count = len(names) if required is None else required
    params = [*names[:count], *(f"{name}=None" for name in names[count:])]
    env: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def build({', '.join(params)}):", "    made = new(cls)"]
    for name in names:
        env[f"set_{name}"] = getattr(cls, name).__set__
        lines.append(f"    set_{name}(made, {name})")
    lines.append("    return made")
    exec("\n".join(lines), env)
    build: Callable[..., T] = env["build"]
    return build
