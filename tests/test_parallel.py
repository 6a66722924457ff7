"""Per-page work on every core gives the same results as doing it one page at a time."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import REPO
from mlcareer_site.parallel import PARALLEL_THRESHOLD


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
import sys
from pathlib import Path
from mlcareer_site.build import build_site
from mlcareer_site.engine import Store
from mlcareer_site.parallel import Workers

project = Path(sys.argv[1])
made = {}
for method in ("fork", "forkserver", "spawn", None):
    result = build_site(project, write=False, store=Store.in_memory(), workers=Workers(method))
    rev = result.revision
    per_page = ("page", "search rows", "page links", "guide section")
    here = [key for key in rev.ran_here if key.split("\\0")[0] in per_page]
    made[method] = (result.files.files, [w.format() for w in result.warnings], result.rendered)
    if method is not None:
        assert here == [], f"{method}: pages rendered or read again in the main process: {here[:5]}"
assert all(value == made[None] for value in made.values()), "the sites differ"
print("same", result.rendered, len(made))
"""


def test_pages_rendered_by_workers_equal_pages_rendered_here(tmp_path: Path) -> None:
    """A cold build of a large site renders its pages in worker processes, which also read
    what the search index, link check and offline guide need from each page (this process
    reads no page again); the site and its warnings must be those of rendering one page at
    a time here, whether the workers are forked, started by a fork server or spawned (a
    job reaches them the same way under every start method). It runs in a fresh process:
    forking is safe only where no other thread runs."""
    project = large_project(tmp_path / "big")
    done = subprocess.run(
        [sys.executable, "-c", COMPARE_IN_A_FRESH_PROCESS, str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["same", str(PARALLEL_THRESHOLD + 10 + 14), "4"]


CHOICE_IN_A_FRESH_PROCESS = """
import threading
from mlcareer_site.parallel import Workers

print(Workers.for_command().method, Workers.for_command(threads_later=True).method)
busy = threading.Event()
threading.Thread(target=busy.wait, daemon=True).start()
print(Workers.for_command().method)
busy.set()
"""


def test_workers_are_chosen_once_before_threads_start() -> None:
    """A build forks its workers (no thread runs); serve, which will run threads (its server,
    the watcher), gets a fork server started before them; a process that already runs a
    thread never forks."""
    done = subprocess.run(
        [sys.executable, "-c", CHOICE_IN_A_FRESH_PROCESS], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["fork", "forkserver", "spawn"]


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
from mlcareer_site import build, render
from mlcareer_site.build import build_site

shared, alone = Path(sys.argv[1]), Path(sys.argv[2])
compiled_before_rendering = []

def watched(env):
    render.compile_on_two_cores(env)
    compiled_before_rendering.append(len(list(Path(env.bytecode_cache.directory).iterdir())))

build.compile_on_two_cores = watched
build_site(shared)
build.compile_on_two_cores = lambda env: None
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


def test_ctrl_c_while_workers_are_forked_waits_until_they_are() -> None:
    """A Ctrl-C that reached a worker still starting printed a traceback from inside
    multiprocessing: while workers are forked it is held, then raised here once."""
    from mlcareer_site.parallel import interrupts_held

    reached_end_of_block = False
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # even when ignored
    try:
        with pytest.raises(KeyboardInterrupt), interrupts_held():
            # to this thread: under pytest-xdist other threads run, and a signal sent to the
            # process may go to one of them (a build forks while only this thread runs)
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
            reached_end_of_block = True
    finally:
        signal.signal(signal.SIGINT, previous)
    assert reached_end_of_block
