"""A tiny progress bar on stderr, shown only on a terminal.

No dependency: one line redrawn with a carriage return, at most a few times
a second, so it costs nothing on long runs and prints nothing in pipes/CI.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """``update(rows, done_bytes)`` while working; ``close()`` at the end.

    ``total_bytes`` (the business file's size) gives the percentage; rows
    give the rate.  Disabled unless ``enabled`` is true or, by default, the
    stream is a TTY.
    """

    def __init__(self, total_bytes: int = 0, *, stream: TextIO | None = None, enabled: bool | None = None,
                 label: str = "reconcile", interval: float = 0.2) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total = total_bytes
        self.label = label
        self.interval = interval
        self.start = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def update(self, rows: int, done_bytes: int = 0, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        self.stream.write("\r" + self.render(rows, done_bytes, now - self.start))
        self.stream.flush()
        self._drawn = True

    def render(self, rows: int, done_bytes: int, elapsed: float, width: int = 24) -> str:
        """The bar's text, e.g. ``reconcile [######------] 50%  1,000 rows  500/s``.

        >>> Progress(100, enabled=False).render(1000, 50, 2.0, width=10)
        'reconcile [#####-----]  50%  1,000 rows  500 rows/s'
        """
        rate = rows / elapsed if elapsed > 0 else 0.0
        if self.total > 0:
            frac = min(1.0, max(0.0, done_bytes / self.total))
            filled = int(frac * width)
            bar = f"[{'#' * filled}{'-' * (width - filled)}] {frac * 100:3.0f}%"
        else:
            bar = "[...]"
        return f"{self.label} {bar}  {rows:,} rows  {rate:,.0f} rows/s"

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False
