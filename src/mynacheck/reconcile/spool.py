"""A run's private scratch files and positional I/O on them.

- :func:`read_at` / :func:`write_at`: read or write a file at an offset
  (``pread``/``pwrite``, or seek-then-read/write where they do not exist);
- :class:`Spool`: the run's spool, a private temporary file every worker
  process appends its results to (a place reserved under a shared lock, then
  written with :func:`write_at`), so no result passes through the main process;
- :class:`Span`: where a piece of data lies in an open file;
- :class:`LineSpool`: a private temporary text file written a line at a time
  and read back in order (rows a report shows after others).

Every scratch file is created by :func:`tempfile.TemporaryFile`: mode 0600,
unlinked at once, gone when closed or when the process dies.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import tempfile
from collections.abc import Iterator
from typing import IO

import attrs

__all__ = ["read_at", "write_at", "Spool", "Span", "LineSpool", "FileDigest"]


def write_at(fd: int, data: bytes, offset: int) -> None:
    """Write all of ``data`` to the file ``fd`` at ``offset`` (``os.pwrite``, or seek-then-write without it).

    Without pwrite (Windows) a run has one process only (no fork), so seeking is safe there.
    """
    view = memoryview(data)
    while view:
        if hasattr(os, "pwrite"):
            written = os.pwrite(fd, view, offset)
        else:
            os.lseek(fd, offset, os.SEEK_SET)
            written = os.write(fd, view)
        view, offset = view[written:], offset + written


def read_at(fd: int, size: int, offset: int) -> bytes:
    """``size`` bytes of the file ``fd`` from ``offset`` (``os.pread``, or seek-then-read without it)."""
    parts = []
    while size > 0:
        if hasattr(os, "pread"):
            data = os.pread(fd, size, offset)
        else:
            os.lseek(fd, offset, os.SEEK_SET)
            data = os.read(fd, size)
        if not data:
            raise OSError(0, "the file is shorter than what was written to it")
        parts.append(data)
        offset += len(data)
        size -= len(data)
    return b"".join(parts)


class Spool:
    """The run's private spool file, which every process appends its results to.

    A result's place is reserved under a shared lock, then written with
    :func:`write_at`: the workers write their own results, and the main
    process only learns where they are.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._end = mp.Value("q", 0)  # shared with the processes forked after it

    def append(self, data: bytes) -> int:
        """Write ``data`` at the end of the spool; return its offset."""
        with self._end.get_lock():
            offset: int = self._end.value
            self._end.value = offset + len(data)
        write_at(self.fd, data, offset)
        return offset

    def span(self, data: bytes) -> Span:
        """:meth:`append` ``data``, and say where it lies."""
        return Span(self.fd, self.append(data), len(data))


@attrs.frozen(slots=True)
class Span:
    """Where a piece of data lies in an open file (a spool, an input)."""

    fd: int
    offset: int
    size: int

    def read(self) -> bytes:
        return read_at(self.fd, self.size, self.offset) if self.size else b""


class LineSpool:
    """A private temporary text file: :meth:`write` lines now, iterate them later (in order, once).

    For the rows a report shows after others: they wait on disk, not in memory.
    """

    def __init__(self) -> None:
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="mynacheck-")  # noqa: SIM115
        self.lines = 0

    def write(self, line: str) -> None:
        self._file.write(line)
        self.lines += 1

    def __iter__(self) -> Iterator[str]:
        self._file.seek(0)
        return iter(self._file)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> LineSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class FileDigest:
    """The SHA-256 of an open file's first ``size`` bytes, taken a piece at a time.

    A run feeds it between other work (:meth:`feed`, while the workers
    score) and :meth:`finish` reads the rest; it reads through its own
    offsets (:func:`read_at`), never moving the file's position.
    """

    def __init__(self, fd: int, size: int) -> None:
        self.fd = fd
        self.size = size
        self.done = 0
        self._hash = hashlib.sha256()

    def feed(self, limit: int = 4 << 20) -> None:
        """Read and hash up to ``limit`` more bytes."""
        n = min(limit, self.size - self.done)
        if n > 0:
            self._hash.update(read_at(self.fd, n, self.done))
            self.done += n

    def finish(self) -> str:
        """Hash the rest; the digest as 64 hex digits."""
        while self.done < self.size:
            self.feed(16 << 20)
        return self._hash.hexdigest()
