"""Every built page and guide.html printed to A4 PDF by Chromium, in the light and the dark
theme: no near-empty page but the last, the light palette on paper, no controls, no table
wider than the paper."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

# A printed page with fewer non-space characters than this is "almost empty": what the
# blank pages of tables and figures kept whole held (a chart title alone, ~45; guide.html's
# page with only the cite "ML Jobs Guide", 11; a contents column, ~60), or a heading and a line
# (~100). A full A4 page of this guide holds 1,000-2,500, its sparsest real pages (short list
# items, a section pushed whole to the next page) ~500; 150 is under two lines of body text,
# well clear of both.
MIN_CHARS = 150

# What a reader must not see on paper: buttons (theme, search, menu, progress checkboxes,
# export, import, reset), file inputs, disclosure toggles ("On this page"), Plotly's toolbar,
# the skip link.
CONTROLS = (
    'button, input, summary, [role="button"], [role="checkbox"], .modebar-container, .skip-link'
)

VISIBLE_CONTROLS = """sel => Array.from(document.querySelectorAll(sel))
  .filter(el => el.checkVisibility())
  .map(el => el.outerHTML.slice(0, 120))"""

# A select is shown as its chosen value in plain text (a skill rating): no box, no arrow.
SELECTS_WITH_CHROME = """() => Array.from(document.querySelectorAll('select'))
  .filter(el => el.checkVisibility())
  .filter(el => { const s = getComputedStyle(el);
    return s.appearance !== 'none' || parseFloat(s.borderTopWidth) > 0; })
  .map(el => el.id)"""

# The content width of the printed page: A4 less the side margins of site.css's @page rule.
PRINT_WIDTH = """() => {
  const mm = 96 / 25.4, rules = [];
  const walk = list => { for (const r of list) { if (r.cssRules) walk(r.cssRules);
    if (r instanceof CSSPageRule) rules.push(r); } };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);  // the site's own: same origin
  const px = v => v.endsWith('mm') ? parseFloat(v) * mm : parseFloat(v) || 0;
  const page = rules.at(-1);
  return Math.floor(210 * mm - (page ? px(page.style.marginLeft) + px(page.style.marginRight) : 0));
}"""

# Elements that stick out of the printed page's width, which the paper would cut off.
TOO_WIDE = """width => Array.from(document.querySelectorAll('main *, .guide-offline *'))
  .filter(el => el.checkVisibility() && el.getBoundingClientRect().right > width + 1)
  .map(el => el.tagName.toLowerCase() + ' ' + (el.textContent || '').trim().slice(0, 60))
  .slice(0, 5)"""

# The texts of what must not end a printed page: headings, table captions, a roadmap topic
# group's title, a term of a definition list (each is kept with what follows it).
HEADINGS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, caption, .topic-group-title, dt'))
  .filter(el => el.checkVisibility())
  .map(el => el.textContent.replace(/\\s+/g, ' ').trim())"""

# Colours of the parts of a table (and the page behind it) as printed.
TABLE_COLOURS = """() => {
  const style = sel => { const el = document.querySelector(sel);
    if (!el) return null; const s = getComputedStyle(el);
    return {color: s.color, background: s.backgroundColor, border: s.borderTopColor}; };
  return {body: style('body'), wrap: style('.table-wrap'), caption: style('caption'),
          th: style('thead th'), row_th: style('tbody th'), td: style('tbody td')};
}"""


def printed_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext ends every page with a form feed)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def luminance(css_colour: str) -> float:
    """Relative luminance (0 black to 1 white) of an rgb()/rgba() colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def transparent(css_colour: str) -> bool:
    return css_colour == "transparent" or css_colour.replace(" ", "").endswith(",0)")


def themed_context(browser: Browser, theme: str) -> BrowserContext:
    """light: no preference, nothing stored. system: the system prefers dark. stored: the
    reader chose dark with the toggle (localStorage). dark: both."""
    dark_system = theme in ("system", "dark")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="dark" if dark_system else "light"
    )
    if theme in ("stored", "dark"):
        context.add_init_script("localStorage.setItem('mlcareer-theme', 'dark')")
    return context


@pytest.fixture(scope="module")
def pdftotext() -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: scripts/test.sh installs poppler-utils")


def open_for_print(page: Page, url: str) -> None:
    page.emulate_media(media="screen")
    page.goto(url)
    page.emulate_media(media="print")


def palette_problems(page: Page, name: str) -> list[str]:
    """What of a table, printed from the dark theme, is not as printed from the light one, or
    not dark text on a light background. The light reference is the same page switched to
    the light theme (data-theme="light" overrides both the stored and the system choice)."""
    printed = page.evaluate(TABLE_COLOURS)
    theme = page.evaluate("document.documentElement.dataset.theme || ''")
    page.evaluate("document.documentElement.dataset.theme = 'light'")
    light = page.evaluate(TABLE_COLOURS)
    page.evaluate("t => { document.documentElement.dataset.theme = t }", theme)
    problems = [] if printed == light else [f"{name}: dark print {printed} != light {light}"]
    for part, colours in printed.items():
        if colours is None:
            continue
        if luminance(colours["color"]) > 0.2:
            problems.append(f"{name} {part}: pale text {colours}")
        if not transparent(colours["background"]) and luminance(colours["background"]) < 0.75:
            problems.append(f"{name} {part}: dark background {colours}")
    return problems


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_printed_page_holds_text_and_no_controls(
    browser: Browser, base_url: str, site_dir: Path, tmp_path: Path, theme: str, pdftotext: None
) -> None:
    names = sorted(p.name for p in site_dir.glob("*.html"))
    assert "guide.html" in names and len(names) >= 10
    context = themed_context(browser, theme)
    page = context.new_page()
    near_empty: list[str] = []
    controls: dict[str, list[str]] = {}
    chrome: dict[str, list[str]] = {}
    too_wide: dict[str, list[str]] = {}
    stranded: list[str] = []
    palette: list[str] = []
    counts: dict[str, list[int]] = {}
    for name in names:
        page.emulate_media(media="screen")
        page.goto(base_url + name)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (luminance(background) < 0.1) == (theme == "dark"), f"{name}: {background}"
        page.emulate_media(media="print")
        palette += palette_problems(page, name)
        if shown := page.evaluate(VISIBLE_CONTROLS, CONTROLS):
            controls[name] = shown
        if boxed := page.evaluate(SELECTS_WITH_CHROME):
            chrome[name] = boxed
        headings = set(page.evaluate(HEADINGS))
        pdf = tmp_path / f"{name}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        pages = printed_pages(pdf)
        counts[name] = [len("".join(text.split())) for text in pages]
        for number, text in enumerate(pages[:-1], start=1):
            if (chars := counts[name][number - 1]) < MIN_CHARS:
                near_empty.append(f"{name} page {number}/{len(pages)}: {chars} chars {text!r}")
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if lines and lines[-1] in headings:
                stranded.append(f"{name} page {number}/{len(pages)} ends with {lines[-1]!r}")
        # The same page laid out at the printed width: nothing may be cut off at its edge.
        width = page.evaluate(PRINT_WIDTH)
        page.set_viewport_size({"width": width, "height": 900})
        if wide := page.evaluate(TOO_WIDE, width):
            too_wide[name] = wide
        page.set_viewport_size({"width": 1280, "height": 900})
    context.close()
    assert not palette, f"printed colours ({theme}): {palette}"
    assert not stranded, f"headings left at the foot of a page ({theme}): {stranded}"
    assert not near_empty, f"near-empty printed pages ({theme}): {near_empty}; all: {counts}"
    assert not controls, f"controls printed ({theme}): {controls}"
    assert not chrome, f"selects printed as controls ({theme}): {chrome}"
    assert not too_wide, f"wider than the printed page ({theme}): {too_wide}"


@pytest.mark.parametrize("dark", ["system", "stored"])
def test_print_uses_the_light_palette_whichever_way_dark_was_chosen(
    browser: Browser, base_url: str, site_dir: Path, dark: str
) -> None:
    """The system's preference and the reader's stored choice each on their own (the test
    above has both): every page with a table prints it dark on light."""
    names = [p.name for p in sorted(site_dir.glob("*.html")) if "<table" in p.read_text("utf-8")]
    assert names
    context = themed_context(browser, dark)
    page = context.new_page()
    problems: list[str] = []
    for name in names:
        page.emulate_media(media="screen")
        page.goto(base_url + name)
        # On screen the dark theme is on (guide.html, a page without scripts, follows the
        # system's preference only, not the choice stored by the toggle).
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        if dark == "system" or page.locator(".theme-toggle").count():
            assert luminance(background) < 0.1, f"{name} ({dark}) is not dark on screen"
        page.emulate_media(media="print")
        problems += palette_problems(page, name)
    context.close()
    assert not problems, f"printed colours ({dark}): {problems}"
