"""The offline copy: the whole guide in one file, with unique ids, no script, working links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlcareer_site.anchors import HEADING, heading_text
from mlcareer_site.build import build_site
from mlcareer_site.offline import PERMALINK, rewrite_url
from mlcareer_site.sources import site_of

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://example.github.io/mlcareer-site/"
ID = re.compile(r'\sid="([^"]+)"')
HREF = re.compile(r'\shref="([^"]*)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "site"
    build_site(REPO, out, site_url=SITE_URL)
    return out


@pytest.fixture(scope="module")
def guide(site: Path) -> str:
    return (site / "guide.html").read_text(encoding="utf-8")


def nav_pages() -> list:
    return site_of(REPO).nav


def test_every_page_and_heading_is_in_the_guide_in_nav_order(site: Path, guide: str) -> None:
    positions = []
    guide_headings = {
        heading_text(PERMALINK.sub("", m.group(2)))
        for m in re.finditer(r"<h([2-6])\b[^>]*>(.*?)</h\1>", guide, re.DOTALL)
    }
    for page in nav_pages():
        at = guide.index(f'id="{page.slug}"')
        positions.append(at)
        html = (site / page.url).read_text(encoding="utf-8")
        article = html[html.index("<article") : html.rindex("</article>")]
        # The home page's grid of sections is left out: the file's contents list replaces it.
        article = re.sub(r'<section class="sections".*?</section>', "", article, flags=re.DOTALL)
        for match in HEADING.finditer(article):
            ids = ID.findall(match.group(2))
            text = heading_text(PERMALINK.sub("", match.group(3)))
            assert text in guide_headings, (page.slug, text)
            for heading_id in ids:
                assert f'id="{page.slug}--{heading_id}"' in guide
    assert positions == sorted(positions)


def test_ids_are_unique_and_one_h1(guide: str) -> None:
    ids = ID.findall(guide)
    assert len(ids) == len(set(ids)) > 100
    assert guide.count("<h1") == 1


def test_no_javascript_at_all(guide: str) -> None:
    assert "<script" not in guide.lower()
    assert not re.search(r"\son[a-z]+=", guide)
    assert 'class="chart-plot"' not in guide
    assert 'class="chart-preview' not in guide  # the preview copy of each table is dropped


def test_internal_links_resolve_inside_the_file(site: Path, guide: str) -> None:
    ids = set(ID.findall(guide))
    pages = {p.name for p in site.glob("*.html")}
    for href in HREF.findall(guide):
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert href.startswith(("https://", "http://", "mailto:", "data:")), href
            if href.startswith(SITE_URL):
                target = href[len(SITE_URL) :].split("#")[0]
                assert target not in pages - {"guide.html", ""}, href
                assert not target or (site / target).is_file(), href


def test_the_guide_has_one_table_of_contents(guide: str) -> None:
    """No page's "On this page" menu and no grid of sections beside the file's own contents."""
    assert 'class="page-toc-menu"' not in guide and 'class="sections"' not in guide
    assert guide.count('class="guide-toc"') == 1


def test_each_chart_keeps_its_table_and_no_plot_area(site: Path, guide: str) -> None:
    """The single file draws no charts: each chart's heading, caption and table remain."""
    charts = sum((site / p.url).read_text().count('<div class="chart-table">') for p in nav_pages())
    assert charts > 0
    assert guide.count('<div class="chart-table">') == charts
    assert 'class="chart-frame"' not in guide and 'class="chart-plot"' not in guide
    assert 'class="chart-placeholder"' not in guide


def test_stylesheet_is_inline_and_the_footer_links_the_guide(site: Path, guide: str) -> None:
    assert "<style>" in guide and "--accent" in guide and '<link rel="stylesheet"' not in guide
    assert "@media print" in guide
    assert 'href="guide.html"' in (site / "index.html").read_text()
    assert f'<link rel="canonical" href="{SITE_URL}guide.html">' in guide


def test_rewrite_url() -> None:
    slugs = {"skills.html": "skills", "index.html": "index"}
    assert rewrite_url("skills.html#pytorch", "roles", slugs, None) == "#skills--pytorch"
    assert rewrite_url("skills.html", "roles", slugs, None) == "#skills"
    assert rewrite_url("#x", "roles", slugs, None) == "#roles--x"
    assert rewrite_url("data/a.json", "roles", slugs, SITE_URL) == SITE_URL + "data/a.json"
    assert rewrite_url("data/a.json", "roles", slugs, None) == "data/a.json"
    assert rewrite_url("https://example.com/x.html", "roles", slugs, None) == (
        "https://example.com/x.html"
    )


def test_mini_guide_gets_an_offline_copy_too(mini_project: Path) -> None:
    build_site(mini_project)
    guide = (mini_project / "build" / "guide.html").read_text()
    assert 'href="#second--details"' in guide  # [details](second.md#details) on the index
    assert 'id="second--details"' in guide
