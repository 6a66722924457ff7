"""Run one pure, per-page function over many pages on every core.

Converting Markdown and reading the search text out of rendered HTML are the slow steps of
a large cold build, and each page is independent of the others; below a threshold (or on
one core) starting worker processes costs more than it saves, so the work stays in this
process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

PARALLEL_THRESHOLD = 64
"""Fewer items than this are done in this process."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_pages(function: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """``[function(item) for item in items]``, in order, on every core when worth it.

    ``function`` must be a module-level function (workers receive it by name).
    """
    todo = list(items)
    workers = os.cpu_count() or 1
    if len(todo) < PARALLEL_THRESHOLD or workers < 2:
        return [function(item) for item in todo]
    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, len(todo) // (workers * 4))
        return list(pool.map(function, todo, chunksize=chunk))


def can_fork() -> bool:
    """Whether workers may be forked: a fork copies every thread's locks as they are, so with
    other threads running (serve's server and watcher) a fresh interpreter is the safe start."""
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1
