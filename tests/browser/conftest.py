"""Browser fixtures: the real guide built once, served under a project path, and Chromium.

Pages are served the way GitHub Pages serves a project site (``/repo-name/...``) by a small
static server bound to 127.0.0.1, and are also opened from ``file://``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from mlcareer_site.build import build_site

REPO = Path(__file__).resolve().parents[2]
BASE_PATH = "/mlcareer-site/"


class ProjectPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the site only under BASE_PATH, like a GitHub Pages project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(BASE_PATH):
            return str(Path(self.directory) / "__outside_the_base_path__")
        return super().translate_path("/" + path[len(BASE_PATH) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing address with the site's own 404.html, as GitHub Pages does."""
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(REPO, out, site_url="https://example.github.io/mlcareer-site/")
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(ProjectPathHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    yield page
    context.close()


def page_names(site_dir: Path) -> list[str]:
    return sorted(p.name for p in site_dir.glob("*.html"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)
