"""What a reader does: switch the theme (and keep it), open the phone menu with the keyboard."""

from __future__ import annotations

from playwright.sync_api import Browser, Page


def current_theme(page: Page) -> str:
    return page.evaluate(
        "document.documentElement.dataset.theme || "
        "(matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')"
    )


def test_theme_toggle_changes_and_persists_across_reload(page: Page, base_url: str) -> None:
    page.goto(base_url + "salaries.html")
    assert current_theme(page) == "light"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.click(".theme-toggle")
    assert current_theme(page) == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background
    assert page.get_attribute(".theme-toggle", "aria-pressed") == "true"
    page.reload()
    assert current_theme(page) == "dark"
    page.goto(base_url + "index.html")
    assert current_theme(page) == "dark"


def test_theme_is_set_before_first_paint(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    context.add_init_script("localStorage.setItem('mlcareer-theme', 'dark')")
    page = context.new_page()
    seen: list[str] = []
    page.expose_function("report", lambda theme: seen.append(theme))
    page.add_init_script(
        "document.addEventListener('readystatechange', () => {"
        " if (document.readyState === 'interactive') {"
        "  window.report(document.documentElement.dataset.theme || 'unset'); } });"
    )
    page.goto(base_url + "index.html")
    page.wait_for_load_state("load")
    assert seen == ["dark"]
    context.close()


def test_system_dark_preference_is_followed(browser: Browser, base_url: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "index.html")
    assert current_theme(page) == "dark"
    dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.click(".theme-toggle")
    assert current_theme(page) == "light"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != dark_bg
    context.close()


def test_phone_menu_opens_and_closes_with_the_keyboard(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "roadmap.html")
    nav = phone.locator("#site-nav")
    button = phone.locator(".menu-button")
    assert button.is_visible()
    assert not nav.is_visible()
    button.focus()
    phone.keyboard.press("Enter")
    assert nav.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    # The open menu sits below the header (which must not wrap onto several lines), not over it.
    header = phone.locator(".site-header").bounding_box()
    menu = nav.bounding_box()
    assert header is not None and menu is not None
    assert header["height"] < 70, header
    assert menu["y"] >= header["y"] + header["height"] - 1, (header, menu)
    assert phone.evaluate("document.activeElement.closest('#site-nav') !== null")
    phone.keyboard.press("Escape")
    assert not nav.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert nav.is_visible()
    button.click()
    assert not nav.is_visible()


def test_current_page_is_marked_in_navigation(page: Page, base_url: str) -> None:
    page.goto(base_url + "skills.html")
    current = page.locator('#site-nav a[aria-current="page"]')
    assert current.count() == 1
    assert current.get_attribute("href") == "skills.html"


def test_print_hides_navigation_and_shows_chart_data(page: Page, base_url: str) -> None:
    page.goto(base_url + "career-path.html")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not page.locator("#site-nav").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("button:visible").count()
    # The plot is not printed (nor its reserved area); the chart's numbers are, as its one
    # table inside the figure.
    chart = page.locator("figure.chart").first
    assert not chart.locator(".chart-plot").is_visible()
    assert not chart.locator(".chart-frame").is_visible()
    table = chart.locator("table")
    assert table.count() == 1 and table.is_visible()
    assert table.locator("tbody tr").count() >= 5
