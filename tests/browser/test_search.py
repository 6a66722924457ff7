"""Site search in Chromium: the / key, ranking, keyboard, highlighting and file:// use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect


def open_search(page: Page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.locator("main").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    expect(page.locator("#search-dialog")).to_be_visible()
    expect(page.locator(".search-input")).to_be_focused()


def result_urls(page: Page) -> list[str]:
    return page.locator(".search-result").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )


def test_pytorch_finds_the_skills_page_and_enter_opens_it(page: Page, base_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_search(page, base_url + "index.html")
    page.keyboard.type("PyTorch")
    expect(page.locator(".search-result").first).to_be_visible()
    urls = result_urls(page)
    assert any(url.startswith("skills.html#") for url in urls)
    assert urls[0].startswith("skills.html#")  # a title match ranks first
    marks = page.locator(".search-result mark").all_inner_texts()
    assert marks and all(m.lower().startswith("pytorch") for m in marks)
    assert "results" in page.locator(".search-status").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**/skills.html#*")
    fragment = page.url.split("#", 1)[1]
    assert page.locator(f"[id='{fragment}']").count() == 1
    assert errors == []


def test_arrow_keys_move_through_results(page: Page, base_url: str) -> None:
    open_search(page, base_url + "roles.html")
    page.keyboard.type("system design")
    expect(page.locator(".search-result").first).to_be_visible()
    assert any(url.startswith("interviews.html#") for url in result_urls(page))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == result_urls(page)[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator(".search-input")).to_be_focused()
    interviews = page.locator(".search-result[href^='interviews.html#']").first
    interviews.focus()
    href = interviews.get_attribute("href") or ""
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + href)
    assert page.locator(f"[id='{href.split('#')[1]}']").count() == 1


def test_search_works_from_file_urls(page: Page, site_dir: Path) -> None:
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    open_search(page, (site_dir / "index.html").as_uri())
    page.keyboard.type("pytorch")
    expect(page.locator(".search-result").first).to_be_visible()
    assert any(url.startswith("skills.html#") for url in result_urls(page))
    assert errors == []


def test_escape_closes_and_returns_focus(page: Page, base_url: str) -> None:
    page.goto(base_url + "salaries.html", wait_until="load")
    button = page.locator(".search-button")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#search-dialog")).to_be_visible()
    page.keyboard.type("zzzqqq")
    expect(page.locator(".search-status")).to_contain_text("zzzqqq")
    assert page.locator(".search-result").count() == 0
    page.keyboard.press("Escape")
    expect(page.locator("#search-dialog")).to_be_hidden()
    expect(button).to_be_focused()


def test_slash_in_a_text_field_types_a_slash(page: Page, base_url: str) -> None:
    open_search(page, base_url + "index.html")
    page.keyboard.type("ml/ai")
    expect(page.locator(".search-input")).to_have_value("ml/ai")


def test_every_query_word_must_match(page: Page, base_url: str) -> None:
    open_search(page, base_url + "index.html")
    page.keyboard.type("pytorch zzzqqq")
    expect(page.locator(".search-status")).to_contain_text("zzzqqq")
    assert page.locator(".search-result").count() == 0


RESULTS_JS = """els => els.map(a => ({
    href: a.getAttribute('href'),
    title: a.querySelector('.search-result-title').textContent,
    titleMarks: Array.from(a.querySelectorAll('.search-result-title mark'), m => m.textContent),
    marks: Array.from(a.querySelectorAll('mark'), m => m.textContent),
    text: a.textContent,
}))"""
SEARCHED_JS = """() => {
    const dialog = document.getElementById('search-dialog');
    const status = dialog.querySelector('.search-status').textContent;
    return status !== '' && status !== dialog.dataset.loading;
}"""
"""True once the index has loaded and the query was searched (the results follow at once)."""
FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def search_for(page: Page, query: str) -> list[dict]:
    """Replace the query and return every shown result (href, title, marks, whole text)."""
    page.locator(".search-input").fill(query)
    page.wait_for_function(SEARCHED_JS)
    return page.locator(".search-result").evaluate_all(RESULTS_JS)


def result_count(page: Page) -> int:
    """The number of results the status line reports (0 when it reports none)."""
    found = re.search(r"\d+", page.locator(".search-status").inner_text())
    return int(found.group()) if found and page.locator(".search-result").count() else 0


def read_index(site_dir: Path) -> dict:
    script = (site_dir / "assets" / "search-index.js").read_text(encoding="utf-8")
    return json.loads(script[script.index("{") : script.rindex("}") + 1])


@pytest.mark.parametrize("typo", ["pytorh", "pytorcch", "pytarch", "pyotrch"])
def test_one_typo_still_finds_pytorch(page: Page, base_url: str, typo: str) -> None:
    """A letter missing, extra, changed or swapped: the skills page's PyTorch comes first."""
    open_search(page, base_url + "index.html")
    found = search_for(page, typo)
    assert found, typo
    assert found[0]["href"].startswith("skills.html#")
    assert found[0]["titleMarks"] == ["PyTorch"]
    assert all(mark.lower() == "pytorch" for r in found for mark in r["marks"])


def test_words_as_typed_rank_above_typos(page: Page, base_url: str) -> None:
    """ "years" matches "year" with one typo, but every entry with "years" itself comes first."""
    open_search(page, base_url + "index.html")
    found = search_for(page, "years")
    exact = [any(m.lower().startswith("years") for m in r["marks"]) for r in found]
    typo_only = [bool(r["marks"]) and all(m.lower() == "year" for m in r["marks"]) for r in found]
    assert any(exact) and any(typo_only)
    assert exact.index(False) > max(i for i, is_exact in enumerate(exact) if is_exact)
    assert all(exact[: exact.index(False)]) and not any(exact[exact.index(False) :])


@pytest.mark.parametrize("query", ["data", "math", "team", "work", "role", "2024"])
def test_short_words_get_no_typos(page: Page, base_url: str, site_dir: Path, query: str) -> None:
    """One edit turns a short word into unrelated ones ("math" into "path"): a word under
    five letters finds exactly the entries holding a word it starts, as typed."""
    index = read_index(site_dir)
    starts = re.compile(rf"(?<![^\W_]){re.escape(query)}")
    fields = ("t", "k", "b")
    expected = sum(
        1
        for e in index["entries"]
        if any(starts.search(e.get(f, "").lower()) for f in fields)
        or starts.search(index["pages"][e["p"]]["t"].lower())
    )
    open_search(page, base_url + "index.html")
    search_for(page, query)
    assert result_count(page) == expected > 0


def test_salaries_page_ranks_first_for_salaries(page: Page, base_url: str) -> None:
    open_search(page, base_url + "index.html")
    found = search_for(page, "salaries")
    assert found[0]["href"].split("#")[0] == "salaries.html"


@pytest.mark.parametrize("query", ["salaries", "skills", "roles", "roadmap", "challenges"])
def test_open_data_rows_come_after_equal_matches(
    page: Page, base_url: str, site_dir: Path, query: str
) -> None:
    """Among results whose title holds the query word as typed (an equal match), the
    open-data page's catalogue rows come after every other result."""
    catalogue = json.loads((site_dir / "data" / "open_data.json").read_text(encoding="utf-8"))
    row_titles = {file["title"] for file in catalogue["files"]}
    open_search(page, base_url + "index.html")
    found = search_for(page, query)
    equal = [r for r in found if any(m.lower().startswith(query) for m in r["titleMarks"])]
    is_row = [r["href"].startswith("open-data.html") and r["title"] in row_titles for r in equal]
    assert not any(is_row) or is_row.index(True) > max(
        (i for i, row in enumerate(is_row) if not row), default=-1
    )
    assert any(is_row) or query != "salaries"  # the row "Salaries" is shown: the test bites


SNIPPET_QUERIES = ["salary", "source", "sources", "roadmap", "article", "junior", "txt", "guide"]


@pytest.mark.parametrize("query", SNIPPET_QUERIES)
def test_results_never_show_source_file_names(page: Page, base_url: str, query: str) -> None:
    """A source shows by its citation label, never by the name of the file it was read from."""
    open_search(page, base_url + "index.html")
    found = search_for(page, query)
    assert found or query == "txt"
    assert [r["text"] for r in found if FILE_NAME.search(r["text"])] == []
