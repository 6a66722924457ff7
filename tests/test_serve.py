"""`serve` as a real process: live rebuilds, errors in the browser, safe paths, clean exits."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mlcareer_site.build import build_site


class Server:
    def __init__(self, project: Path, *args: str, ignore_ctrl_c: bool = False) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-X",
                "faulthandler",  # a hang at stop prints every thread's stack (see ``stop``)
                "-m",
                "mlcareer_site",
                "serve",
                "--project",
                str(project),
                "--port",
                "0",
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=ignore_sigint if ignore_ctrl_c else None,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)(/\S*)", line)
        assert match, line + self.process.stderr.read()  # type: ignore[union-attr]
        self.port = int(match.group(1))
        self.base = match.group(2)

    def get(self, path: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, body

    def errors(self) -> list[str]:
        return json.loads(self.get(self.base + "__mlcareer/errors")[1])["problems"]

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            # Seen once, on a fresh machine: say where it hangs, not only that it does.
            self.process.send_signal(signal.SIGABRT)
            _, err = self.process.communicate(timeout=10)
            raise AssertionError(f"serve did not stop within 10 s of Ctrl-C:\n{err}") from None
        return self.process.returncode, err


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def wait_for(condition: Callable[[], bool], seconds: float = 2.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def server(mini_project: Path) -> Iterator[Server]:
    running = Server(mini_project, "--base-path", "/repo/")
    yield running
    if running.process.poll() is None:
        running.stop()


def test_serves_under_base_path_with_reload_script(server: Server) -> None:
    status, body = server.get("/repo/")
    assert status == 200 and "<h1>Mini overview</h1>" in body
    assert "EventSource" in body
    assert server.get("/repo/second.html")[0] == 200
    assert server.get("/second.html")[0] == 404


def test_data_edit_shows_within_two_seconds(server: Server, mini_project: Path) -> None:
    sources = mini_project / "data" / "sources.yaml"
    sources.write_text(sources.read_text().replace("Alpha Article", "Gamma Article"))
    assert wait_for(lambda: "Gamma Article" in server.get("/repo/sources.html")[1])


def test_a_reloading_tab_keeps_the_files_that_did_not_change(
    server: Server, mini_project: Path
) -> None:
    """Files carry a validator: a tab that reloads after a rebuild is told its stylesheet is
    current (304, no body) and gets the edited page anew."""

    def fetch(path: str, etag: str | None = None) -> tuple[int, str | None, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        connection.request("GET", path, headers={"If-None-Match": etag} if etag else {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.getheader("ETag"), body

    status, css_tag, css = fetch("/repo/assets/site.css")
    assert status == 200 and css_tag and css
    status, page_tag, _ = fetch("/repo/index.html")
    assert status == 200 and page_tag
    page = mini_project / "content" / "index.md"
    page.write_text(page.read_text() + "\nA new closing line.\n")
    assert wait_for(lambda: "A new closing line." in server.get("/repo/index.html")[1])
    assert fetch("/repo/assets/site.css", css_tag)[:2] == (304, css_tag)
    assert fetch("/repo/assets/site.css", css_tag)[2] == b""
    status, new_tag, body = fetch("/repo/index.html", page_tag)
    assert status == 200 and new_tag != page_tag and b"A new closing line." in body


def test_broken_yaml_keeps_site_and_reports_then_clears(server: Server, mini_project: Path) -> None:
    sources = mini_project / "data" / "sources.yaml"
    good = sources.read_text()
    sources.write_text(good + "  - [\n")
    assert wait_for(lambda: bool(server.errors()))
    assert server.errors()[0].startswith("data/sources.yaml:")
    status, body = server.get("/repo/sources.html")
    assert status == 200 and "Alpha Article" in body
    sources.write_text(good.replace("Alpha Article", "Fixed Article"))
    assert wait_for(lambda: server.errors() == [])
    assert "Fixed Article" in server.get("/repo/sources.html")[1]


@pytest.mark.parametrize(
    "path",
    [
        "/repo/../pyproject.toml",
        "/repo/%2e%2e/data/site.yaml",
        "/repo/%2E%2E%2Fdata%2Fsite.yaml",
        "/repo//etc/passwd",
        "/etc/passwd",
        "/repo/assets/../../data/site.yaml",
        "/repo/..%5cdata%5csite.yaml",
        "/repo/outside.txt",
    ],
)
def test_paths_outside_the_site_get_404(server: Server, path: str) -> None:
    status, body = server.get(path)
    assert status == 404
    assert "secret" not in body


def test_symlink_pointing_outside_is_not_served(mini_project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (mini_project / "content" / "outside.txt").symlink_to(secret)
    running = Server(mini_project)
    try:
        status, body = running.get("/outside.txt")
        # The build refuses the link: serve shows why (and reloads once it is removed).
        assert status == 503 and "secret" not in body.replace("secret.txt", "")
        assert "content/outside.txt" in body and "outside the project" in body
    finally:
        running.stop()


def test_ctrl_c_stops_cleanly(server: Server) -> None:
    code, err = server.stop()
    assert code == 0
    assert "Traceback" not in err


def test_ctrl_c_stops_serve_started_with_it_ignored(mini_project: Path) -> None:
    """A script's background job (``mlcareer-site serve &``) starts with SIGINT ignored, and
    Python leaves it so: serve said "Ctrl-C to stop" and then ignored it. (The suite, run as
    such a job, hung at every serve test's teardown.)"""
    running = Server(mini_project, ignore_ctrl_c=True)
    code, err = running.stop()
    assert code == 0
    assert "Traceback" not in err


def test_port_in_use_is_a_clear_message(mini_project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mlcareer_site",
                "serve",
                "--project",
                str(mini_project),
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert proc.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_reload_script_is_never_in_build_output(mini_project: Path) -> None:
    build_site(mini_project)
    for path in (mini_project / "build").rglob("*"):
        if path.is_file():
            assert b"EventSource" not in path.read_bytes(), path


def test_edit_reaches_the_search_index_and_offline_guide_too(
    server: Server, mini_project: Path
) -> None:
    """Pages are published first; the index and the single-file guide follow, and a request
    for them in between waits for the new version instead of getting the old one."""
    page = mini_project / "content" / "second.md"
    page.write_text(page.read_text() + "\nZebracorn sightings.\n")
    assert wait_for(lambda: "Zebracorn" in server.get("/repo/second.html")[1])
    status, guide = server.get("/repo/guide.html")
    assert status == 200 and "Zebracorn" in guide and guide.rstrip().endswith("</html>")
    status, index = server.get("/repo/assets/search-index.js")
    assert status == 200 and "Zebracorn" in index


def test_every_published_file_is_finished_and_equals_a_cold_build(repo_copy: Path) -> None:
    from mlcareer_site.engine import Store
    from mlcareer_site.serve import Pending, SiteState, rebuild

    state = SiteState()
    rebuild(repo_copy, state, lambda line: None)
    page = repo_copy / "content" / "future.md"
    page.write_text(page.read_text() + "\nZebracorn sightings.\n")
    rebuild(repo_copy, state, lambda line: None)
    pending = {path for path, body in state.files.items() if isinstance(body, Pending)}
    assert pending == {"guide.html", "assets/search-index.js"}  # made after the pages...
    served = {
        path: body.wait() if isinstance(body, Pending) else body
        for path, body in state.files.items()
    }
    assert b"Zebracorn" in served["guide.html"]  # ...and finished before rebuild returned
    cold = build_site(repo_copy, write=False, store=Store.in_memory())
    assert cold.files is not None and served == cold.files.files


def test_broken_offline_guide_template_is_reported_and_pages_still_served(
    repo_copy: Path,
) -> None:
    from mlcareer_site.serve import SiteState, content_of, rebuild

    state, logged = SiteState(), []
    rebuild(repo_copy, state, logged.append)
    good_guide = content_of(state.files["guide.html"])
    guide = repo_copy / "templates" / "guide.html"
    guide.write_text(guide.read_text().replace("{{ site.title }}", "{{ site.no_such_key }}", 1))
    page = repo_copy / "content" / "future.md"
    page.write_text(page.read_text() + "\nZebracorn sightings.\n")
    rebuild(repo_copy, state, logged.append)
    assert any(
        p.startswith("templates/guide.html:6:") and "no_such_key" in p for p in state.problems
    )
    assert b"Zebracorn" in state.files["future.html"]  # type: ignore[operator]
    assert good_guide and content_of(state.files["guide.html"]) == good_guide  # the last good


def test_a_template_replaced_with_its_old_time_is_rendered_anew(repo_copy: Path) -> None:
    """Issue 16, item 2: a block template copied over with its modification time kept
    (cp -p, rsync -t, tar) was rendered from Jinja's stale copy for the rest of the session."""
    from mlcareer_site.serve import SiteState, rebuild

    state = SiteState()
    rebuild(repo_copy, state, lambda line: None)
    block = repo_copy / "templates" / "blocks" / "hubs.html"
    replacement = repo_copy / "hubs-edited.html"
    replacement.write_text(block.read_text() + "<p>Zebracorn hubs.</p>\n")
    stat = block.stat()
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    shutil.copy2(replacement, block)  # as cp -p: the old modification time, new bytes
    assert block.stat().st_mtime_ns == stat.st_mtime_ns
    rebuild(repo_copy, state, lambda line: None)
    assert b"Zebracorn hubs." in state.files["job-market.html"]


def test_a_page_is_swappable_only_when_all_but_its_main_is_the_same_and_main_has_no_script() -> (
    None
):
    from mlcareer_site.serve import swappable_shell

    page = b"<html><head><title>A</title></head><body><nav>n</nav><main>one</main></body></html>"
    edited = page.replace(b"one", b"two, longer")
    retitled = page.replace(b"<title>A", b"<title>B")
    assert swappable_shell(page) == swappable_shell(edited) != ""
    assert swappable_shell(retitled) not in ("", swappable_shell(page))
    with_data = page.replace(b"one", b'<script type="application/json">{}</script>')
    assert swappable_shell(with_data) == swappable_shell(page)
    marked = page.replace(b"</head>", b'<script src="a.js" defer data-swap-safe></script></head>')
    assert swappable_shell(marked) not in ("", swappable_shell(page))
    for unmarked in (b'<script src="a.js" defer></script>', b"<SCRIPT>x = 1</SCRIPT>"):
        assert swappable_shell(page.replace(b"</head>", unmarked + b"</head>")) == ""
        assert swappable_shell(page.replace(b"one", unmarked)) == ""
    assert swappable_shell(b"<html><body>no main</body></html>") == ""


def test_served_pages_carry_their_version_and_shell(server: Server) -> None:
    body = server.get("/repo/second.html")[1]
    found = re.search(r'<script data-version="(\d+)" data-shell="([0-9a-f]{24})">', body)
    assert found, body[-400:]


def test_a_rebuild_told_what_changed_still_finds_a_change_it_was_not_told_of(
    repo_copy: Path,
) -> None:
    """The watcher's report spares a stat of every file; once the pages are out every file
    is looked at, and a change the watcher missed (a file its filter ignores) is rebuilt."""
    from mlcareer_site.serve import JUST_BEFORE_NS, UNREPORTED_CHANGE, SiteState, rebuild

    state, logged = SiteState(), []
    rebuild(repo_copy, state, logged.append)
    told = repo_copy / "content" / "future.md"
    told.write_text(told.read_text() + "\nZebracorn sightings.\n")
    rebuild(repo_copy, state, logged.append, {"content/future.md"})
    assert b"Zebracorn sightings." in state.files["future.html"]  # type: ignore[operator]
    assert UNREPORTED_CHANGE not in logged
    missed = repo_copy / "content" / "roles.md"
    missed.write_text(missed.read_text() + "\nUnicorn roles.\n")
    time.sleep(2 * JUST_BEFORE_NS / 1e9)  # saved well before the rebuild: the watcher missed it
    told.write_text(told.read_text() + "\nA second sighting.\n")
    rebuild(repo_copy, state, logged.append, {"content/future.md"})
    assert UNREPORTED_CHANGE in logged
    assert b"Unicorn roles." in state.files["roles.html"]  # type: ignore[operator]
    assert b"A second sighting." in state.files["future.html"]  # type: ignore[operator]


def test_a_save_made_while_a_rebuild_runs_waits_for_the_watcher_without_a_full_rebuild(
    repo_copy: Path,
) -> None:
    """A formatter saving right after the editor: the second save lands while the rebuild
    runs. The look at every file finds it, but the watcher reports it next, so that is no
    reason for a message and a full rebuild; the next rebuild looks at it even untold."""
    from mlcareer_site.serve import UNREPORTED_CHANGE, SiteState, rebuild

    state, logged = SiteState(), []
    rebuild(repo_copy, state, logged.append)
    page = repo_copy / "content" / "future.md"
    page.write_text(page.read_text() + "\nZebracorn sightings.\n")
    publish = state.publish

    def publish_then_save_again(files: object, problems: list[str]) -> None:
        publish(files, problems)
        if files is not None and not page.read_text().endswith("Formatted.\n"):
            page.write_text(page.read_text() + "\nFormatted.\n")

    state.publish = publish_then_save_again  # type: ignore[method-assign]
    rebuild(repo_copy, state, logged.append, {"content/future.md"})
    assert UNREPORTED_CHANGE not in logged
    assert logged[-1].startswith("Rebuilt 1 of")  # one rebuild, not a second in full
    assert b"Formatted." not in state.files["future.html"]  # type: ignore[operator]
    state.publish = publish  # type: ignore[method-assign]
    rebuild(repo_copy, state, logged.append, set())  # as if the watcher's report were lost
    assert b"Formatted." in state.files["future.html"]  # type: ignore[operator]
    assert UNREPORTED_CHANGE not in logged


def test_a_failed_rebuild_keeps_what_the_watcher_reported_for_the_next(repo_copy: Path) -> None:
    from mlcareer_site.serve import UNREPORTED_CHANGE, SiteState, rebuild

    state, logged = SiteState(), []
    rebuild(repo_copy, state, logged.append)
    page = repo_copy / "content" / "future.md"
    page.write_text(page.read_text() + "\nZebracorn sightings.\n")
    data = repo_copy / "data" / "roles.yaml"
    good = data.read_text()
    data.write_text(good + "\n  broken: [\n")
    rebuild(repo_copy, state, logged.append, {"content/future.md", "data/roles.yaml"})
    assert any(line.startswith("data/roles.yaml:") for line in state.problems)
    data.write_text(good)
    rebuild(repo_copy, state, logged.append, {"data/roles.yaml"})  # future.md not told again
    assert state.problems == []
    assert b"Zebracorn sightings." in state.files["future.html"]  # type: ignore[operator]
    assert UNREPORTED_CHANGE not in logged


def test_the_watchers_paths_are_named_as_the_build_names_them(tmp_path: Path) -> None:
    from mlcareer_site.serve import watched_paths

    project = tmp_path / "guide"
    saved = {(2, str(project / "content" / "a.md")), (1, str(project / "data"))}
    assert watched_paths(project, saved) == {"content/a.md", "data"}
    assert watched_paths(project, {(2, str(tmp_path / "elsewhere.md"))}) is None


def test_link_warnings_reach_the_tab_after_the_pages(repo_copy: Path) -> None:
    from mlcareer_site.serve import SiteState, rebuild

    page = repo_copy / "content" / "future.md"
    page.write_text(page.read_text() + "\nSee [the moon](no-such-page.md).\n")
    state, logged = SiteState(), []
    rebuild(repo_copy, state, logged.append)
    cold = build_site(repo_copy, write=False)
    expected = [warning.format() for warning in cold.warnings]
    assert any("no-such-page" in line for line in expected)
    assert state.problems == expected
    assert all(line in logged for line in expected)


def test_a_rebuild_broken_by_a_mistake_of_ours_starts_afresh_and_keeps_watching(
    repo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlcareer_site import build
    from mlcareer_site.serve import SiteState, rebuild, rebuild_or_start_afresh

    state, logged = SiteState(), []
    rebuild(repo_copy, state, logged.append)
    kept = state.store
    real, calls = build.build_site, []

    def broken_once(*args: object, **options: object) -> object:
        calls.append(options.get("watched"))
        if len(calls) == 1:
            raise KeyError("a bug")
        return real(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "build_site", broken_once)
    page = repo_copy / "content" / "future.md"
    page.write_text(page.read_text() + "\nZebracorn sightings.\n")
    rebuild_or_start_afresh(repo_copy, state, logged.append, {"content/future.md"})
    assert any(line.startswith("Internal error while rebuilding (KeyError") for line in logged)
    assert calls == [{"content/future.md"}, None] and state.store is not kept
    assert b"Zebracorn sightings." in state.files["future.html"]  # type: ignore[operator]


def test_a_save_made_during_the_first_build_is_built_once_the_watcher_runs(
    repo_copy: Path,
) -> None:
    """The files' summary is taken before the first build (it was taken after: a save made
    while that build ran was never built)."""
    import threading

    from mlcareer_site.serve import SiteState, fingerprint, rebuild, watch_and_rebuild

    state, logged = SiteState(), []
    before = fingerprint(repo_copy)
    rebuild(repo_copy, state, logged.append)
    page = repo_copy / "content" / "future.md"
    page.write_text(page.read_text() + "\nZebracorn sightings.\n")  # as if during that build
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=watch_and_rebuild, args=(repo_copy, state, stop, ready, logged.append, before)
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while b"Zebracorn" not in state.files["future.html"] and time.monotonic() < deadline:  # type: ignore[operator]
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert b"Zebracorn sightings." in state.files["future.html"]  # type: ignore[operator]


@contextlib.contextmanager
def watcher_running(project: Path) -> Iterator[Callable[[bytes], bool]]:
    """A first build, then serve's watcher in a thread, as ``serve`` runs it; yields a
    check that waits until future.html is served with a text."""
    import threading

    from mlcareer_site.serve import SiteState, fingerprint, rebuild, watch_and_rebuild

    state, logged = SiteState(), []
    before = fingerprint(project)
    rebuild(project, state, logged.append)
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(
        target=watch_and_rebuild, args=(project, state, stop, ready, logged.append, before)
    )
    watcher.start()

    def served_soon(text: bytes) -> bool:
        deadline = time.monotonic() + 10
        while text not in state.files["future.html"] and time.monotonic() < deadline:  # type: ignore[operator]
            time.sleep(0.05)
        return text in state.files["future.html"]  # type: ignore[operator]

    try:
        assert ready.wait(timeout=10)
        yield served_soon
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert not watcher.is_alive()
    assert not any("did not look" in line for line in logged), logged


def test_a_folder_replaced_by_a_fresh_copy_is_watched_again(repo_copy: Path) -> None:
    """``mv content content.old && cp -r content.old content``: the watcher watched the
    folder moved away, and edits in the copy went unseen until an edit elsewhere."""
    page = repo_copy / "content" / "future.md"
    with watcher_running(repo_copy) as served_soon:
        (repo_copy / "content").rename(repo_copy / "content.old")
        shutil.copytree(repo_copy / "content.old", repo_copy / "content")
        time.sleep(1)  # the watcher starts again on the copy
        page.write_text(page.read_text() + "\nZebracorn sightings.\n")
        assert served_soon(b"Zebracorn sightings.")
        page.write_text(page.read_text() + "\nA second sighting.\n")
        assert served_soon(b"A second sighting.")


def test_a_page_symlinked_from_elsewhere_in_the_project_is_rebuilt_when_edited_there(
    repo_copy: Path,
) -> None:
    """An edit at a symlink's far end (``notes/future.md``) makes no event in ``content/``:
    it was picked up only by the next rebuild for another edit. The far end is watched too,
    also once an editor replaces it (a rename over it, as vim saves)."""
    elsewhere = repo_copy / "notes" / "future.md"
    elsewhere.parent.mkdir()
    page = repo_copy / "content" / "future.md"
    shutil.move(page, elsewhere)
    page.symlink_to(elsewhere)
    with watcher_running(repo_copy) as served_soon:
        elsewhere.write_text(elsewhere.read_text() + "\nZebracorn sightings.\n")
        assert served_soon(b"Zebracorn sightings.")
        swap = elsewhere.with_suffix(".swp")
        swap.write_text(elsewhere.read_text() + "\nA second sighting.\n")
        swap.replace(elsewhere)
        assert served_soon(b"A second sighting.")
        time.sleep(0.5)  # the watcher starts again on the new file
        elsewhere.write_text(elsewhere.read_text() + "\nA third sighting.\n")
        assert served_soon(b"A third sighting.")
