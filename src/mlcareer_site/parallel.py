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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

PARALLEL_THRESHOLD = 64
"""Fewer items than this are done in this process."""
CHUNK_MAX = 32
"""Items handed to a worker at once, at most: small enough that the workers finish together
and results arrive steadily (pages are written as they come)."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_pages(function: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """``[function(item) for item in items]``, in order, on every core when worth it.

    ``function`` must be a module-level function (workers receive it by name).
    """
    return list(each_page(function, items))


def each_page(
    function: Callable[[Item], Result], items: Iterable[Item], start_method: str | None = None
) -> Results[Result]:
    """Like ``map_pages``, but each result is handed over as soon as it and those before it
    are ready, so the caller can use them (write them out) while the workers go on.

    The workers start, and every item is handed to them, when this is called, not when the
    first result is asked for: by then the caller may have started a thread (the page
    writer), after which forking is no longer safe. ``start_method`` is the caller's choice
    when the function needs it (``"fork"`` for a job the workers inherit); otherwise it is
    made here, once. ``close()`` on the result (an error in one result) cancels the work not
    started yet.
    """
    todo = list(items)
    workers = os.cpu_count() or 1
    if len(todo) < PARALLEL_THRESHOLD or workers < 2:
        return Results(function(item) for item in todo)
    method = start_method or ("fork" if can_fork() else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method))
    chunk = max(1, min(CHUNK_MAX, len(todo) // (workers * 4)))
    return Results(pool.map(function, todo, chunksize=chunk), pool)


class Results(Iterator[Result]):
    """Results in order, made here or by a pool that already has all the work; the pool
    ends with them (``close()``, or an error)."""

    def __init__(self, results: Iterator[Result], pool: ProcessPoolExecutor | None = None) -> None:
        self.results, self.pool = results, pool

    def __next__(self) -> Result:
        try:
            return next(self.results)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def can_fork() -> bool:
    """Whether workers may be forked: a fork copies every thread's locks as they are, so with
    other threads running (serve's server and watcher) a fresh interpreter is the safe start."""
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1
