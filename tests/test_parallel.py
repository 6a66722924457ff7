"""Per-page work on every core gives the same results as doing it one page at a time."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from conftest import REPO
from mlcareer_site.parallel import PARALLEL_THRESHOLD, map_pages
from mlcareer_site.search import section_rows


def pages(count: int) -> list[tuple[str, str]]:
    return [
        (f'<article class="page"><h2 id="s{n}">Part {n}</h2><p>Text {n}</p></article>', f"P{n}")
        for n in range(count)
    ]


def test_many_pages_in_workers_equal_one_by_one() -> None:
    items = pages(PARALLEL_THRESHOLD + 6)
    assert map_pages(section_rows, items) == [section_rows(item) for item in items]


def test_workers_start_safely_while_other_threads_run() -> None:
    """serve rebuilds while its server and watcher threads run: workers are spawned then."""
    items = pages(PARALLEL_THRESHOLD)
    results: list[list[list[list[str]]]] = []
    busy = threading.Event()
    other = threading.Thread(target=busy.wait, daemon=True)
    other.start()
    worker = threading.Thread(target=lambda: results.append(map_pages(section_rows, items)))
    worker.start()
    worker.join(timeout=120)
    busy.set()
    assert results == [[section_rows(item) for item in items]]


def large_project(root: Path, count: int = PARALLEL_THRESHOLD + 10) -> Path:
    """The real guide (its charts and blocks) and ``count`` more pages."""
    project = root
    for name in ("content", "data", "templates"):
        shutil.copytree(REPO / name, project / name)
    return large_project_pages(project, count)


def large_project_pages(project: Path, count: int) -> Path:
    """Add ``count`` numbered pages to the project's content."""
    for number in range(count):
        (project / "content" / f"page-{number:03}.md").write_text(
            f"---\ntitle: Page {number}\ndescription: Page {number}.\n---\n"
            f"## Part {number}\n\nText of [page {number}](page-000.md#part-0).\n"
        )
    return project


COMPARE_IN_A_FRESH_PROCESS = """
import os, sys
from pathlib import Path
from mlcareer_site import links, offline, pages, parallel, search
from mlcareer_site.build import build_site
from mlcareer_site.cache import BuildCache
from mlcareer_site.parallel import can_fork

assert can_fork(), "no forked workers in this process"
readers = [(links, "read_page_links"), (search, "page_sections"), (offline, "offline_section")]
read_here = {name: 0 for _, name in readers}
for module, name in readers:
    def counted(*args, _read=getattr(module, name), _name=name, _pid=os.getpid()):
        read_here[_name] += os.getpid() == _pid  # workers count in their own copy
        return _read(*args)
    setattr(module, name, counted)
project = Path(sys.argv[1])
in_workers, here = BuildCache(), BuildCache()
in_parallel = build_site(project, write=False, cache=in_workers)
assert set(read_here.values()) == {0}, f"pages read again after the workers: {read_here}"
pages.PARALLEL_THRESHOLD = parallel.PARALLEL_THRESHOLD = 10**9
links.PAGE_LINKS.entries.clear()
offline.SECTIONS.entries.clear()
serial = build_site(project, write=False, cache=here)
assert min(read_here.values()) >= in_parallel.pages, f"pages not read here: {read_here}"
assert in_parallel.files.files == serial.files.files, "files differ"
assert in_parallel.warnings == serial.warnings, "warnings differ"
assert in_parallel.rendered == serial.rendered == in_parallel.pages, "rendered counts differ"
assert in_workers.pages == here.pages, "cached pages differ"
assert in_workers.markdown == here.markdown, "cached Markdown differs"
assert sorted(in_workers.charts) == sorted(here.charts) != [], "cached charts differ"
print("same", in_parallel.pages)
"""


def test_pages_rendered_by_workers_equal_pages_rendered_here(tmp_path: Path) -> None:
    """A cold build of a large site renders its pages in forked workers, which also read
    what the search index, link check and offline guide need from each page (this process
    reads no page again); the site, the warnings and the cache it keeps must be those of
    rendering and reading one page at a time. It runs
    in a fresh process: workers are forked only where no other thread runs, and a test
    process may hold the browser tests' threads."""
    project = large_project(tmp_path / "big")
    done = subprocess.run(
        [sys.executable, "-c", COMPARE_IN_A_FRESH_PROCESS, str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["same", str(PARALLEL_THRESHOLD + 10 + 14)]


def test_a_template_error_in_a_worker_is_reported_at_its_line(tmp_path: Path) -> None:
    project = large_project(tmp_path / "big")
    layout = project / "templates" / "page.html"
    text = layout.read_text()
    assert "  {{ content }}\n" in text
    content_line = text.splitlines().index("  {{ content }}") + 1
    layout.write_text(
        text.replace("  {{ content }}\n", "  {{ content }}{{ page.no_such_field.x }}\n")
    )
    first = failed_build_error(project)
    assert (
        first.startswith(f"templates/page.html:{content_line}:1: template error: ")
        and "no_such_field" in first
    )


def failed_build_error(project: Path) -> str:
    """Build through the CLI in a fresh process (workers are forked there); the build must
    fail with one error, write nothing and leave no folder behind. Returns the error line."""
    done = subprocess.run(
        [sys.executable, "-m", "mlcareer_site", "build", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    first, summary = done.stderr.splitlines()
    assert summary == "1 error; nothing was written."
    assert not (project / "build").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".build")] == []
    return first


TEMPLATES_IN_A_FRESH_PROCESS = """
import sys
from pathlib import Path
from mlcareer_site import pages, render
from mlcareer_site.build import build_site

shared, alone = Path(sys.argv[1]), Path(sys.argv[2])
compiled_before_rendering = []

def watched(env):
    render.compile_on_two_cores(env)
    compiled_before_rendering.append(len(list(Path(env.bytecode_cache.directory).iterdir())))

pages.compile_on_two_cores = watched
build_site(shared)
pages.compile_on_two_cores = lambda env: None
build_site(alone)
print(*compiled_before_rendering)
"""


def test_templates_compiled_on_two_cores_give_the_same_site(tmp_path: Path) -> None:
    """A cold build compiles every template before rendering, half of them in a forked
    process that hands them over through the bytecode cache; the site equals that of a
    build compiling each template in this process as it is first used."""
    projects = []
    for copy in ("shared", "alone"):
        projects.append(tmp_path / copy)
        for name in ("content", "data", "templates"):
            shutil.copytree(REPO / name, tmp_path / copy / name)
    templates = [
        p for p in (tmp_path / "shared" / "templates").rglob("*.html") if "assets" not in p.parts
    ]
    done = subprocess.run(
        [sys.executable, "-c", TEMPLATES_IN_A_FRESH_PROCESS, *map(str, projects)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(templates))] and len(templates) > 16
    shared, alone = (project / "build" for project in projects)
    assert tree_bytes(shared) == tree_bytes(alone) != {}


def tree_bytes(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_template_syntax_error_is_reported_when_templates_compile_on_two_cores(
    repo_copy: Path,
) -> None:
    block = repo_copy / "templates" / "blocks" / "sources-list.html"
    block.write_text(block.read_text() + "{% if %}\n")
    first = failed_build_error(repo_copy)
    assert first.startswith("templates/blocks/sources-list.html:")
    assert "template syntax error" in first


def test_many_new_pages_beside_cached_ones_build_in_workers(tmp_path: Path) -> None:
    """Issue 16, item 1: with the guide's pages in the cache, 100 new pages crashed the build
    (the workers started only after the page writer's thread, so they were spawned without the
    job the build hands to forked workers)."""
    project = tmp_path / "guide"
    for name in ("content", "data", "templates"):
        shutil.copytree(REPO / name, project / name)
    command = [sys.executable, "-m", "mlcareer_site", "build", "--project", str(project)]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    large_project_pages(project, 100)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr
    assert (project / "build" / "page-099.html").is_file()
    assert (project / "build" / "salaries.html").is_file()
