"""The authoring loop: build in memory, serve over HTTP, rebuild on save, reload the browser.

The site is served from the in-memory result of the last good build, so a failed rebuild
never takes the site away and there is no temporary folder to clean up. Served HTML pages get
a small script that listens on a Server-Sent Events stream: it reloads the tab after a good
rebuild and shows the build's ``file:line:col`` messages in an overlay after a bad one. That
script is added here, while serving, and is never part of ``build`` output. After an edit that
changed only a page's ``<main>``, the tab swaps the new ``<main>`` in instead of reloading: no
new document to make, and the reader keeps their place (about a third of a reload's time).
Scripts that must know (the charts) hear a ``mlcareer:swapped`` event.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import html
import http.server
import json
import os
import posixpath
import re
import signal
import stat
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import click

from .engine import Store
from .errors import BuildError
from .parallel import Workers
from .safety import INPUT_FOLDERS, symlinks_under

EVENTS_PATH = "__mlcareer/events"
ERRORS_PATH = "__mlcareer/errors"
WATCHED = INPUT_FOLDERS  # what the build reads is what serve watches
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".csv": "text/csv; charset=utf-8",
}

RELOAD_START, RELOAD_QUIET, RELOAD_WAIT = 0.03, 0.03, 0.5
"""After a rebuild: how long a tab takes to ask again, how long without a request means it
has its page, and the longest the rest of the rebuild waits for open tabs (seconds)."""
SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the interpreter lock while another waits (Python's is 0.005)."""

RELOAD_SCRIPT = (Path(__file__).with_name("livereload.js")).read_text(encoding="utf-8")
"""Listens for rebuilds and shows build errors; injected into served pages only."""


class Pending:
    """A file of the published site that is still being made: readers wait for it."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._content = b""

    def set(self, content: bytes) -> None:
        """Give the file its content; only the first call counts."""
        if not self._done.is_set():
            self._content = content
            self._done.set()

    def wait(self, timeout: float = 60) -> bytes:
        self._done.wait(timeout)
        return self._content


def content_of(file: bytes | Pending) -> bytes:
    """A published file's bytes, waiting for them if the file is still being made."""
    return file.wait() if isinstance(file, Pending) else file


@dataclass
class SiteState:
    """The last good site and the outcome of the latest build, shared with request threads.

    ``store`` lives in memory for the whole session, so a rebuild re-runs only the steps
    whose inputs changed; ``workers`` is chosen once, before the server starts its threads.
    """

    files: dict[str, bytes | Pending] = field(default_factory=dict)
    store: Store = field(default_factory=Store.in_memory)
    workers: Workers = field(default_factory=Workers.none)
    version: int = 0
    problems: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    etags: dict[str, str] = field(default_factory=dict)
    """Each served file's validator, for this version of the site (made on first request)."""
    listeners: int = 0
    """Open tabs (live-reload connections): after a rebuild they reload at once."""
    requests: int = 0
    """Requests being answered now (live-reload connections left out)."""
    last_answer: float = 0.0
    counting: threading.Lock = field(default_factory=threading.Lock)
    watched: set[str] | None = None
    """The paths the file watcher saw change since the store last recorded its inputs (a
    rebuild looks only at those), or None when not known: before the first good build."""

    def publish(self, files: dict[str, bytes | Pending] | None, problems: list[str]) -> None:
        with self.changed:
            if files is not None:
                self.files = files
                self.etags = {}
                self.version += 1
            self.problems = problems
            self.changed.notify_all()

    def let_tabs_reload(self) -> None:
        """Wait while open tabs reload the rebuilt site, up to ``RELOAD_WAIT`` seconds: what
        is made after the pages (the search index, the offline guide) would slow the page
        and its stylesheet and scripts down if made at the same time on the same cores."""
        if not self.listeners:
            return
        started = time.perf_counter()
        time.sleep(RELOAD_START)  # the tab hears of the rebuild and asks for the page
        while time.perf_counter() - started < RELOAD_WAIT and (
            self.requests or time.perf_counter() - self.last_answer < RELOAD_QUIET
        ):
            time.sleep(0.005)

    def snapshot(self) -> dict[str, object]:
        return {"version": self.version, "problems": list(self.problems)}


UNREPORTED_CHANGE = "Files changed that this rebuild did not look at: rebuilding, looking at all"
# A file saved while a rebuild runs is reported by the watcher after it, as is one saved just
# before it began (after the watcher's last batch); the kernel stamps a change by a clock
# that runs a few milliseconds behind.
JUST_BEFORE_NS = 50_000_000


def rebuild(
    project: Path,
    state: SiteState,
    log: Callable[[str], None],
    watched: set[str] | None = None,
) -> None:
    """Build in memory; publish the new site, or keep the old one and publish the errors.

    The pages are published as soon as they are ready; the link check and the files made
    from the whole site (the search index, the offline guide) are made right after, and a
    request for one of them waits until it is. The edited page is back in the browser that
    much sooner. With ``watched``, the paths the file watcher saw change, the build looks at
    no other file (at 1000 pages, a stat of each would take a third of the rebuild); once
    the pages are out, every file is looked at, and if the watcher missed a change (a file
    its filter ignores, say) the site is rebuilt again in full.
    """
    from .build import build_site
    from .render import TemplateFailure

    started, started_ns = time.perf_counter(), time.time_ns()
    watched = None if watched is None or state.watched is None else watched | state.watched
    state.watched = watched  # kept for the next rebuild until this one is committed
    # The cache and the served site are a large, long-lived heap. Freezing it for the rebuild
    # keeps the garbage collector from walking all of it again and again while the rebuild
    # allocates; unfreezing afterwards lets what the rebuild replaced be collected as usual.
    gc.freeze()
    try:
        result = build_site(
            project,
            write=False,
            store=state.store,
            later=True,
            workers=state.workers,
            watched=watched,
        )
        assert result.files is not None
        files = result.files
        pending = {path: Pending() for path in files.later}
        warnings = [w.format() for w in result.warnings]
        last_good = state.files
        state.publish({**files.files, **pending}, warnings)
        elapsed = (time.perf_counter() - started) * 1000
        state.let_tabs_reload()
        links = result.link_warnings() if result.link_warnings is not None else []
        if links:
            warnings = [w.format() for w in sorted([*result.warnings, *links])]
            state.publish(None, warnings)
        for line in warnings:
            log(line)
        for path, waiting in pending.items():
            try:
                waiting.set(files[path])
            except TemplateFailure as failure:
                problem = failure.problem.format()
                log(problem)
                state.publish(None, [*warnings, problem])
                if path in last_good:  # the last good one stays served, as the pages do
                    waiting.set(content_of(last_good[path]))
            finally:
                waiting.set(files.files.get(path, b""))  # never leave a reader waiting
        if result.revision is not None:
            result.revision.commit(save=False)  # forget what this build no longer reached
        state.watched = set()  # the store's inputs are now as the files were
    except BuildError as exc:
        problems = [p.format() for p in exc.problems]
        for line in problems:
            log(line)
        state.publish(None, problems)
        return
    except TemplateFailure as failure:
        log(failure.problem.format())
        state.publish(None, [failure.problem.format()])
        return
    finally:
        gc.unfreeze()
    log(f"Rebuilt {result.rendered} of {result.pages} pages in {elapsed:.0f} ms")
    if watched is None or not (changed := state.store.inputs_changed(project)):
        return
    if all(last_changed(project / path) >= started_ns - JUST_BEFORE_NS for path in changed):
        state.watched = set(changed)  # the watcher's next report names them, or this does
        return
    log(UNREPORTED_CHANGE)
    rebuild(project, state, log)


def last_changed(path: Path) -> int:
    """When a file, or a folder or any folder inside it, last changed (its ctime, which no
    tool can set back); for a file that is gone, when its folder did."""
    while True:
        try:
            newest = path.stat().st_ctime_ns
            break
        except OSError:
            if path.parent == path:
                return 0
            path = path.parent
    if path.is_dir():
        for folder, _, _ in os.walk(path):
            newest = max(newest, os.stat(folder).st_ctime_ns)
    return newest


def waiting_page(problems: list[str], script: bytes) -> bytes:
    """What ``serve`` answers before its first good build: the problems, and the script that
    reloads the tab once a rebuild succeeds."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
    return (
        (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Build failed</title></head>\n<body>"
            "<h1>Build failed</h1><p>Fix these and this page reloads by itself:</p>"
            f"<ul>{items}</ul>\n</body></html>\n"
        )
        .encode()
        .replace(b"</body>", script + b"\n</body>", 1)
    )


SCRIPT_TAG = re.compile(rb"<script\b[^>]*>", re.IGNORECASE)
SWAP_SAFE = re.compile(rb"\sdata-swap-safe[\s>=]|\stype=\"application/json\"", re.IGNORECASE)
"""What makes a script safe to keep when ``<main>`` is swapped: the template says so, or the
script is data (a chart's figure), read when it is used."""


def swappable_shell(page: bytes) -> str:
    """A digest of the page outside its ``<main>``, or "" when a tab must reload it whole.

    A tab whose page and rebuilt page have the same digest swaps the new ``<main>`` in. Only
    a page whose every script is marked ``data-swap-safe`` or is data is swapped: what another
    script set up in ``<main>`` (the progress tools, a template's own script) would be lost."""
    start, end = page.find(b"<main"), page.rfind(b"</main>")
    if start < 0 or end < start:
        return ""
    if any(not SWAP_SAFE.search(tag.group()) for tag in SCRIPT_TAG.finditer(page)):
        return ""
    return hashlib.blake2b(page[:start] + page[end:], digest_size=12).hexdigest()


def resolve_site_path(request_path: str, base_path: str) -> str | None:
    """Map a URL path to a key of the in-memory site, or None (a 404) if it is not inside.

    Keys of the site are normalised relative paths, so anything with ``..``, ``.``, empty
    segments, backslashes or NUL (also when percent-encoded) is refused before the lookup.
    """
    path = unquote(urlsplit(request_path).path)
    if not path.startswith(base_path):
        return None
    relative = path[len(base_path) :]
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts) or "\\" in relative or "\0" in relative:
        return None
    return relative


def make_handler(state: SiteState, base_path: str) -> type[http.server.BaseHTTPRequestHandler]:
    """A request handler bound to this server's site state and base path."""
    events_url = json.dumps(base_path + EVENTS_PATH)
    script_body = f">\n{RELOAD_SCRIPT.replace('EVENTS_URL', events_url)}</script>".encode()

    def reload_script(version: int, shell: str = "") -> bytes:
        """The script for a page of site ``version``. It must know the version itself: the
        first event it hears may already announce the next site (a rebuild that ended while
        the page loaded), and a tab that took that as its own never reloaded."""
        return f'<script data-version="{version}" data-shell="{shell}"'.encode() + script_body

    def with_reload_script(page: bytes, version: int) -> bytes:
        script = reload_script(version, swappable_shell(page))
        return page.replace(b"</body>", script + b"\n</body>", 1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            key = resolve_site_path(self.path, base_path)
            if key == EVENTS_PATH:
                self._stream_events()
                return
            with state.counting:
                state.requests += 1
            try:
                self._answer(key)
            finally:
                with state.counting:
                    state.requests -= 1
                    state.last_answer = time.perf_counter()

        def _answer(self, key: str | None) -> None:
            version = state.version  # before the files: a page is never older than it says
            if key == ERRORS_PATH:
                self._send(200, ".json", json.dumps(state.snapshot()).encode())
            elif base_path != "/" and urlsplit(self.path).path in ("/", base_path.rstrip("/")):
                self._redirect(base_path)
            elif key is not None and key in state.files:
                body = content_of(state.files[key])
                if key.endswith(".html"):
                    body = with_reload_script(body, version)
                self._send_file(key, body)
            elif not state.files:
                # No good build yet: a page that lists the problems and reloads once fixed.
                self._send(503, ".html", waiting_page(state.problems, reload_script(version)))
            else:
                body = content_of(state.files.get("404.html", b"Not found"))
                self._send(404, ".html", with_reload_script(body, version))

        def _send(self, status: int, suffix: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", TYPES.get(suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _send_file(self, key: str, body: bytes) -> None:
            """A file of the site, with a validator: a reloading tab asks whether its copy of
            the stylesheet, the scripts and the chart library is current, and keeps it
            (with the scripts already compiled) when it is, instead of fetching them again."""
            etag = state.etags.get(key)
            if etag is None:
                etag = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
                if not key.endswith(".html"):  # a page carries its site's version: not kept
                    state.etags[key] = etag
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header(
                "Content-Type", TYPES.get(posixpath.splitext(key)[1], "application/octet-stream")
            )
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _stream_events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen: dict[str, object] | None = None
            with state.counting:
                state.listeners += 1
            try:
                while not getattr(self.server, "stopping", False):
                    with state.changed:  # publish changes the state under this lock
                        state.changed.wait_for(
                            lambda seen=seen: (
                                state.snapshot() != seen or getattr(self.server, "stopping", False)
                            ),
                            timeout=15,
                        )
                        current = state.snapshot()
                    if current != seen:
                        self.wfile.write(f"data: {json.dumps(current)}\n\n".encode())
                        seen = current
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return
            finally:
                with state.counting:
                    state.listeners -= 1

    return Handler


def fingerprint(project: Path) -> tuple[int, int]:
    """A cheap summary of the watched files, to catch saves made while the watcher started."""
    count, newest = 0, 0
    for name in WATCHED:
        for folder, _, names in os.walk(project / name):
            for entry in names:
                try:
                    newest = max(newest, os.stat(os.path.join(folder, entry)).st_mtime_ns)
                except OSError:  # gone since the folder was listed
                    continue
                count += 1
    return count, newest


def folders_watched(project: Path) -> tuple[tuple[int, int] | None, ...]:
    """Which folders the watcher watches, by device and inode: a folder moved away and
    replaced by a copy is another folder, which a running watcher does not see."""
    found = []
    for name in WATCHED:
        try:
            info = os.stat(project / name)
        except OSError:
            found.append(None)
        else:
            found.append((info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None)
    return tuple(found)


def linked_from_outside(project: Path) -> dict[str, tuple[str, int]]:
    """What ``content/``, ``data/`` and ``templates/`` hold as symlinks to files or folders
    elsewhere in the project, by where each leads: its path in the project and the inode
    there. An edit at the far end makes no event inside, so the watcher watches the far ends
    too (and starts again when one is replaced: a watch follows the inode)."""
    root = os.path.realpath(project)
    tops = tuple(os.path.join(root, name) for name in WATCHED)
    found = {}
    for name in WATCHED:
        for link in symlinks_under(project / name):
            target = os.path.realpath(link)
            if not target.startswith(root + os.sep):
                continue  # outside the project: an error the build reports
            if target in tops or target.startswith(tuple(top + os.sep for top in tops)):
                continue  # already watched
            try:
                inode = os.stat(target).st_ino
            except OSError:
                continue  # leads nowhere
            found[target] = (link.relative_to(project).as_posix(), inode)
    return found


def watch_and_rebuild(
    project: Path,
    state: SiteState,
    stop: threading.Event,
    ready: threading.Event,
    log: Callable[[str], None],
    before: tuple[int, int],
) -> None:
    """Rebuild after each burst of saves (watchfiles groups a burst into one change set).

    watchfiles yields an empty set once its watcher is running (``yield_on_timeout``); that
    is when we say ready and rebuild once more if anything changed since ``before`` (taken
    before the first build, so a save made while it ran is not lost). A burst
    ends after 2 ms without events (an editor's save is a few events within a millisecond);
    a longer burst, such as a ``git checkout``, may take two rebuilds, the last one whole.
    When ``content/``, ``data/`` or ``templates/`` is replaced (or made), the watcher starts
    again on the folders now there, and the site is rebuilt looking at every file.
    """
    from watchfiles import watch

    look_at_all = False
    while not stop.is_set():
        folders = folders_watched(project)
        paths = [
            project / name
            for name, inode in zip(WATCHED, folders, strict=True)
            if inode is not None
        ]
        if not paths:  # all three moved away: wait for one to come back
            look_at_all = not stop.wait(0.2)
            continue
        links = linked_from_outside(project)
        changes_seen = watch(
            *paths,
            *links,
            stop_event=stop,
            debounce=400,
            step=2,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
        )
        for changes in changes_seen:
            if not ready.is_set():
                look_at_all = fingerprint(project) != before
                ready.set()
            if look_at_all:
                look_at_all = False
                rebuild_or_start_afresh(project, state, log, None)
            elif changes:
                seen = watched_paths(project, changes, links)
                rebuild_or_start_afresh(project, state, log, seen)
            if folders_watched(project) != folders or (
                changes and linked_from_outside(project) != links
            ):
                look_at_all = True
                break


def rebuild_or_start_afresh(
    project: Path, state: SiteState, log: Callable[[str], None], watched: set[str] | None
) -> None:
    """A rebuild that a mistake of mlcareer-site's own breaks must not stop the watcher for
    the rest of the session: the results kept so far are dropped and the site built anew."""
    try:
        rebuild(project, state, log, watched)
    except Exception as exc:
        log(f"Internal error while rebuilding ({type(exc).__name__}: {exc}): building anew")
        state.store, state.watched = Store.in_memory(), None
        try:
            rebuild(project, state, log)
        except Exception as again:
            problem = f"Internal error while building ({type(again).__name__}: {again})"
            log(problem)
            state.publish(None, [problem])


def watched_paths(
    project: Path,
    changes: set[tuple[Any, str]],
    links: dict[str, tuple[str, int]] | None = None,
) -> set[str] | None:
    """The changed paths as the build names them (``content/a.md``; a symlink's far end by
    the link's path); None if one is elsewhere (then the rebuild looks at every file)."""
    root = os.path.abspath(project)
    ends = links or {}
    found = set()
    for _, path in changes:
        path = os.path.abspath(path)
        end = next((e for e in ends if path == e or path.startswith(e + os.sep)), None)
        if end is not None:
            found.add(ends[end][0] + path[len(end) :].replace(os.sep, "/"))
            continue
        relative = os.path.relpath(path, root)
        if relative == os.curdir or relative.startswith(os.pardir):
            return None
        found.add(relative.replace(os.sep, "/"))
    return found


def run_server(
    project: Path,
    host: str,
    port: int,
    base_path: str,
    open_browser: bool,
    echo: Callable[[str], None],
    log: Callable[[str], None],
) -> None:
    """Build, start watching, serve until Ctrl-C or SIGTERM, then stop without a trace."""
    state = SiteState(workers=Workers.for_command(threads_later=True))
    stop, ready = threading.Event(), threading.Event()
    # A request waits for the interpreter lock while a rebuild runs (the search index and
    # the offline guide are made just after the pages): handing the lock over every 1 ms
    # instead of 5 ms serves the edited page sooner.
    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    # Ctrl-C stops serve even when it was started with SIGINT ignored, as a shell script
    # starts its background jobs: Python then leaves it ignored.
    previous_int = signal.signal(signal.SIGINT, _raise_interrupt)
    previous_term = signal.signal(signal.SIGTERM, _raise_interrupt)
    server: http.server.ThreadingHTTPServer | None = None
    watcher = threading.Thread(
        target=watch_and_rebuild,
        args=(project, state, stop, ready, log, fingerprint(project)),
        daemon=True,
    )
    try:
        rebuild(project, state, log)
        server = _listen(host, port, make_handler(state, base_path))
        watcher.start()
        ready.wait(timeout=5)
        url = f"http://{host}:{server.server_address[1]}{base_path}"
        echo(f"Serving {project.resolve()} at {url} (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(url)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sys.setswitchinterval(previous_interval)
        stop.set()
        if server is not None:
            server.stopping = True  # type: ignore[attr-defined]
            with state.changed:
                state.changed.notify_all()
            server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=2)
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)
    echo("Stopped.")


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _listen(
    host: str, port: int, handler: type[http.server.BaseHTTPRequestHandler]
) -> http.server.ThreadingHTTPServer:
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use; choose another with --port, "
                "or --port 0 for any free port"
            ) from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    server.daemon_threads = True
    return server
