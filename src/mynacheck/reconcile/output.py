"""How a report file is written: privately, whole, never through a link, never onto an input.

A report lists who holds which number, and the file becomes the record of a
municipality's check, so every output goes the same way:

1. :func:`check_outputs` refuses, before any work, an output path that is a
   symbolic link, is not a regular file, is the same file (device and inode)
   as an input, or is the same file as another output;
2. :class:`OutputFile` writes a private (0600) temporary file beside the
   target, named ``.REPORT.csv.<pid>.<random>.tmp`` and created with
   ``O_EXCL | O_NOFOLLOW`` (so it can only ever be a new file of ours);
3. :meth:`OutputFile.commit` flushes it to disk and renames it onto the
   target in one step: a reader sees the previous report or the new one,
   never a part.  :meth:`OutputFile.abort` (an error, SIGTERM, Ctrl-C)
   removes the temporary file and leaves the previous report as it was.

A SIGKILL can only leave a temporary file behind; the next run writing the
same report removes those of our naming whose process is gone.

An existing report owned by someone else is replaced by a new file of ours,
not truncated and reused, so its former owner cannot read the new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Mapping

from ..errors import InputError

__all__ = ["OutputFile", "check_outputs", "temp_prefix", "remove_stale"]

_SUFFIX = ".tmp"
_EUID = os.geteuid() if hasattr(os, "geteuid") else -1
# Read-write: a finished report is hashed (read back) for the manifest before it is renamed into place.
_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def temp_prefix(path: str | os.PathLike[str]) -> str:
    """The name every temporary file of ``path`` starts with: ``.REPORT.csv.``."""
    return "." + os.path.basename(os.fspath(path)) + "."


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _check_target(path: str, label: str) -> os.stat_result | None:
    """The target's lstat (None when it does not exist yet); refuse a link or a non-regular file."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise InputError(f"{path}: cannot write the {label} ({err.strerror})") from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError(f"{path}: cannot write the {label}: it is a symbolic link (give the real path)")
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: cannot write the {label}: it is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: cannot write the {label}: it is not a regular file")
    return st


def check_outputs(outputs: Mapping[str, str | os.PathLike[str] | None],
                  inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse outputs that would clobber an input, each other, a link or a device (one-line :class:`InputError`).

    ``outputs`` maps a label (``"report"``, ``"HTML report"``) to a path or None.
    """
    seen_ids: dict[tuple[int, int], str] = {}
    for source in inputs:
        with contextlib.suppress(OSError):
            seen_ids.setdefault(_identity(os.stat(source)), os.fspath(source))
    input_ids = dict(seen_ids)
    seen_paths: dict[str, str] = {}
    for label, given in outputs.items():
        if given is None:
            continue
        path = os.fspath(given)
        st = _check_target(path, label)
        real = os.path.realpath(path)
        if real in seen_paths:
            raise InputError(f"{path}: the {label} and the {seen_paths[real]} would be the same file")
        seen_paths[real] = label
        if st is None:
            continue
        ident = _identity(st)
        if ident in input_ids:
            raise InputError(f"{path}: the {label} would overwrite an input file ({input_ids[ident]})")
        if ident in seen_ids:
            raise InputError(f"{path}: the {label} and the {seen_ids[ident]} would be the same file")
        seen_ids[ident] = label


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: take every one as alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def remove_stale(path: str | os.PathLike[str]) -> int:
    """Remove temporary files of ``path`` that a killed run left (our naming, our user, the process gone).

    Returns how many were removed.
    """
    target = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(target))
    prefix = temp_prefix(target)
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(_SUFFIX)):
            continue
        pid_text, _, _ = name[len(prefix):-len(_SUFFIX)].partition(".")
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_uid == _EUID:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


class OutputFile:
    """A report being written: a private temporary file beside ``path``, renamed onto it by :meth:`commit`.

    Raises :class:`InputError` (one line, naming the file) when the target is
    a link, a directory or a device, or when its directory is not writable.
    Use as a context manager: leaving it by an exception aborts.
    """

    def __init__(self, path: str | os.PathLike[str], *, label: str = "report") -> None:
        self.path = os.fspath(path)
        self.label = label
        _check_target(self.path, label)
        remove_stale(self.path)
        directory = os.path.dirname(os.path.abspath(self.path))
        prefix = temp_prefix(self.path)
        while True:
            temp = os.path.join(directory, f"{prefix}{os.getpid()}.{secrets.token_hex(6)}{_SUFFIX}")
            try:
                fd = os.open(temp, _FLAGS, 0o600)
            except FileExistsError:
                continue
            except OSError as err:
                raise InputError(f"{self.path}: cannot write the {label} ({err.strerror})") from None
            break
        self.temp: str | None = temp
        self.fd = fd
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # a umask can only narrow O_CREAT's mode; this states it
        except OSError as err:
            self.abort()
            raise InputError(f"{self.path}: cannot make the {label} private (mode 0600): {err.strerror}") from None

    def fileno(self) -> int:
        return self.fd

    def commit(self) -> None:
        """Flush the temporary file to disk and rename it onto the target: the report is now complete."""
        if self.temp is None:
            raise InputError(f"{self.path}: the {self.label} was already finished")
        try:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = -1
            _check_target(self.path, self.label)  # replaced by a link or a directory meanwhile: refuse
            os.replace(self.temp, self.path)
        except InputError:
            self.abort()
            raise
        except OSError as err:
            self.abort()
            raise InputError(f"{self.path}: cannot write the {self.label} ({err.strerror})") from None
        self.temp = None
        with contextlib.suppress(OSError):  # the rename itself durable too, where directories can be opened
            dir_fd = os.open(os.path.dirname(os.path.abspath(self.path)), os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    def abort(self) -> None:
        """Remove the temporary file; the previous report (if any) stays as it was.  Safe to call twice."""
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None

    @property
    def finished(self) -> bool:
        return self.temp is None

    def __enter__(self) -> OutputFile:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            self.abort()
        elif not self.finished:
            self.commit()
