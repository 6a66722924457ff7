"""`serve` in a real browser: started on a broken project, it shows every problem and reloads
by itself once the project is fixed; warnings show as a badge that can be closed (issue 17)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from conftest import make_project
from test_serve import Server, wait_for


class Serving(Server):
    """``mlcareer-site serve`` as a real process on a free port, under a project path."""

    def __init__(self, project: Path) -> None:
        super().__init__(project, "--base-path", "/repo/")
        self.url = f"http://127.0.0.1:{self.port}{self.base}"


@pytest.fixture
def broken(tmp_path: Path) -> Iterator[tuple[Path, Serving]]:
    project = make_project(tmp_path / "mini")
    sources = project / "data" / "sources.yaml"
    sources.write_text(sources.read_text().replace("short: Alpha", "short: [Alpha"))
    serving = Serving(project)
    yield project, serving
    serving.stop()


def test_serve_started_on_a_broken_project_shows_the_problems_then_reloads_when_fixed(
    page: Page, broken: tuple[Path, Serving]
) -> None:
    project, serving = broken
    response = page.goto(serving.url)
    assert response is not None and response.status == 503
    panel = page.locator("#mlcareer-build-problems")
    expect(panel).to_contain_text("data/sources.yaml:4:")
    expect(panel).to_contain_text("the site appears once these are fixed")
    sources = project / "data" / "sources.yaml"
    sources.write_text(sources.read_text().replace("short: [Alpha", "short: Alpha"))
    # No reload by hand: the page reloads itself into the guide's home page.
    expect(page.locator("h1")).not_to_have_text("Build failed", timeout=15_000)
    expect(page.locator("article.page")).to_be_visible()
    expect(panel).to_have_count(0)


def test_warnings_show_as_a_badge_that_opens_and_closes(
    page: Page, broken: tuple[Path, Serving]
) -> None:
    project, serving = broken
    sources = project / "data" / "sources.yaml"
    sources.write_text(sources.read_text().replace("short: [Alpha", "short: Alpha"))
    second = project / "content" / "second.md"
    second.write_text(second.read_text() + "\nSee [gone](gon.md).\n")
    page.goto(serving.url + "second.html")
    badge = page.get_by_role("button", name="Show the warnings")
    expect(badge).to_have_text("1 warning", timeout=15_000)
    badge.click()
    panel = page.locator("#mlcareer-build-problems")
    expect(panel).to_contain_text("content/second.md:16:")
    expect(panel).to_contain_text("link 'gon.md'")
    page.get_by_role("button", name="Close until the next rebuild").click()
    expect(panel).to_have_count(0)


def test_a_tab_reloads_when_the_site_was_rebuilt_while_it_loaded(
    page: Page, tmp_path: Path
) -> None:
    """The page is served, then a save rebuilds the site before the tab's event stream is
    open. Its first event then already tells of the new site: the tab took that version as
    its own and never reloaded (it showed the old page until the next save)."""
    project = make_project(tmp_path / "mini")
    serving = Serving(project)
    try:
        held: list[Route] = []
        page.route("**/__mlcareer/events", lambda route: held.append(route))
        page.goto(serving.url + "second.html")
        expect(page.locator("article.page")).to_be_visible()
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the page never opened its event stream"
        second = project / "content" / "second.md"
        second.write_text(second.read_text() + "\nRebuilt while loading.\n")
        assert wait_for(
            lambda: "Rebuilt while loading" in serving.get(serving.base + "second.html")[1], 10
        )
        held[0].continue_()
        expect(page.locator("article.page")).to_contain_text(
            "Rebuilt while loading", timeout=10_000
        )
    finally:
        serving.stop()


def test_an_edit_inside_main_is_swapped_in_and_the_reader_keeps_their_place(
    page: Page, tmp_path: Path
) -> None:
    """A Markdown edit changes only the page's <main>: the tab swaps the new one in, with no
    reload (what the page's scripts hold is still there) and at the same scroll position."""
    project = make_project(tmp_path / "mini")
    second = project / "content" / "second.md"
    second.write_text(second.read_text() + "".join(f"\nFiller {n}.\n" for n in range(80)))
    serving = Serving(project)
    try:
        page.set_viewport_size({"width": 800, "height": 400})
        page.goto(serving.url + "second.html")
        expect(page.locator("article.page")).to_contain_text("Filler 79.")
        page.wait_for_timeout(300)  # the event stream connects
        page.evaluate("() => { window.sameDocument = true; window.scrollTo(0, 600); }")
        second.write_text(second.read_text().replace("Filler 40.", "Swapped in, not reloaded."))
        expect(page.locator("main")).to_contain_text("Swapped in, not reloaded.", timeout=10_000)
        assert page.evaluate("() => window.sameDocument") is True
        assert page.evaluate("() => window.scrollY") == 600
        # The swapped page knows its new version: the next edit is swapped in as well.
        second.write_text(second.read_text().replace("Filler 41.", "And again."))
        expect(page.locator("main")).to_contain_text("And again.", timeout=10_000)
        assert page.evaluate("() => window.sameDocument") is True
        expect(page.locator("main")).to_have_count(1)
    finally:
        serving.stop()


def test_a_page_whose_outside_of_main_changed_reloads_whole(page: Page, tmp_path: Path) -> None:
    """A new title changes the head and the navigation: only a reload shows it right."""
    project = make_project(tmp_path / "mini")
    serving = Serving(project)
    try:
        page.goto(serving.url + "second.html")
        expect(page.locator("article.page")).to_be_visible()
        page.wait_for_timeout(300)
        page.evaluate("() => { window.sameDocument = true; }")
        second = project / "content" / "second.md"
        second.write_text(second.read_text().replace("title: Second page", "title: Renamed page"))
        expect(page).to_have_title(re.compile("Renamed page"), timeout=10_000)
        assert page.evaluate("() => window.sameDocument") is None
    finally:
        serving.stop()


def test_a_chart_page_is_swapped_in_and_its_new_charts_draw(page: Page, repo_copy: Path) -> None:
    """charts.js hears that <main> was swapped and draws the new charts."""
    serving = Serving(repo_copy)
    try:
        page.goto(serving.url + "salaries.html")
        page.mouse.move(5, 5)  # charts wait for the reader's first interaction
        plot = page.locator(".chart-plot").first
        plot.scroll_into_view_if_needed()
        expect(plot).to_have_attribute("data-drawn", "yes", timeout=20_000)
        page.evaluate("() => { window.sameDocument = true; }")
        salaries = repo_copy / "content" / "salaries.md"
        salaries.write_text(salaries.read_text().replace("Pay figures", "Swapped: pay figures"))
        expect(page.locator("main")).to_contain_text("Swapped: pay figures", timeout=10_000)
        assert page.evaluate("() => window.sameDocument") is True
        plot = page.locator(".chart-plot").first
        plot.scroll_into_view_if_needed()
        expect(plot).to_have_attribute("data-drawn", "yes", timeout=20_000)
        expect(plot.locator("svg.main-svg").first).to_be_attached()
    finally:
        serving.stop()


@pytest.mark.parametrize("page_name", ["roadmap", "salaries"])
def test_a_page_with_a_script_not_marked_swap_safe_reloads_whole(
    page: Page, repo_copy: Path, page_name: str
) -> None:
    """The progress tools' script (roadmap) is not marked swap-safe, nor is a script an
    editor adds to the layout (salaries): what they set up in <main> would be lost, so the
    tab reloads, and the page works as after any load."""
    base = repo_copy / "templates" / "base.html"
    if page_name == "salaries":
        base.write_text(
            base.read_text().replace(
                "</body>",
                "<script>document.querySelector('main').dataset.custom = 'set';</script>\n</body>",
            )
        )
    serving = Serving(repo_copy)
    try:
        page.goto(serving.url + f"{page_name}.html")
        expect(page.locator("article.page")).to_be_visible()
        page.wait_for_timeout(300)
        page.evaluate("() => { window.sameDocument = true; }")
        source = repo_copy / "content" / f"{page_name}.md"
        text = source.read_text()
        first = text.split("---\n", 2)[2].split("\n", 1)[0]
        source.write_text(text.replace(first, "Reloaded. " + first, 1))
        expect(page.locator("main")).to_contain_text("Reloaded.", timeout=10_000)
        assert page.evaluate("() => window.sameDocument") is None
        if page_name == "salaries":
            expect(page.locator("main")).to_have_attribute("data-custom", "set")
        else:
            expect(page.locator("[data-progress-id]").first).to_have_attribute(
                "data-state", "not_started"
            )
    finally:
        serving.stop()
