"""Remember what was read from a file for as long as the file stays the same.

``serve`` rebuilds the whole site after every save, but a save changes one file: reading,
decoding and parsing the other thousand again is what made a rebuild slow. A file is the
same while its size, inode, mtime and ctime are; ctime is set by the kernel on every change
and cannot be set back by any tool (``cp -p``, ``tar`` and ``touch`` restore only mtime).
A file changed just before it was read is "racy" (its next change could land within the
same timestamp tick), so it is not remembered: the next rebuild reads it again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

Value = TypeVar("Value")
Signature = tuple[int, int, int, int]

RACY_NS = 2_000_000_000
"""Files changed less than this long before they were read are read again every time."""


def signature(info: os.stat_result) -> Signature:
    return (info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


class FileMemo(Generic[Value]):
    """Values made from files, by path, each kept with the signature it was made under."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[str, tuple[Signature, Value]] = {}

    def get(self, path: str, info: os.stat_result) -> Value | None:
        known = self.entries.get(path)
        return known[1] if known is not None and known[0] == signature(info) else None

    def remember(self, path: str, info: os.stat_result, value: Value) -> None:
        if time.time_ns() - info.st_ctime_ns <= RACY_NS:
            return
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[path] = (signature(info), value)

    def read(self, path: Path, make: Callable[[bytes], Value]) -> Value:
        """``make`` of the file's bytes, remembered; raises OSError as reading would."""
        info = path.stat()
        known = self.get(str(path), info)
        if known is None:
            known = make(path.read_bytes())
            self.remember(str(path), info, known)
        return known
