"""Print the median time from saving a file to `serve` having the rebuilt site ready, and to
the page being repainted in a browser.

Starts ``mlcareer-site serve`` on a copy of the guide, then edits a Markdown page and a data
file N times each, polling the server's state endpoint until the new version is published.
With ``--browser`` it then opens the edited page in headless Chromium (Playwright, driving
Debian's ``/usr/bin/chromium``) and times each save until the open tab, reloaded by the
live-reload script, shows the edit in a painted frame (checked in ``requestAnimationFrame``,
polled every 2 ms). Each edit changes only its page's ``<main>``, which the tab swaps in; on
the chart page, charts.js then draws the new charts.

Usage: python benchmarks/serve_rebuild.py [--runs 10] [--browser]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402  (the browser the tests drive)


def version(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__mlcareer/errors") as response:
        return json.loads(response.read())["version"]


def time_edit(port: int, path: Path, old: str, new: str) -> float:
    before = version(port)
    text = path.read_text()
    started = time.perf_counter()
    path.write_text(text.replace(old, new, 1))
    while version(port) == before:
        time.sleep(0.002)
    elapsed = time.perf_counter() - started
    path.write_text(text)
    target = before + 2
    while version(port) < target:
        time.sleep(0.002)
    time.sleep(0.3)  # the next save finds serve idle, as the repaint timing does
    return elapsed


PAINTED = """(text) => new Promise((resolve) => requestAnimationFrame(() =>
    resolve(!!document.body && document.body.innerText.includes(text))))"""


def shows(tab: object, text: str) -> bool:
    """Whether the tab's painted page shows ``text`` (False while it is reloading)."""
    try:
        return bool(tab.evaluate(PAINTED, text))  # type: ignore[attr-defined]
    except Exception:  # the page is being replaced by the reload
        return False


def time_repaint(tab: object, path: Path, old: str, new: str, marker: str) -> float:
    text = path.read_text()
    started = time.perf_counter()
    path.write_text(text.replace(old, new, 1))
    while not shows(tab, marker):
        time.sleep(0.002)
    elapsed = time.perf_counter() - started
    path.write_text(text)
    while shows(tab, marker):
        time.sleep(0.002)
    time.sleep(0.3)  # an editor's saves are seconds apart; let the server finish its work
    return elapsed


def repaint_times(port: int, project: Path, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            tab = browser.new_page()
            tab.goto(f"http://127.0.0.1:{port}/interviews.html")
            tab.wait_for_load_state("load")
            time.sleep(0.5)  # the live-reload script connects
            page = project / "content" / "interviews.md"
            data = project / "data" / "interview_stages.yaml"
            return {
                "Markdown edit": [
                    time_repaint(tab, page, "\n\n", f"\n\nEdited {n}.\n\n", f"Edited {n}.")
                    for n in range(runs)
                ],
                "data edit": [
                    time_repaint(tab, data, "Phone screen", f"Phone call {n}", f"Phone call {n}")
                    for n in range(runs)
                ],
                **chart_page_times(tab, port, project, runs),
            }
        finally:
            browser.close()


def chart_page_times(tab: object, port: int, project: Path, runs: int) -> dict[str, list[float]]:
    """A page with charts: its <main> holds the figures' data, read again once swapped in."""
    tab.goto(f"http://127.0.0.1:{port}/salaries.html")  # type: ignore[attr-defined]
    tab.wait_for_load_state("load")  # type: ignore[attr-defined]
    time.sleep(0.5)
    page = project / "content" / "salaries.md"
    return {
        "chart page": [
            time_repaint(tab, page, "\n\n", f"\n\nEdited {n}.\n\n", f"Edited {n}.")
            for n in range(runs)
        ]
    }


def report(what: str, times: dict[str, list[float]], runs: int) -> None:
    for label, values in times.items():
        print(
            f"save -> {what}, {label:14}: median {statistics.median(values) * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, {runs} runs)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--browser", action="store_true", help="also time the repaint")
    options = parser.parse_args()
    runs = options.runs
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "guide"
        for name in ("content", "data", "templates"):
            shutil.copytree(REPO / name, project / name)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mlcareer_site",
                "serve",
                "--project",
                str(project),
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert server.stdout is not None
        port = int(re.search(r":(\d+)/", server.stdout.readline()).group(1))  # type: ignore[union-attr]
        try:
            page = project / "content" / "interviews.md"
            data = project / "data" / "interview_stages.yaml"
            markdown = [time_edit(port, page, "\n\n", "\n\nEdited.\n\n") for _ in range(runs)]
            yaml_edit = [time_edit(port, data, "Phone screen", "Phone call") for _ in range(runs)]
            report("rebuilt", {"Markdown edit": markdown, "data edit": yaml_edit}, runs)
            if options.browser:
                report("repainted", repaint_times(port, project, runs), runs)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
