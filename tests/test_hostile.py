"""Text from the data never runs as code in a reader's browser, and any script renders right.

Hostile strings go into data fields of a copy of the real guide that pages and charts show
(a salary figure title, a market industry name, a skills category, a source title). The
built HTML must hold them only escaped; in headless Chromium no dialog may open and the
``window.__pwned`` marker the payloads would set must stay undefined, even after every chart
has drawn the hostile labels and a few bars were hovered. A ``javascript:`` link in a data
link field is a validation error. Last, accents, CJK, emoji and right-to-left text render
verbatim with valid, unique and stable heading anchors, and two builds are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape as markup_escape
from playwright.sync_api import Browser

from mlcareer_site.build import build_site
from mlcareer_site.errors import BuildError

# Where each payload goes: (data file, exact text to replace once, field prefix, payload).
INJECTIONS = [
    (
        "salaries.yaml",
        "    title: Entry-Level\n    range: {min: 85000, max: 130000}",
        "    title: ",
        "</script><script>window.__pwned=1</script> {{ 7*7 }} Entry",
        "\n    range: {min: 85000, max: 130000}",
    ),
    (
        "market.yaml",
        "{id: technology, name: Technology,",
        "{id: technology, name: ",
        "<img src=x onerror=window.__pwned=1> {% raw %} Tech",
        ",",
    ),
    (
        "skills.yaml",
        "      category: Programming\n",
        "      category: ",
        '" onmouseover="window.__pwned=1" x="\'><svg onload=window.__pwned=1>',
        "\n",
    ),
    (
        "sources.yaml",
        "    title: Junior AI/ML Job Market Breakdown\n",
        "    title: ",
        'javascript:alert(1) <img src=x onerror=alert(1)> " onmouseover="alert(1) Breakdown',
        "\n",
    ),
]
PAYLOADS = [payload for *_, payload, _ in INJECTIONS]


def inject(guide: Path) -> None:
    for name, old, prefix, payload, suffix in INJECTIONS:
        path = guide / "data" / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name}: {old!r} is not in the data once"
        # A JSON string is a valid YAML double-quoted scalar: the payload arrives verbatim.
        path.write_text(text.replace(old, prefix + json.dumps(payload) + suffix), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Path(__file__).resolve().parents[1]
    guide = tmp_path_factory.mktemp("hostile") / "guide"
    for name in ("content", "data", "templates"):
        shutil.copytree(repo / name, guide / name)
    inject(guide)
    build_site(guide)
    return guide / "build"


def pages_of(site: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(site.glob("*.html"))}


def outside_scripts(page: str) -> str:
    """The markup outside <script> elements (JSON chart data is checked on its own)."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)


class ElementScan(HTMLParser):
    """Collect what a browser would treat as code: event attributes, URLs, inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.tags: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and re.match(r"\s*(javascript|vbscript|data:text/html)", value, re.I)
            ):
                self.script_urls.append(f"<{tag} {name}={value!r}>")
        kind = dict(attrs).get("type") or "text/javascript"
        self._in_script = tag == "script" and kind in ("text/javascript", "module")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_scripts.append(data)


def escaped(text: str) -> str:
    """The text as Jinja's autoescape writes it."""
    return str(markup_escape(text))


def test_hostile_data_appears_only_escaped(hostile_site: Path) -> None:
    pages = pages_of(hostile_site)
    everything = "\n".join(pages.values())
    for name, page in pages.items():
        scan = ElementScan()
        scan.feed(page)
        assert scan.handlers == [], f"{name}: event handler attributes {scan.handlers}"
        assert scan.script_urls == [], f"{name}: script URLs {scan.script_urls}"
        for script in scan.inline_scripts:
            assert "__pwned" not in script and "alert(" not in script, f"{name}: {script[:200]}"
        assert not re.search(r"<script>\s*(window\.__pwned|alert)", page), name
        assert not re.search(r"<img\b[^>]*\bonerror\s*=", outside_scripts(page), re.I), name
    for payload in PAYLOADS:
        assert escaped(payload) in everything, f"payload never shown (escaped): {payload!r}"
    # Data is data: template syntax in it is shown, never evaluated.
    assert "{{ 7*7 }} Entry" in everything
    assert "49 Entry" not in everything
    assert "{% raw %} Tech" in everything


def test_hostile_labels_reach_the_charts_as_json(hostile_site: Path) -> None:
    """Chart data carries the labels, encoded so that no '<' can close the script element."""
    data = []
    for page in pages_of(hostile_site).values():
        data += re.findall(
            r'<script type="application/json" class="chart-data">(.*?)</script>', page, re.S
        )
    assert data
    joined = "\n".join(data)
    assert "<" not in joined and ">" not in joined
    decoded = [json.loads(chunk) for chunk in data]
    text = json.dumps(decoded, ensure_ascii=False)
    # Plotly reads labels as its own small HTML, so they may arrive HTML-escaped once more.
    for marker in ("onerror=window.__pwned=1", "{{ 7*7 }} Entry"):
        assert marker in text, f"the hostile label {marker!r} did not reach a chart"


def test_javascript_url_in_a_data_link_is_refused(mini_project: Path) -> None:
    path = mini_project / "data" / "sources.yaml"
    path.write_text(
        path.read_text().replace("    summary:", "    url: javascript:alert(1)\n    summary:")
    )
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert [p.format() for p in caught.value.problems] == [
        "data/sources.yaml:6:10: sources[0].url: expected an http:// or https:// address, "
        "got 'javascript:alert(1)'"
    ]
    assert not (mini_project / "build").exists()


# ---------------------------------------------------------------------------------------------
# In the browser
# ---------------------------------------------------------------------------------------------


def affected_pages(site: Path) -> list[str]:
    names = []
    for name, page in pages_of(site).items():
        if any(marker in page for marker in ("__pwned", "onerror=alert", "alert(1)")):
            names.append(name)
    return names


@pytest.mark.browser
def test_no_hostile_string_runs_in_chromium(hostile_site: Path, browser: Browser) -> None:
    pages = affected_pages(hostile_site)
    assert len(pages) >= 3, pages
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        for name in pages:
            page = context.new_page()
            dialogs: list[str] = []
            page.on(
                "dialog",
                lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()),
            )
            page.goto((hostile_site / name).as_uri(), wait_until="load")
            # plotly.js loads once the reader interacts with the page.
            page.mouse.move(5, 5)
            page.mouse.move(40, 40)
            plots = page.locator(".chart-plot")
            for index in range(plots.count()):
                plot = plots.nth(index)
                plot.scroll_into_view_if_needed()
                page.wait_for_function(
                    "plot => plot.dataset.drawn === 'yes'",
                    arg=plot.element_handle(),
                    timeout=15_000,
                )
                box = plot.bounding_box()
                if box:
                    for share in (0.3, 0.5, 0.7):
                        page.mouse.move(
                            box["x"] + box["width"] * share, box["y"] + box["height"] * share
                        )
                        page.wait_for_timeout(50)
                for point in plot.locator(".point path").all()[:3]:
                    point.scroll_into_view_if_needed()
                    point.hover(force=True)
            page.wait_for_timeout(200)
            assert dialogs == [], f"{name}: a dialog opened: {dialogs}"
            assert page.evaluate("typeof window.__pwned") == "undefined", name
            page.close()
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# Unicode
# ---------------------------------------------------------------------------------------------

UNICODE_TITLE = "Ünïcödé café — 日本語 🚀 עברית العربية"
UNICODE_HEADINGS = [
    "Café crème à l’école",
    "日本語の見出し",
    "Emoji 🚀✨ launch",
    "עברית מימין לשמאל",
    "العربية من اليمين",
    "Café crème à l’école",
]
UNICODE_SOURCE = "Ŝource tïtle 中文 🙂 שלום مرحبا"


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_unicode_renders_verbatim_with_stable_anchors(mini_project: Path, tmp_path: Path) -> None:
    body = "Intro 🙂.\n\n" + "".join(f"## {h}\n\nText.\n\n" for h in UNICODE_HEADINGS)
    (mini_project / "content" / "second.md").write_text(
        f"---\ntitle: {UNICODE_TITLE}\ndescription: Descripción 説明 🚀 תיאור وصف\n"
        f"nav_title: Ünï 日本 🚀\n---\n{body}",
        encoding="utf-8",
    )
    sources = mini_project / "data" / "sources.yaml"
    sources.write_text(
        sources.read_text().replace("title: Alpha Article", f"title: {UNICODE_SOURCE}"),
        encoding="utf-8",
    )
    build_site(mini_project, tmp_path / "one")
    build_site(mini_project, tmp_path / "two")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")

    second = (tmp_path / "one" / "second.html").read_text(encoding="utf-8")
    assert f"<h1>{UNICODE_TITLE}</h1>" in second
    assert f"<title>{UNICODE_TITLE}" in second
    assert "Ünï 日本 🚀" in (tmp_path / "one" / "index.html").read_text(encoding="utf-8")
    assert UNICODE_SOURCE in (tmp_path / "one" / "sources.html").read_text(encoding="utf-8")

    headings = re.findall(
        r'<h2 id="([^"]*)">(.*?)<a class="heading-anchor" href="#([^"]*)"', second
    )
    assert [text for _, text, _ in headings] == UNICODE_HEADINGS
    ids = [anchor for anchor, _, _ in headings]
    assert len(set(ids)) == len(ids), ids
    for anchor, _, link in headings:
        assert anchor == link
        assert anchor and not re.search(r"[\s\"'<>&#%]", anchor), anchor
        assert anchor == anchor.lower() or not anchor.isascii(), anchor
    for anchor in ids:
        assert f'href="#{anchor}"' in second.split('class="page-toc-menu"')[1], anchor
    # Every id on the page is unique, including those of the layout.
    all_ids = re.findall(r'\sid="([^"]+)"', second)
    assert len(all_ids) == len(set(all_ids)), sorted(all_ids)
