"""`serve` in a real browser: started on a broken project, it shows every problem and reloads
by itself once the project is fixed; warnings show as a badge that can be closed (issue 17)."""

from __future__ import annotations

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
