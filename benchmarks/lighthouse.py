"""Print Lighthouse scores (mobile preset) for the home page and the heaviest chart page.

The site is built into a temporary folder and served under a GitHub-Pages-like project path.
Lighthouse comes from the npm registry into ~/.cache/mlcareer-site/lighthouse on first use and
drives Debian's chromium (CHROME_PATH, default /usr/bin/chromium). A benchmark, not a test.

Usage: python benchmarks/lighthouse.py [--preset mobile|desktop]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from mlcareer_site.build import build_site  # noqa: E402

CACHE = Path.home() / ".cache" / "mlcareer-site" / "lighthouse"
BASE = "/mlcareer-site/"
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_bin() -> Path:
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-fund",
                "--no-audit",
                "--prefix",
                str(CACHE),
                "lighthouse",
            ],
            check=True,
        )
    return binary


def heaviest_chart_page(site: Path) -> str:
    pages = [
        (p.read_text().count('class="chart-plot"'), p.stat().st_size, p.name)
        for p in site.glob("*.html")
    ]
    return max(pages)[2]


class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(BASE) :] if path.startswith(BASE) else "/x")

    def log_message(self, *args: object) -> None:
        pass


def run(binary: Path, url: str, preset: str, out: Path) -> dict[str, float]:
    args = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if preset == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(args, check=True, env=env, capture_output=True)
    report = json.loads(out.read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = report["audits"]
    scores["TBT ms"] = round(audits["total-blocking-time"]["numericValue"])
    scores["LCP ms"] = round(audits["largest-contentful-paint"]["numericValue"])
    scores["CLS"] = round(audits["cumulative-layout-shift"]["numericValue"], 3)
    failing = sorted(
        ref["id"]
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref.get("weight")
        and (audits[ref["id"]].get("score") or 0) < 1
        and audits[ref["id"]].get("scoreDisplayMode") == "binary"
    )
    scores["failing audits"] = ", ".join(failing) or "-"
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument("--all", action="store_true", help="every page with a chart, too")
    options = parser.parse_args()
    preset = options.preset
    binary = lighthouse_bin()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(REPO, site)
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_address[1]}{BASE}"
        print(
            f"Lighthouse {preset}: "
            + " | ".join(("page", *CATEGORIES, "TBT ms", "LCP ms", "CLS", "failing audits"))
        )
        pages = ["index.html", heaviest_chart_page(site)]
        if options.all:
            pages += sorted(
                {p.name for p in site.glob("*.html") if 'class="chart-plot"' in p.read_text()}
                - set(pages)
            )
        for page in pages:
            scores = run(binary, root + page, preset, Path(tmp) / "report.json")
            print(f"{page:18} " + " | ".join(str(v) for v in scores.values()))
        server.shutdown()


if __name__ == "__main__":
    main()
