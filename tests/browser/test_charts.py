"""Every chart of the built guide in headless Chromium: its toolbar cannot reach another site,
its one table is there before it draws (and without JavaScript), nothing moves when it draws,
and on a 375 px phone no label is cut off or runs into another."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route

from .test_pages import draw_every_chart

SHIFT_PX = 3
"""How far a figure's height may move when its chart draws (sub-pixel rounding)."""


def chart_pages(site_dir: Path) -> list[str]:
    """The built pages that have a chart, found in the built site rather than listed here."""
    pages = sorted(
        p.name for p in site_dir.glob("*.html") if 'class="chart-plot' in p.read_text("utf-8")
    )
    assert len(pages) >= 5, pages
    return pages


class Outside:
    """Requests to any host but the site's (answered with an abort, never sent), and every
    window a page opened."""

    def __init__(self, context: BrowserContext, origin: str) -> None:
        self.requests: list[str] = []
        self.popups: list[str] = []
        self.pages: list[Page] = []
        self.ours: list[Page] = []
        self.origin = origin
        context.route("**/*", self._route)
        context.on("page", lambda opened: self.pages.append(opened))

    def open(self, context: BrowserContext) -> Page:
        """A page the test opens itself (every other new page was opened by the site)."""
        page = context.new_page()
        self.ours.append(page)
        page.on("popup", lambda popup: self.popups.append(popup.url))
        return page

    @property
    def windows(self) -> list[str]:
        """Every window or tab the site opened."""
        opened = [f"page {p.url}" for p in self.pages if p not in self.ours]
        return opened + [f"popup {url}" for url in self.popups]

    def _route(self, route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob", "about"):
            route.continue_()
        elif f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.requests.append(route.request.url)
            route.abort()
        else:
            route.continue_()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    yield context
    context.close()


def test_every_toolbar_button_stays_on_the_site(
    desktop: BrowserContext, base_url: str, site_dir: Path
) -> None:
    """On every chart page, hover each drawn chart and click every button of its toolbar
    (Plotly's modebar): nothing may request another host or open a window (Plotly's own
    "share" button opens cloud.plotly.com in one)."""
    parts = urlsplit(base_url)
    outside = Outside(desktop, f"{parts.scheme}://{parts.netloc}")
    clicked: dict[str, int] = {}
    for name in chart_pages(site_dir):
        page = outside.open(desktop)
        page.goto(base_url + name, wait_until="load")
        charts = draw_every_chart(page)
        clicked[name] = click_every_toolbar_button(page, charts)
        page.wait_for_load_state("networkidle")
        page.close()
    assert all(count >= 1 for count in clicked.values()), clicked
    assert outside.requests == []
    assert outside.windows == []
    assert desktop.pages == []


def click_every_toolbar_button(page: Page, charts: int) -> int:
    """Click each button of each chart's toolbar, which shows while the pointer is on the
    chart; returns how many were clicked."""
    clicked = 0
    for index in range(charts):
        plot = page.locator(".chart-plot").nth(index)
        plot.scroll_into_view_if_needed()
        plot.hover(position={"x": 20, "y": 20})
        assert plot.locator(".modebar a").count() == 0, f"chart {index}: a link in the toolbar"
        buttons = plot.locator(".modebar-btn")
        assert buttons.count() >= 1, f"chart {index}: no download button"
        for number in range(buttons.count()):
            plot.hover(position={"x": 20, "y": 20})
            buttons.nth(number).click()
            clicked += 1
            page.wait_for_timeout(300)
            follow_what_the_button_opened(plot)
    return clicked


FOLLOW_UP = ":is(a[href], button):not(.modebar *):not([class*='cancel'])"
"""Links and buttons a toolbar button makes appear in the chart (Plotly's "share" first asks
in a small dialog, whose link and confirm button open cloud.plotly.com)."""


def follow_what_the_button_opened(plot: Locator) -> None:
    """Click through whatever the button opened inside the chart, links before buttons."""
    for selector in (f"{FOLLOW_UP}:is(a)", f"{FOLLOW_UP}:is(button)"):
        opened = plot.locator(selector)
        for index in range(opened.count()):
            if opened.nth(index).is_visible():
                opened.nth(index).click()
                plot.page.wait_for_timeout(300)


def test_the_toolbar_keeps_only_the_offline_png_download(page: Page, base_url: str) -> None:
    page.goto(base_url + "salaries.html", wait_until="load")
    draw_every_chart(page)
    plot = page.locator(".chart-plot").first
    plot.hover(position={"x": 20, "y": 20})
    titles = plot.locator(".modebar-btn").evaluate_all(
        "els => els.map(e => e.getAttribute('data-val') || e.getAttribute('data-attr') || "
        "e.getAttribute('data-title'))"
    )
    assert len(titles) == 1
    with page.expect_download() as download:
        plot.locator(".modebar-btn").first.click()
    assert download.value.suggested_filename.endswith(".png")


def figure_heights(page: Page) -> list[float]:
    return page.locator("figure.chart").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )


@pytest.mark.parametrize("width", [1366, 375])
def test_before_drawing_each_chart_shows_its_table_and_nothing_moves_when_it_draws(
    browser: Browser, base_url: str, site_dir: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    for name in chart_pages(site_dir):
        page = context.new_page()
        page.goto(base_url + name, wait_until="load")
        check_table_first_and_no_shift(page, name)
        page.close()
    context.close()


def check_table_first_and_no_shift(page: Page, name: str) -> None:
    """Before drawing: each chart figure holds one visible table and a placeholder; once
    drawn, every figure (the skills self-assessment too) is as tall as before."""
    page.wait_for_timeout(300)
    assert page.locator(".chart-plot.is-drawn").count() == 0
    figures = page.locator("figure.chart:has(.chart-plot[data-chart])")
    for index in range(figures.count()):
        figure = figures.nth(index)
        assert figure.locator("table").count() == 1
        assert figure.locator("table").is_visible()
        assert figure.locator(".chart-placeholder").is_visible()
        assert figure.locator(".chart-placeholder").inner_text().strip(), name
    before = figure_heights(page)
    draw_every_chart(page)
    page.wait_for_timeout(200)
    after = figure_heights(page)
    assert len(before) == len(after)
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        assert abs(old - new) <= SHIFT_PX, f"{name}, figure {index}: {old:.0f}px -> {new:.0f}px"


def test_without_javascript_a_chart_is_its_heading_caption_and_table(
    browser: Browser, base_url: str, site_dir: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for name in chart_pages(site_dir):
        page.goto(base_url + name, wait_until="load")
        figures = page.locator("figure.chart:has(.chart-plot[data-chart])")
        assert figures.count() >= 1, name
        for index in range(figures.count()):
            figure = figures.nth(index)
            assert figure.locator(".chart-title").is_visible()
            assert figure.locator("table").count() == 1, (name, index)
            assert figure.locator("table").is_visible(), (name, index)
            assert not figure.locator(".chart-frame").is_visible(), (name, index)
    context.close()


LABEL_BOXES = """plot => {
  const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
  const texts = Array.from(plot.querySelectorAll('svg text')).filter(t => {
    if (!t.textContent.trim() || t.closest('.hoverlayer')) { return false; }
    const style = getComputedStyle(t);
    const box = t.getBoundingClientRect();
    return style.display !== 'none' && style.visibility !== 'hidden' &&
      Number(style.opacity) > 0 && box.width > 0 && box.height > 0;
  });
  return {
    svg: { left: svg.left, right: svg.right, top: svg.top, bottom: svg.bottom },
    labels: texts.map(t => {
      const b = t.getBoundingClientRect();
      return { text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    }),
  };
}"""
"""Every label Plotly drew in a chart (ticks, legend, annotations, bar values) and its box."""


def overlap(a: dict[str, float], b: dict[str, float], slack: float = 1.0) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > slack
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > slack
    )


def label_problems(report: dict[str, object]) -> list[str]:
    """Labels cut off by the chart's edge, and pairs of labels that run into each other."""
    svg = report["svg"]
    labels = report["labels"]
    assert isinstance(svg, dict) and isinstance(labels, list)
    problems = [
        f"cut off: {label['text']!r}"
        for label in labels
        if label["left"] < svg["left"] - 1 or label["right"] > svg["right"] + 1
    ]
    for index, first in enumerate(labels):
        for second in labels[index + 1 :]:
            if overlap(first, second):
                problems.append(f"overlap: {first['text']!r} and {second['text']!r}")
    return problems


def test_no_chart_label_is_cut_off_or_overlaps_on_a_phone(
    phone: Page, base_url: str, site_dir: Path
) -> None:
    """Tick labels, legends, row labels and bar values of every chart (the skills
    self-assessment too) at 375 px: none past the chart's edge, none running into another."""
    found: dict[str, list[str]] = {}
    for name in chart_pages(site_dir):
        phone.goto(base_url + name, wait_until="load")
        for index in range(draw_every_chart(phone)):
            plot = phone.locator(".chart-plot").nth(index)
            report = plot.evaluate(LABEL_BOXES)
            assert len(report["labels"]) >= 3, f"{name}, chart {index}: no labels found"
            problems = label_problems(report)
            if problems:
                found[f"{name} {plot.get_attribute('data-chart') or index}"] = problems
    assert found == {}


def test_the_label_check_sees_labels_that_collide(phone: Page, base_url: str) -> None:
    """The check above can fail: the industry chart's old level ticks ran together."""
    phone.goto(base_url + "job-market.html", wait_until="load")
    draw_every_chart(phone)
    plot = phone.locator(".chart-plot[data-chart='industry-demand']")
    plot.evaluate(
        "plot => Plotly.relayout(plot, {'xaxis.showticklabels': true, 'xaxis.range': [0, 4.2],"
        " 'xaxis.tickvals': [1, 2, 3, 4], 'xaxis.tickangle': 0,"
        " 'xaxis.ticktext': ['Moderate', 'Moderate–<br>High', 'High', 'Very High']})"
    )
    problems = label_problems(plot.evaluate(LABEL_BOXES))
    assert "overlap: 'Moderate' and 'Moderate–High'" in problems
    assert "cut off: 'Very High'" in problems  # the bar's value, past the shorter axis
