"""The guide as a reader meets it: tables that fit, each fact once, every number sourced.

Machine gates (valid HTML, axe-core, Lighthouse) pass on pages that still read badly; these
checks measure what a reader notices, on every built page and ``guide.html``, at a desktop
and a phone width, in both themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .conftest import page_names

VIEWPORTS = {
    "desktop": (1366, 900),
    "phone": (375, 812),
    "laptop": (1024, 768),
    "tablet": (820, 1180),
}
"""The issue's desktop and phone, and two widths between them where a table's box is narrower
than the table at its widest."""
THEMES = ("light", "dark")

TABLES_WIDER_THAN_THEIR_BOX = """() => {
  const viewport = document.documentElement.clientWidth;
  return [...document.querySelectorAll("table")]
    .filter((table) => table.getClientRects().length > 0)
    .map((table) => {
      const box = table.parentElement;
      const right = table.getBoundingClientRect().right;
      return {
        caption: table.caption ? table.caption.textContent.trim() : table.id || "(no caption)",
        width: Math.round(table.scrollWidth),
        box: box.clientWidth,
        right: Math.round(right),
        viewport,
      };
    })
    .filter((t) => t.width > t.box + 1 || t.right > t.viewport + 1);
}"""

TABLE_ROWS = """() => [...document.querySelectorAll("table")].map((table) => ({
  caption: table.caption ? table.caption.textContent.trim() : "",
  rows: [...table.querySelectorAll("tbody tr")].map((row) =>
    [...row.cells].map((cell) => cell.textContent.replace(/\\s+/g, " ").trim()).join(" | ")),
}))"""


@pytest.fixture(scope="module", params=[(v, t) for v in VIEWPORTS for t in THEMES], ids=str)
def reader(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    viewport, theme = request.param
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=theme)
    page = context.new_page()
    yield page
    context.close()


def test_no_table_is_wider_than_its_box(reader: Page, site_dir: Path) -> None:
    """A table that does not fit hides columns: on a desktop it gets the width there is, on a
    phone it reflows into one card per row."""
    too_wide = {}
    for name in page_names(site_dir):
        reader.goto((site_dir / name).as_uri())
        found = reader.evaluate(TABLES_WIDER_THAN_THEIR_BOX)
        if found:
            too_wide[name] = found
    assert too_wide == {}


def test_no_two_tables_on_a_page_hold_the_same_rows(reader: Page, site_dir: Path) -> None:
    """A chart's data is shown once, in one sourced table, not again in a copy beside it
    (nor in a copy that only one screen size or theme shows)."""
    repeated = []
    for name in page_names(site_dir):
        reader.goto((site_dir / name).as_uri())
        tables = [t for t in reader.evaluate(TABLE_ROWS) if len(t["rows"]) >= 2]
        for index, table in enumerate(tables):
            for other in tables[index + 1 :]:
                if set(table["rows"]) == set(other["rows"]):
                    repeated.append((name, table["caption"], other["caption"]))
    assert repeated == []


def test_a_fact_table_lives_on_one_page(page: Page, site_dir: Path) -> None:
    """Across the site (guide.html, the whole guide in one file, aside) no two pages show the
    same table; the other pages link to it."""
    seen: dict[frozenset[str], str] = {}
    repeated = []
    for name in page_names(site_dir):
        if name == "guide.html":
            continue
        page.goto((site_dir / name).as_uri())
        for table in page.evaluate(TABLE_ROWS):
            rows = frozenset(table["rows"])
            if len(rows) < 2:
                continue
            if rows in seen and seen[rows] != name:
                repeated.append((table["caption"], seen[rows], name))
            seen.setdefault(rows, name)
    assert repeated == []


NUMBERS_WITHOUT_A_SOURCE = """() => {
  const article = document.querySelector("article.page");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const missing = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\\d/.test(node.textContent)) continue;
    const holder = node.parentElement.closest("li, p, td, th, dd, figcaption");
    if (!holder || holder.closest("a.cite")) continue;
    if (!holder.querySelector("a.cite") && !holder.closest("li")?.querySelector("a.cite")) {
      missing.push(holder.textContent.replace(/\\s+/g, " ").trim());
    }
  }
  return missing;
}"""


def test_every_number_on_the_home_page_names_its_source(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "index.html").as_uri())
    assert page.evaluate(NUMBERS_WITHOUT_A_SOURCE) == []
    # The check does see numbers: the headline figures are there, each with its source.
    cards = page.locator(".glance-card")
    assert cards.count() >= 3
    for index in range(cards.count()):
        card = cards.nth(index)
        assert re.search(r"\d", card.locator(".glance-value").inner_text())
        assert card.locator("a.cite").count() == 1


def test_the_number_check_catches_an_unsourced_number(page: Page, site_dir: Path) -> None:
    """The home page check above fails for a number without a source beside it."""
    page.goto((site_dir / "index.html").as_uri())
    page.evaluate(
        """() => {
          const p = document.createElement("p");
          p.textContent = "Most newcomers need 42 months.";
          document.querySelector("article.page").append(p);
          document.querySelector(".glance-card a.cite").remove();
        }"""
    )
    missing = page.evaluate(NUMBERS_WITHOUT_A_SOURCE)
    assert "Most newcomers need 42 months." in missing
    assert len(missing) >= 2


def test_phone_checkboxes_sit_beside_their_topic(phone: Page, base_url: str) -> None:
    """A long roadmap topic wraps beside its checkbox, never on a line of its own below it."""
    phone.goto(base_url + "roadmap.html")
    offsets = phone.evaluate(
        """() => [...document.querySelectorAll(".topics li")].map((li) => {
          const box = li.querySelector(".progress-toggle").getBoundingClientRect();
          const text = li.querySelector(".topic-text").getBoundingClientRect();
          return {topic: li.textContent.trim(), gap: text.left - box.right, top: text.top - box.top};
        })"""
    )
    assert len(offsets) > 10
    for offset in offsets:
        assert 0 <= offset["gap"] <= 16 and abs(offset["top"]) <= 8, offset


def test_long_pages_offer_an_on_this_page_menu_on_phones(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "skills.html")
    menu = phone.locator(".page-toc-menu details")
    assert menu.is_visible()
    menu.locator("summary").click()
    links = menu.locator("a")
    assert links.count() >= 4
    target = links.nth(links.count() - 1)
    href = target.get_attribute("href")
    assert href and href.startswith("#")
    target.click()
    phone.wait_for_function(f"location.hash === {href!r}")
    assert phone.locator(href).is_visible()


CUT_OFF_AT_THE_RIGHT = """() => {
  const viewport = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if (overflow !== "visible") return true;  // it scrolls or clips inside its own box
    }
    return false;
  };
  return [...document.querySelectorAll("main *, .guide-main *")]
    .filter((el) => el.getClientRects().length > 0)
    .filter((el) => el.getBoundingClientRect().right > viewport + 1 && !clipped(el))
    .map((el) => el.tagName.toLowerCase() + "." + el.className + ": "
      + el.textContent.trim().slice(0, 40));
}"""


def test_nothing_runs_off_the_right_edge_of_a_phone(phone: Page, site_dir: Path) -> None:
    """The page may not scroll sideways (checked elsewhere), and nothing may be cut off at the
    right edge either: a grid of cards wider than the screen passes the first check."""
    cut_off = {}
    for name in page_names(site_dir):
        phone.goto((site_dir / name).as_uri())
        found = phone.evaluate(CUT_OFF_AT_THE_RIGHT)
        if found:
            cut_off[name] = found[:5]
    assert cut_off == {}
