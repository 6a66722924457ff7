"""The guide's content: every salary figure is shown with its source, pages follow the data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from mlcareer_site.build import build_site
from mlcareer_site.filters import format_money, format_money_range

REPO = Path(__file__).resolve().parents[1]


def money(amount: float) -> str:
    return format_money(amount, "$")


def money_range(record: dict) -> str:
    return format_money_range(record, "$")


def html_text(html: str) -> str:
    """Undo the escaping Jinja applies, so formatted values can be searched for."""
    return html.replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", '"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build_site(REPO, out)
    assert result.warnings == []
    return out


def load(name: str, project: Path = REPO) -> dict:
    return yaml.safe_load((project / "data" / f"{name}.yaml").read_text(encoding="utf-8"))


def rows_of(html: str) -> list[str]:
    return re.findall(r"<tr\b.*?</tr>", html, flags=re.S)


def cite_href(source: str) -> str:
    return f'href="sources.html#source-{source}"'


def shown_values(figure: dict) -> list[str]:
    if "p10" in figure:
        return [money(figure[k]) for k in ("p10", "median", "p90")] + [money_range(figure["range"])]
    if figure.get("amount") is not None:
        return [money(figure["amount"])]
    return [money_range(figure["range"])]


def test_every_salary_figure_is_on_the_salaries_page_with_its_cite(built: Path) -> None:
    html = html_text((built / "salaries.html").read_text(encoding="utf-8"))
    rows = rows_of(html)
    salaries = load("salaries")
    figures = salaries["figures"] + salaries["distributions"]
    assert len(figures) >= 20
    for figure in figures:
        for value in shown_values(figure):
            matching = [row for row in rows if value in row]
            assert matching, f"{figure['id']}: {value} is not on the salaries page"
            assert any(cite_href(figure["source"]) in row for row in matching), (
                f"{figure['id']}: {value} is shown without a link to source {figure['source']}"
            )


def test_every_source_has_an_anchor_and_every_cite_resolves(built: Path) -> None:
    sources_html = (built / "sources.html").read_text(encoding="utf-8")
    ids = {s["id"] for s in load("sources")["sources"]}
    for source in ids:
        assert f'id="source-{source}"' in sources_html
    for page in built.glob("*.html"):
        for cited in re.findall(r'href="sources\.html#source-([^"]+)"', page.read_text()):
            assert cited in ids, f"{page.name} cites unknown source {cited}"


def test_changing_a_number_in_the_data_changes_the_page(tmp_path: Path) -> None:
    project = tmp_path / "guide"
    for name in ("content", "data", "templates"):
        shutil.copytree(REPO / name, project / name)
    path = project / "data" / "salaries.yaml"
    text = path.read_text(encoding="utf-8")
    old_line = "    amount: 91849\n"
    assert text.count(old_line) == 1
    path.write_text(text.replace(old_line, "    amount: 93217\n"), encoding="utf-8")
    build_site(project, tmp_path / "out")
    html = (tmp_path / "out" / "salaries.html").read_text(encoding="utf-8")
    assert money(93217) in html
    assert money(91849) not in html


def test_changing_a_timeline_month_changes_the_career_page(tmp_path: Path) -> None:
    project = tmp_path / "guide"
    for name in ("content", "data", "templates"):
        shutil.copytree(REPO / name, project / name)
    path = project / "data" / "career_stages.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      start_month: 24\n      end_month: 48\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "      start_month: 24\n      end_month: 60\n"))
    build_site(project, tmp_path / "out")
    html = (tmp_path / "out" / "career-path.html").read_text(encoding="utf-8")
    assert "2\u20135 years" in html
    assert "2\u20134 years" not in html


def test_every_nav_page_is_built(built: Path) -> None:
    nav = load("site")["nav"]
    assert len(nav) == 14
    for slug in nav:
        page = built / ("index.html" if slug == "index" else f"{slug}.html")
        assert page.is_file(), slug
        assert "<h1>" in page.read_text(encoding="utf-8")


def test_links_from_blocks_point_at_existing_anchors(built: Path) -> None:
    ids = {
        page.name: set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
        for page in built.glob("*.html")
    }
    for page in built.glob("*.html"):
        for target, anchor in re.findall(
            r'href="([a-z0-9-]*\.html)?#([^"]+)"', page.read_text(encoding="utf-8")
        ):
            target = target or page.name
            assert anchor in ids[target], f"{page.name} links to missing {target}#{anchor}"


def test_markdown_holds_no_figures() -> None:
    """Numbers belong in data/: a digit in prose is a figure that escaped its source."""
    for page in (REPO / "content").glob("*.md"):
        body = page.read_text(encoding="utf-8").split("---", 2)[2]
        prose = re.sub(r"\]\([^)]*\)", "]", body)  # link targets may hold digits
        assert not re.search(r"\d", prose), f"{page.name} has a digit in its prose"


def test_block_templates_hold_no_figures() -> None:
    for block in (REPO / "templates" / "blocks").glob("*.html"):
        if block.name == "chart.html":
            continue
        text = re.sub(r"\{[{%#].*?[}%#]\}", "", block.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"<[^>]+>", "", text)
        assert not re.search(r"\d", text), f"{block.name} has a number outside template code"
