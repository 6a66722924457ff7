"""Run steps for many pages on every core, the same way under fork and spawn.

Markdown and templates are the slow part of a large cold build, and pages are independent.
Below a threshold (or on one core) starting worker processes costs more than it saves, so
the work stays in this process.

A worker gets everything as arguments: the project, the options and the results it needs
(the validated site and the parsed files it was made from) travel through the pool's
initializer, each task is a list of page slugs, and the worker hands back the entries its
revision recorded — plain data that the main process files into its store. No step reads a
global, so where a step runs cannot change its result. The start method is chosen once, by
the command, before it starts any thread (``Workers.for_command``): forking a process that
runs other threads copies their locks in whatever state they are.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import STEPS, Entry, Revision, Step, Store

PARALLEL_THRESHOLD = 64
"""Fewer pages than this are rendered in this process."""
CHUNK_MAX = 32
"""Pages handed to a worker at once, at most: small enough that the workers finish together
and results arrive steadily (pages are written as they come)."""


def can_fork() -> bool:
    """Whether forking is safe now: no other thread is running, and there are two cores."""
    return hasattr(os, "fork") and threading.active_count() == 1 and (os.cpu_count() or 1) > 1


@dataclass(frozen=True)
class Workers:
    """How a command runs work on other cores: a start method, or none (one core)."""

    method: str | None
    threshold: int = PARALLEL_THRESHOLD

    @classmethod
    def for_command(cls, threads_later: bool = False) -> Workers:
        """Choose once, when the command starts: fork when no thread runs now or later (a
        build), else a fork server started now, while it is still safe (``serve``)."""
        if (os.cpu_count() or 1) < 2:
            return cls(None)
        if not threads_later and can_fork():
            return cls("fork")
        if "forkserver" in multiprocessing.get_all_start_methods() and can_fork():
            from multiprocessing import forkserver

            multiprocessing.set_forkserver_preload(["mlcareer_site.readerfiles"])
            forkserver.ensure_running()
            return cls("forkserver")
        return cls("spawn")

    @classmethod
    def none(cls) -> Workers:
        return cls(None)

    def run(
        self,
        revision: Revision,
        steps: Sequence[Step[str, Any]],
        args: list[str],
        seed: dict[str, Entry],
        toolbox: Any,
    ) -> Iterator[dict[str, Entry]]:
        """For each arg (in order), the entries of ``steps`` run for it in a worker.

        Every task is handed to the pool before the first result is asked for: by then the
        caller may start a thread (the page writer).
        """
        workers = os.cpu_count() or 1
        pool: Executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(self.method),
            initializer=_start_worker,
            initargs=(revision.root, revision.options, seed, [s.name for s in steps], toolbox),
        )
        chunk = max(1, min(CHUNK_MAX, len(args) // (workers * 4)))
        chunks = [args[start : start + chunk] for start in range(0, len(args), chunk)]
        try:
            with interrupts_held():  # the workers are forked now (see ``interrupts_held``)
                futures = [pool.submit(_run_in_worker, part) for part in chunks]
            for future in futures:
                yield from future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold SIGINT while worker processes are forked. A Ctrl-C that reached a worker still
    starting printed a KeyboardInterrupt traceback from inside multiprocessing; held, it
    waits in the worker until ``_start_worker`` has set it to end the worker quietly, and
    here it is raised once forking is done (the command stops, as the editor asked)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@dataclass
class _Job:
    revision: Revision
    steps: list[Step[str, Any]]


_job: _Job | None = None
"""Set only in a worker process, by the pool's initializer, from its arguments."""


def _end_quietly(signum: int, frame: Any) -> None:
    os._exit(128 + signum)


def _start_worker(
    root: Path, options: dict[str, Any], seed: dict[str, Entry], names: list[str], toolbox: Any
) -> None:
    if hasattr(signal, "pthread_sigmask"):  # Ctrl-C: the command reports it, not each worker
        signal.signal(signal.SIGINT, _end_quietly)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    from . import readerfiles  # noqa: F401  (every step is defined once it is imported)
    from .pages import Toolbox

    global _job
    store = Store.in_memory()
    revision = store.revision(root, options)
    box = Toolbox(root, toolbox)
    revision.local = box
    box.bind(revision)
    revision.seed(seed)
    steps = [STEPS[name] for name in names]
    _job = _Job(revision, steps)


HANDED_BACK = ("markdown", "chart", "nav view")
"""Besides the steps asked for, what a worker hands back: the costly results the pages read,
and the navigation each page showed, so the main process knows every step a page read (a
page whose trace names a step the store lacks is verified at every rebuild). The other
small projections of the site are made again where needed, more cheaply than sent."""


def _run_in_worker(args: list[str]) -> list[dict[str, Entry]]:
    assert _job is not None, "the worker was started without its job"
    revision = _job.revision
    wanted = {step.name for step in _job.steps} | set(HANDED_BACK)
    results = []
    for arg in args:
        revision.made = {}
        for step in _job.steps:
            revision.get(step, arg)
        made = revision.made.items()
        results.append({key: entry for key, entry in made if key.split("\0", 1)[0] in wanted})
        revision.forget(results[-1])
    return results
