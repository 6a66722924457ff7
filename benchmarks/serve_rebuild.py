"""Print the median time from saving a file to `serve` having the rebuilt site ready.

Starts ``mlcareer-site serve`` on a copy of the guide, then edits a Markdown page and a data
file N times each, polling the server's state endpoint until the new version is published.

Usage: python benchmarks/serve_rebuild.py [--runs 10]
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
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
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
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=10)
    for label, values in (("Markdown edit", markdown), ("data edit", yaml_edit)):
        print(
            f"save -> rebuilt, {label:13}: median {statistics.median(values) * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, {runs} runs)"
        )


if __name__ == "__main__":
    main()
