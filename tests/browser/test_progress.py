"""Reader progress and self-assessment in a real browser: stored, exported, imported, reset,
never corrupted by a hostile file, and working from file:// as well as over HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

TOPICS = ["topic:python", "topic:sql", "topic:linear-algebra"]


def root(where: str, base_url: str, site_dir: Path) -> str:
    return base_url if where == "http" else site_dir.as_uri() + "/"


def states(page: Page) -> dict[str, str]:
    return page.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('[data-progress-id]'))"
        ".map(b => [b.dataset.progressId, b.getAttribute('aria-checked')]))"
    )


@pytest.mark.parametrize("where", ["http", "file"])
def test_ticked_topics_survive_a_reload(
    page: Page, base_url: str, site_dir: Path, where: str
) -> None:
    page.goto(root(where, base_url, site_dir) + "roadmap.html")
    page.click(f'[data-progress-id="{TOPICS[0]}"]')
    page.click(f'[data-progress-id="{TOPICS[0]}"]')
    page.focus(f'[data-progress-id="{TOPICS[1]}"]')
    page.keyboard.press("Space")
    page.click(f'[data-progress-id="{TOPICS[2]}"]')
    assert page.locator("[data-progress-status]").inner_text().endswith("In progress")
    page.reload()
    found = states(page)
    assert [found[t] for t in TOPICS] == ["true", "mixed", "mixed"]
    assert page.locator('[data-progress-count="all"]').inner_text().startswith("1 / ")
    page.goto(root(where, base_url, site_dir) + "index.html")
    link = page.locator("[data-progress-continue] a")
    assert link.is_visible()
    assert link.get_attribute("href") == "roadmap.html#topic-linear-algebra"


def test_export_reset_import_restores_the_same_state(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    page.goto(base_url + "roadmap.html")
    for topic in TOPICS:
        page.click(f'[data-progress-id="{topic}"]')
    page.click('[data-progress-id="phase:foundation"]')
    before = states(page)
    with page.expect_download() as download:
        page.click("[data-progress-export]")
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert json.loads(exported.read_text())["items"]["topic:python"] == "in_progress"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-progress-reset]")
    assert set(states(page).values()) == {"false"}
    page.set_input_files("[data-progress-import]", str(exported))
    page.wait_for_function(
        "document.querySelector('[data-progress-status]').textContent.length > 0"
    )
    assert states(page) == before
    page.reload()
    assert states(page) == before


@pytest.mark.parametrize(
    "content",
    [
        "not json at all",
        '{"format": "mlcareer-progress", "version": 1, "items": {"topic:python": "<img src=x onerror=alert(1)>"}, "skills": {}, "last": null}',
        '{"format": "something-else", "version": 1, "items": {}, "skills": {}, "last": null}',
        "[1, 2, 3]",
        '{"format": "mlcareer-progress", "version": 1, "items": [], "skills": {}, "last": null}',
    ],
)
def test_hostile_or_wrong_import_changes_nothing(
    page: Page, base_url: str, tmp_path: Path, content: str
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base_url + "roadmap.html")
    page.click(f'[data-progress-id="{TOPICS[0]}"]')
    before = states(page)
    stored = page.evaluate("localStorage.getItem('mlcareer-progress')")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    page.set_input_files("[data-progress-import]", str(bad))
    page.wait_for_function(
        "document.querySelector('[data-progress-status]').textContent.includes('nothing was changed')"
    )
    assert states(page) == before
    assert page.evaluate("localStorage.getItem('mlcareer-progress')") == stored
    assert dialogs == []


def test_self_assessment_chart_reflects_the_ratings(page: Page, base_url: str) -> None:
    page.goto(base_url + "skills.html")
    page.select_option("#rate-programming", "intermediate")
    page.select_option("#rate-mlops", "advanced")
    plot = page.locator("[data-assessment-chart]")
    frame = page.locator("[data-assessment] .chart-frame")
    before = frame.bounding_box()
    page.mouse.move(5, 5)
    plot.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('[data-assessment-chart]').dataset.drawn === 'yes'"
    )
    figure = json.loads(page.locator("[data-assessment] script.chart-data").text_content())
    config = json.loads(page.locator("#assessment-config").text_content())
    mine = next(t for t in figure["data"] if t["name"] == config["you"])["x"]
    assert mine[0] == 2 and mine[-1] == 3 and set(mine[1:-1]) == {0}
    # Drawn at the height the page reserved, so nothing below it moved.
    assert before and figure["layout"]["height"] == round(before["height"])
    assert abs(frame.bounding_box()["height"] - before["height"]) <= 1
    assert not page.locator("[data-assessment] .chart-placeholder").is_visible()
    gaps = page.locator("[data-assessment-gaps]").inner_text()
    assert "Programming" in gaps and "MLOps" not in gaps
    page.reload()
    assert page.input_value("#rate-programming") == "intermediate"


def test_self_assessment_chart_shows_a_placeholder_until_it_draws(
    page: Page, base_url: str
) -> None:
    """Not an empty box: until plotly.js draws (after the reader's first interaction) the
    reserved area says what will appear; the ratings table above is the chart's data."""
    page.goto(base_url + "skills.html", wait_until="load")
    page.wait_for_timeout(300)
    placeholder = page.locator("[data-assessment] .chart-placeholder")
    assert page.locator("[data-assessment-chart]").get_attribute("data-drawn") in (None, "pending")
    assert placeholder.is_visible() and placeholder.inner_text().strip()
    assert page.locator("[data-assessment] table select").count() >= 5
