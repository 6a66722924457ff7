"""A build with nothing to do: the site in the output folder is already the one it would write.

An editor runs ``build`` again and again; most of those runs change nothing. What the last
build wrote into a folder is kept as an entry of the store, whose trace is everything that
build read (the site, every page, every reader file and option). When no input changed since
(``Revision.unchanged``: the saved traces' files, folders and options, checked by their stat
signatures first) and no file of the output folder was touched since (the size and time of
every file it wrote), nothing is rendered or written again and its summary is reported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .engine import Entry, Reads, Revision, Step
from .errors import Problem

PUBLISHED: Step[str, Any] = Step("published", lambda reads, out: None, keep=True, inline=True)
"""What the last build wrote into ``out`` (its argument): pages, charts, warnings, files."""

Summary = tuple[int, int, list[Problem]]
"""Pages, charts and warnings of a build."""


def last_published(rev: Revision, out: Path) -> Summary | None:
    """The summary of the last build into ``out``, when it would make the same site again."""
    key = PUBLISHED.key(str(out.resolve()))
    entry = rev.store.peek(key)
    if entry is None or not entry.has_value or not rev.unchanged() or not rev.holds(entry):
        return None  # (when an input changed, the build finds out what it reaches)
    saved = entry.value if entry.saved is None else entry.saved
    try:
        if output_listing(out) != saved["listing"]:
            return None
    except OSError:
        return None
    warnings = [Problem(**warning) for warning in saved["warnings"]]
    return saved["pages"], saved["charts"], warnings


def record_published(
    top: Reads, out: Path, pages: int, charts: int, warnings: list[Problem]
) -> None:
    """Keep what this build wrote into ``out``, traced by everything it read (``top``)."""
    saved = {
        "listing": output_listing(out),
        "pages": pages,
        "charts": charts,
        "warnings": [warning.as_dict() for warning in warnings],
    }
    key = PUBLISHED.key(str(out.resolve()))
    entry = Entry(PUBLISHED.version, list(top.deps), key, saved, True, saved)
    top.revision.store.entries[key] = entry
    top.revision.verified[key] = key


def output_listing(out: Path) -> dict[str, list[int]]:
    """Every file of the output folder with its size and modification time."""
    listing: dict[str, list[int]] = {}
    for folder, _dirs, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            info = os.stat(path)
            listing[os.path.relpath(path, out)] = [info.st_size, info.st_mtime_ns]
    return listing
