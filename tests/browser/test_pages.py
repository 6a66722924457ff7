"""Every page of the real guide in headless Chromium: served under a project path and from
file://, with no console errors, no failed or foreign requests, charts drawn, one h1, and no
horizontal scrolling on a 375 px phone."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page

from .conftest import REPO

PAGES = [
    *sorted(f"{p.stem}.html" for p in (REPO / "content").glob("*.md")),
    "404.html",
    "guide.html",
]


class Visit:
    """What a page load did: console errors, failed requests, requests to other hosts."""

    def __init__(self, page: Page, allowed_origin: str) -> None:
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))

        def note_request(request: object) -> None:
            url = request.url  # type: ignore[attr-defined]
            parts = urlsplit(url)
            origin = f"{parts.scheme}://{parts.netloc}"
            if parts.scheme not in ("data", "blob", "about") and origin != allowed_origin:
                self.foreign.append(url)

        page.on("request", note_request)


CHART_REPORT = """el => {
  const figure = JSON.parse(el.closest('figure').querySelector('script.chart-data').textContent);
  const known = Object.keys(window.Plotly.PlotSchema.get().traces);
  const bars = figure.data.filter(t => t.type === 'bar');
  const values = bars.flatMap(t => t.orientation === 'h' ? t.x : t.y);
  const finite = v => typeof v === 'number' && isFinite(v);
  const svg = el.querySelector('svg.main-svg').getBoundingClientRect();
  const inside = p => {  // a bar Plotly could not place has no path, or lies off the chart
    const box = p.getBoundingClientRect();
    return (p.getAttribute('d') || 'M0,0Z') !== 'M0,0Z' && box.top <= svg.bottom
      && box.bottom >= svg.top && box.left <= svg.right && box.right >= svg.left;
  };
  return {
    unknown_types: figure.data.map(t => t.type || 'scatter').filter(t => !known.includes(t)),
    unreadable_values: values.filter(v => !finite(v)),  // null too: NaN becomes null in JSON
    traces: figure.data.length,
    traces_drawn: el.querySelectorAll('g.trace').length,
    bars: values.filter(finite).length,
    bars_drawn: Array.from(el.querySelectorAll('g.trace.bars g.point path')).filter(inside).length,
  };
}"""
"""Counts, in the page, what Plotly drew against what the chart's JSON asked for."""


def draw_every_chart(page: Page) -> int:
    """Scroll each chart into view (they load lazily), wait for Plotly's SVG, and check that
    every trace of the figure's JSON was drawn."""
    plots = page.locator(".chart-plot")
    page.mouse.move(5, 5)  # charts wait for the reader's first interaction
    for index in range(plots.count()):
        plot = plots.nth(index)
        plot.scroll_into_view_if_needed()
        plot.locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
        page.wait_for_function(
            "el => ['yes', 'failed'].includes(el.dataset.drawn)", arg=plot.element_handle()
        )
        report = plot.evaluate(CHART_REPORT)
        assert report["unknown_types"] == [], f"chart {index}: types plotly.js lacks"
        assert report["unreadable_values"] == [], f"chart {index}: bar values that are no number"
        assert report["traces_drawn"] == report["traces"] > 0, f"chart {index}: {report}"
        assert report["bars_drawn"] == report["bars"], f"chart {index}: {report}"
    return plots.count()


def check_page(page: Page, url: str, origin: str) -> Visit:
    visit = Visit(page, origin)
    page.goto(url, wait_until="load")
    charts = draw_every_chart(page)
    assert page.locator(".js-plotly-plot").count() == charts
    assert page.locator("h1").count() == 1
    assert page.title().strip()
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description and description.strip()
    page.wait_for_load_state("networkidle")
    return visit


@pytest.mark.parametrize("name", PAGES)
def test_page_over_http_under_project_path(page: Page, base_url: str, name: str) -> None:
    parts = urlsplit(base_url)
    visit = check_page(page, base_url + name, f"{parts.scheme}://{parts.netloc}")
    assert visit.errors == []
    assert visit.failed == []
    assert visit.foreign == []


@pytest.mark.parametrize("name", PAGES)
def test_page_from_file_url(page: Page, site_dir: Path, name: str) -> None:
    visit = check_page(page, (site_dir / name).as_uri(), "file://")
    assert visit.errors == []
    assert visit.failed == []
    assert visit.foreign == []


@functools.cache
def ids_in(path: Path) -> frozenset[str]:
    """The element ids of a built HTML file: what a ``#fragment`` link may point at."""
    return frozenset(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", [p for p in PAGES if p != "404.html"])
def test_every_internal_link_and_anchor_resolves(
    page: Page, base_url: str, site_dir: Path, name: str
) -> None:
    """Every link in the page as the browser has it (after scripts ran), resolved by the
    browser against the project path: the file exists, and so does the heading it names."""
    page.goto(base_url + name, wait_until="load")
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    base = urlsplit(base_url)
    broken = []
    internal = 0
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("mailto", "tel") or parts.netloc != base.netloc:
            continue
        internal += 1
        path = unquote(parts.path)
        if not path.startswith(base.path):
            broken.append(f"{href} (outside {base.path})")
            continue
        target = site_dir / (path[len(base.path) :] or "index.html")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href} (no such file)")
        elif parts.fragment and unquote(parts.fragment) not in ids_in(target):
            broken.append(f"{href} (no such anchor)")
    assert internal > 0
    assert broken == []


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_overflow_on_a_phone(phone: Page, base_url: str, name: str) -> None:
    phone.goto(base_url + name, wait_until="load")
    draw_every_chart(phone)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_charts_wait_for_the_reader_and_show_their_table_meanwhile(
    page: Page, base_url: str
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "career-path.html", wait_until="load")
    page.wait_for_timeout(500)
    assert not any(url.endswith("plotly.min.js") for url in requested)
    figure = page.locator("figure.chart").first
    placeholder = figure.locator(".chart-placeholder")
    table = figure.locator("table")
    assert placeholder.is_visible()
    assert table.count() == 1 and table.is_visible() and table.locator("tbody tr").count() >= 5
    page.mouse.move(20, 20)
    page.locator(".chart-plot[data-drawn='yes']").first.wait_for(timeout=20_000)
    assert any(url.endswith("plotly.min.js") for url in requested)
    assert not placeholder.is_visible()
    assert table.is_visible()  # the chart's one table stays under it


def test_not_found_page_at_a_deep_address_keeps_its_style_and_links(
    page: Page, base_url: str
) -> None:
    """GitHub Pages answers /repo/any/deep/path with 404.html: its stylesheet, scripts and
    links must still reach the site rather than /repo/any/deep/...

    (Chromium's preload scanner may first guess the deep addresses before the page's script
    sets the base; only what the page then really loads is checked.)"""
    loaded: list[str] = []
    page.on("response", lambda r: r.ok and loaded.append(r.url))
    response = page.goto(base_url + "old/section/missing.html", wait_until="load")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    for asset in ("assets/site.css", "assets/site.js", "assets/search.js"):
        assert base_url + asset in loaded
    header = page.locator(".site-header")
    assert header.evaluate("el => getComputedStyle(el).position") == "sticky"
    links = page.eval_on_selector_all("#main a[href]", "els => els.map(a => a.href)")
    assert base_url + "index.html" in links
    assert all(link.startswith(base_url) and "/old/" not in link for link in links)
