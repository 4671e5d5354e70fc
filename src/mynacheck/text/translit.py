"""Transliteration of alphabet names to plain ASCII, behind one interface.

The default backend is ``anyascii`` (ISC licence, a core dependency).
``unidecode`` (GPL-2.0+, the ``unidecode`` extra) can be chosen instead; a
vendor whose product can't take a GPL dependency simply never selects it.

>>> transliterate("NGUYỄN Thị Minh Khai")
'NGUYEN Thi Minh Khai'
>>> available_backends()[0]
'anyascii'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..errors import BackendUnavailable, UsageError
from ..memo import Setting, memo, memo_per_mode

__all__ = ["transliterate", "available_backends", "set_backend", "get_backend", "Backend", "BACKEND"]

Backend = Callable[[str], str]

_BACKENDS = {"anyascii": ("anyascii", "anyascii"), "unidecode": ("unidecode", "unidecode")}
#: The process-wide backend: a Setting, so memos that follow it are re-pointed when it is set.
BACKEND: Setting[str] = Setting("anyascii")


@memo(maxsize=8)
def _load(name: str) -> Backend:
    try:
        module_name, attr = _BACKENDS[name]
    except KeyError:
        raise UsageError(f"unknown transliteration backend {name!r}; use one of {', '.join(_BACKENDS)}") from None
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        extra = "" if name == "anyascii" else f" (pip install mynacheck[{name}])"
        raise BackendUnavailable(f"transliteration backend {name!r} is not installed{extra}") from None
    func: Backend = getattr(module, attr)
    return func


def available_backends() -> tuple[str, ...]:
    """The backends that can be loaded here, the default first."""
    out = []
    for name in _BACKENDS:
        try:
            _load(name)
        except ImportError:
            continue
        out.append(name)
    return tuple(out)


def set_backend(name: str) -> None:
    """Choose the process-wide backend (``"anyascii"`` or ``"unidecode"``).

    Every cache of a result that depends on the backend has the backend in its
    key (see :mod:`mynacheck.memo`), so nothing needs emptying here; a memo
    that follows :data:`BACKEND` is re-pointed to the new backend's table.
    """
    _load(name)  # fail now, not at the first comparison
    BACKEND.set(name)


def get_backend() -> str:
    """The process-wide backend's name: a mode that backend-dependent caches key by."""
    return BACKEND.value


@memo_per_mode(maxsize=65536)
def _transliterated(text: str, backend: str) -> str:
    return _load(backend)(text)


def transliterate(text: str, backend: str | None = None) -> str:
    """ASCII letters for ``text`` (ASCII input is returned unchanged).

    ``backend`` defaults to the process-wide one (:func:`set_backend`).
    """
    if text.isascii():
        return text
    return _transliterated[BACKEND.value if backend is None else backend](text)
