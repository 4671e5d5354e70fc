"""Reason-code catalog entries, one module per field.

Each module exposes ``REASONS``: a tuple of ``(code, field, severity, ja, en)``.
Keep entries in each module sorted the way a clerk would read them.
"""

from __future__ import annotations

from . import address, birth_date, core, kana, name, reconcile, register

ALL_SECTIONS = (
    core.REASONS,
    name.REASONS,
    kana.REASONS,
    birth_date.REASONS,
    address.REASONS,
    reconcile.REASONS,
    register.STATUS,
    register.RESOLVE,
)
