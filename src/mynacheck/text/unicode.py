"""Unicode cleanup shared by every text field.

Interim version (foundation): strip variation selectors, apply NFKC, fold
white space.  The names issue extends it (compatibility ideographs, PUA).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "fold_space", "has_private_use"]

_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Strip variation selectors, apply NFKC and fold runs of white space to one space."""
    text = _VARIATION_SELECTORS.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    return fold_space(text)


def fold_space(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def has_private_use(text: str) -> bool:
    """True if ``text`` holds a Private Use Area character (vendor 外字)."""
    return any(
        "\ue000" <= ch <= "\uf8ff" or "\U000f0000" <= ch <= "\U0010fffd" for ch in text
    )
