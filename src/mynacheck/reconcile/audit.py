"""The audit trail beside a worksheet: the run manifest and the hash-chained review log.

**The manifest** (``REPORT.csv.manifest.json``, :func:`write_manifest`) says how
a worksheet was made: run id, date and time, mynacheck version, the ruleset
(name, version, fingerprint), the reference data and catalog versions, the
SHA-256 of each input and of the report as written, row counts by verdict and
reason, and every option that changes the result.  Written whole (a private
temporary file renamed into place, mode 0600), replaced by each run.

**The review log** (``REPORT.csv.log.jsonl``, :class:`ReviewLog`) is
append-only: one JSON object a line, opened with ``O_APPEND`` and mode 0600,
never rewritten.  Every reconcile run and every review pass appends one entry
saying what it saw and decided.  Entries are hash-chained: each holds ``seq``
(1, 2, 3 …), ``prev``, the SHA-256 of the previous line as written (64 zeros for
the first), and ``hash``, the SHA-256 of its own content (its canonical JSON:
keys sorted, no spaces, without ``hash``).  Digests are written ``sha256:`` and
64 hex digits.  :meth:`ReviewLog.verify`
finds an entry edited (its ``hash``, or the next entry's ``prev``, no longer
agrees), removed or reordered (``seq`` and ``prev`` break), or a line that is
not an entry.  What the chain cannot show: a log rewritten as a whole with new
hashes, or its newest entries cut off.  The newest entry's hash is printed by
``mynacheck review``; writing it on the paper record of the check (and keeping
the log's copies) is what makes a rewrite detectable.

No entry ever holds a full My Number: ids, names and every cell are masked
(:func:`mynacheck.mynumber.redact`) before they are written.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import secrets
import stat
import string
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ..errors import InputError
from ..mynumber import redact
from .output import OutputFile

__all__ = ["MANIFEST_SUFFIX", "LOG_SUFFIX", "PREVIOUS_SUFFIX", "write_manifest", "read_manifest", "ReviewLog",
           "ChainProblem", "now", "masked", "sha256_text", "file_sha256", "new_run_id"]

#: Beside ``REPORT.csv``: the manifest, the log and the previous worksheet.
MANIFEST_SUFFIX, LOG_SUFFIX, PREVIOUS_SUFFIX = ".manifest.json", ".log.jsonl", ".prev"

_GENESIS = "sha256:" + "0" * 64
_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def now() -> str:
    """The local date and time with its offset, to the second (``2026-12-06T09:30:00+09:00``)."""
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def sha256_text(digest: str) -> str:
    """A SHA-256 as the manifest and the log write it: ``sha256:`` and 64 hex digits (never masked)."""
    return "sha256:" + digest


_SHA256 = re.compile(r"sha256:[0-9a-f]{64}")


def masked(value: Any) -> Any:
    """A JSON value with every My Number in its text masked (:func:`~mynacheck.mynumber.redact`).

    A ``sha256:`` digest is left as it is: its hex digits may happen to hold a
    run that passes the check digit, and masking it would break the chain.
    """
    if isinstance(value, str):
        return value if _SHA256.fullmatch(value) else redact(value)
    if isinstance(value, Mapping):
        return {redact(str(k)): masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [masked(v) for v in value]
    return value


def new_run_id() -> str:
    """A run id: ``run-`` and 20 random letters (no digits: nothing in it can look like a number)."""
    return "run-" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(20))


def _canonical(value: Mapping[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_manifest(path: str | os.PathLike[str], manifest: Mapping[str, Any]) -> OutputFile:
    """Write the manifest to a private temporary file beside ``path``; the caller commits it.

    Every text in it is masked first (a file may be named after a number).
    """
    out = OutputFile(path, label="manifest")
    try:
        data = json.dumps(masked(manifest), ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8") + b"\n"
        view = memoryview(data)
        while view:
            view = view[os.write(out.fileno(), view):]
    except OSError as err:
        out.abort()
        raise InputError(f"{out.path}: cannot write the manifest ({err.strerror})") from None
    except BaseException:
        out.abort()
        raise
    return out


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The manifest at ``path``, or None when there is none (or it is not a JSON object)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


_CHAIN_WHY = {
    "not_an_entry": ("記録として読めません（書き換えか破損）", "not a log entry (the line was edited or damaged)"),
    "edited": ("内容がハッシュと一致しません（記録が書き換えられています）",
               "its content does not match its hash: the entry was edited"),
    "moved": ("番号が行の位置と合いません（記録が削除・追加・入れ替えされています）",
              "its number does not match its place: an entry was removed, added or moved"),
    "unchained": ("直前の行に続いていません（前の記録が書き換え・削除・入れ替えされています）",
                  "it does not follow the line before it (an entry before it was edited, removed or moved)"),
}


@attrs.frozen(slots=True)
class ChainProblem:
    """Where the log's chain breaks, and how."""

    line: int
    why: str  # a key of _CHAIN_WHY

    def text(self, lang: str = "ja") -> str:
        what = _CHAIN_WHY[self.why][0 if lang == "ja" else 1]
        return f"レビューログの{self.line}行目: {what}" if lang == "ja" else f"review log line {self.line}: {what}"

    def __str__(self) -> str:
        return self.text("en")


class ReviewLog:
    """The append-only, hash-chained log at ``path`` (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)

    def _lines(self) -> Iterator[bytes]:
        try:
            with open(self.path, "rb") as fh:
                for raw in fh:
                    yield raw.rstrip(b"\n")
        except FileNotFoundError:
            return
        except OSError as err:
            raise InputError(f"{self.path}: cannot read the review log ({err.strerror})") from None

    def verify(self) -> tuple[list[dict[str, Any]], list[ChainProblem]]:
        """Every entry, and where the chain breaks (empty: every entry is where it was written, as written)."""
        entries: list[dict[str, Any]] = []
        problems: list[ChainProblem] = []
        prev = _GENESIS
        for number, raw in enumerate(self._lines(), start=1):
            try:
                entry = json.loads(raw)
                if not isinstance(entry, dict):
                    raise ValueError
            except ValueError:
                problems.append(ChainProblem(number, "not_an_entry"))
                prev = sha256_text(hashlib.sha256(raw).hexdigest())
                continue
            own = {k: v for k, v in entry.items() if k != "hash"}
            if entry.get("hash") != sha256_text(hashlib.sha256(_canonical(own)).hexdigest()):
                problems.append(ChainProblem(number, "edited"))
            if entry.get("seq") != number:
                problems.append(ChainProblem(number, "moved"))
            if entry.get("prev") != prev:
                problems.append(ChainProblem(number, "unchained"))
            entries.append(entry)
            prev = sha256_text(hashlib.sha256(raw).hexdigest())
        return entries, problems

    def head(self) -> tuple[int, str]:
        """(entries in the log, the SHA-256 of its last line): what a new entry chains to."""
        count, prev = 0, _GENESIS
        for raw in self._lines():
            count += 1
            prev = sha256_text(hashlib.sha256(raw).hexdigest())
        return count, prev

    def append(self, entry: Mapping[str, Any]) -> dict[str, Any]:
        """Append ``entry`` (masked, chained, hashed) and flush it to disk; return it as written.

        The chain must be whole: appending to a broken log would hide the break
        (:class:`~mynacheck.errors.InputError`, run ``mynacheck review --verify``).
        """
        try:
            fd = os.open(self.path, _FLAGS, 0o600)
        except OSError as err:
            raise InputError(f"{self.path}: cannot open the review log ({err.strerror}; a link is refused)") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(f"{self.path}: the review log is not a regular file")
            with _locked(fd):
                _, problems = self.verify()
                if problems:
                    raise InputError(f"{self.path}: the review log's chain is broken ({problems[0]}); nothing was "
                                     "appended: run mynacheck review --verify and keep the file for the audit")
                count, prev = self.head()
                written = {**masked(dict(entry)), "seq": count + 1, "prev": prev}
                written.pop("hash", None)
                written["hash"] = sha256_text(hashlib.sha256(_canonical(written)).hexdigest())
                data = _canonical(written) + b"\n"
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            return written
        except OSError as err:
            raise InputError(f"{self.path}: cannot write the review log ({err.strerror})") from None
        finally:
            os.close(fd)


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    """An exclusive advisory lock on the log while an entry is chained and written (where there is flock)."""
    try:
        import fcntl
    except ImportError:  # Windows: one writer at a time is the procedure
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, as :func:`sha256_text` writes it."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return sha256_text(h.hexdigest())
