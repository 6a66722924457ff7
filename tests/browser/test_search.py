"""Site search in Chromium: the / key, ranking, keyboard, highlighting and file:// use."""

from __future__ import annotations

from pathlib import Path

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
