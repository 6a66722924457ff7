"""Per-page work on every core gives the same results as doing it one page at a time."""

from __future__ import annotations

import threading

from mlcareer_site.parallel import PARALLEL_THRESHOLD, map_pages
from mlcareer_site.search import _section_rows


def pages(count: int) -> list[tuple[str, str]]:
    return [
        (f'<article class="page"><h2 id="s{n}">Part {n}</h2><p>Text {n}</p></article>', f"P{n}")
        for n in range(count)
    ]


def test_many_pages_in_workers_equal_one_by_one() -> None:
    items = pages(PARALLEL_THRESHOLD + 6)
    assert map_pages(_section_rows, items) == [_section_rows(item) for item in items]


def test_workers_start_safely_while_other_threads_run() -> None:
    """serve rebuilds while its server and watcher threads run: workers are spawned then."""
    items = pages(PARALLEL_THRESHOLD)
    results: list[list[list[list[str]]]] = []
    busy = threading.Event()
    other = threading.Thread(target=busy.wait, daemon=True)
    other.start()
    worker = threading.Thread(target=lambda: results.append(map_pages(_section_rows, items)))
    worker.start()
    worker.join(timeout=120)
    busy.set()
    assert results == [[_section_rows(item) for item in items]]
