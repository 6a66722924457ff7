"""Chart builders: every figure carries the data's numbers, and data text stays inert; each
chart shows exactly one table, the sourced block data/charts.yaml names."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from mlcareer_site.build import build_site, embed_json
from mlcareer_site.charts import CHART_BUILDERS, build_chart
from mlcareer_site.errors import BuildError, Problems
from mlcareer_site.schema import Checker
from mlcareer_site.schemas import CHARTS
from mlcareer_site.sources import Site, site_of
from mlcareer_site.yamlfile import parse_yaml

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    site = site_of(REPO)
    assert isinstance(site, Site), site
    return site.data


def numbers_in(figure: dict[str, Any]) -> set[float]:
    """Every number the traces of a figure plot (x, y, base)."""
    found: set[float] = set()
    for trace in figure["data"]:
        for key in ("x", "y", "base"):
            for value in trace.get(key) or []:
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    found.add(value)
    return found


def test_every_chart_in_the_text_file_has_a_builder(data: dict[str, Any]) -> None:
    described = {chart["id"] for chart in data["charts"]["charts"]}
    assert described == set(CHART_BUILDERS)


@pytest.mark.parametrize("name", sorted(CHART_BUILDERS))
def test_each_chart_builds_and_names_an_existing_table_block(
    data: dict[str, Any], name: str
) -> None:
    chart = build_chart(name, data)
    assert chart.figure["data"], name
    assert chart.height >= 250
    assert chart.meta["title"] and chart.meta["caption"]
    assert (REPO / "templates" / "blocks" / f"{chart.table_block}.html").is_file()


@pytest.mark.parametrize("name", sorted(CHART_BUILDERS))
def test_each_figure_and_its_phone_layout_follow_plotlys_schema(
    data: dict[str, Any], name: str
) -> None:
    """Builders write plain data, so a misspelt field or a wrong value would reach the
    reader's browser unchecked: Plotly's own Python objects check every field here."""
    import plotly.graph_objects as go

    chart = build_chart(name, data)
    figure = go.Figure(data=chart.figure["data"], layout=chart.figure["layout"])
    assert len(figure.data) == len(chart.figure["data"])
    go.Layout(chart.figure.get("narrow", {}))


def test_the_schema_check_catches_a_misspelt_field(data: dict[str, Any]) -> None:
    import plotly.graph_objects as go

    chart = build_chart("skill-levels", data)
    broken = {**chart.figure["data"][0], "textpositon": "inside"}
    with pytest.raises(ValueError, match="textpositon"):
        go.Figure(data=[broken], layout=chart.figure["layout"])


@pytest.mark.parametrize("name", sorted(CHART_BUILDERS))
def test_the_narrow_layout_keeps_the_reserved_height(data: dict[str, Any], name: str) -> None:
    """The page reserves the figure's height before it draws; a phone layout must not
    change it, or the page would jump when the chart draws."""
    narrow = build_chart(name, data).figure.get("narrow", {})
    assert "height" not in narrow
    assert set(narrow) <= {"xaxis", "yaxis", "legend", "margin", "annotations"}


def test_salary_ranges_carry_every_range_figure(data: dict[str, Any]) -> None:
    figure = build_chart("salary-ranges", data).figure
    bars = [t for t in figure["data"] if t["type"] == "bar"]
    plotted = {(b, b + x) for t in bars for b, x in zip(t["base"], t["x"], strict=True)}
    for f in data["salaries"]["figures"]:
        if f["range"] is not None and f["range"]["max"] is not None:
            assert (f["range"]["min"], f["range"]["max"]) in plotted, f["id"]


def test_changing_a_number_changes_the_figure(data: dict[str, Any]) -> None:
    changed = copy.deepcopy(data)
    changed["salaries"]["distributions"][0]["median"] = 123_456
    before = numbers_in(build_chart("ai-vs-ml-pay", data).figure)
    after = numbers_in(build_chart("ai-vs-ml-pay", changed).figure)
    assert 123_456 in after and 123_456 not in before

    changed["career_stages"]["timeline"]["stages"][-1]["end_month"] = 60
    timeline = build_chart("career-timeline", changed).figure
    last = timeline["data"][0]
    assert last["base"][-1] + last["x"][-1] == 60

    changed["roadmap"]["plan"]["phases"][0]["end_month"] = 2
    plan = build_chart("learning-plan", changed).figure["data"][0]
    assert plan["x"][0] == 2

    changed["market"]["projections"][0]["value_usd_billions"] = 31.5
    assert 31.5 in numbers_in(build_chart("market-size", changed).figure)


def test_skill_levels_follow_the_level_ranks(data: dict[str, Any]) -> None:
    figure = build_chart("skill-levels", data).figure
    ranks = {level["id"]: level["rank"] for level in data["skills"]["levels"]}
    expected = [ranks[row["level"]] for row in data["skills"]["matrix"]["rows"]]
    assert figure["data"][0]["x"] == expected


def test_open_ended_tops_are_marked(data: dict[str, Any]) -> None:
    figure = build_chart("career-ladder", data).figure
    open_rungs = [
        r
        for r in data["career_stages"]["ladder"]["rungs"]
        if {f["id"]: f for f in data["salaries"]["figures"]}[r["salary"]]["range"]["open_ended"]
    ]
    markers = [t for t in figure["data"] if t["type"] == "scatter"]
    assert len(markers) == (1 if open_rungs else 0)
    if open_rungs:
        assert len(markers[0]["y"]) == len(open_rungs)


def test_hostile_label_cannot_escape_script_or_become_markup(data: dict[str, Any]) -> None:
    hostile = "</script><img src=x onerror=alert(1)>\"'&"
    changed = copy.deepcopy(data)
    changed["market"]["industries"]["rows"][0]["name"] = hostile
    chart = build_chart("industry-demand", changed)
    labels = [y for trace in chart.figure["data"] for y in trace["y"]]
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;\"'&amp;" in labels
    embedded = str(embed_json(chart.figure))
    assert "</script" not in embedded.lower() and "<img" not in embedded


def test_chart_pages_load_plotly_and_others_do_not(tmp_path: Path) -> None:
    build_site(REPO, tmp_path / "site")
    pages = {p.name: p.read_text() for p in (tmp_path / "site").glob("*.html")}
    with_charts = [n for n, html in pages.items() if 'class="chart-plot"' in html]
    assert with_charts
    for name, html in pages.items():
        assert ('src="assets/charts.js"' in html) == (name in with_charts), name
        assert "plotly.min.js" not in html or name in with_charts
    assert (tmp_path / "site" / "assets" / "plotly.min.js").is_file()


def test_shipped_plotly_bundle_matches_the_python_package_version() -> None:
    import re

    import plotly

    def version(path: Path) -> str:
        match = re.search(r"v(\d+\.\d+)\.\d+", path.read_text(errors="replace")[:300])
        assert match, path
        return match.group(1)

    package_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert version(REPO / "templates" / "assets" / "plotly.min.js") == version(package_js)


FIGURE = re.compile(r'<figure class="chart" id="chart-([^"]+)">(.*?)</figure>', re.DOTALL)
CAPTION = re.compile(r"<caption>(.*?)</caption>", re.DOTALL)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("charts") / "site"
    build_site(REPO, out)
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}


def test_every_chart_figure_holds_exactly_one_table(built: dict[str, str]) -> None:
    """One table per chart: no stand-in copy in the plot area, no second copy in a
    <details>, and not the same sourced table again after the figure."""
    figures = [(page, m) for page, html in built.items() for m in FIGURE.finditer(html)]
    assert {m.group(1) for _, m in figures} == set(CHART_BUILDERS)
    for page, match in figures:
        inside = match.group(2)
        assert inside.count("<table") == 1, (page, match.group(1))
        assert "<details" not in inside and "chart-preview" not in inside
        caption = CAPTION.search(inside)
        assert caption, (page, match.group(1))
        assert built[page].count(caption.group(0)) == 1, (page, caption.group(1))


def test_the_plot_area_reserves_the_figures_height(built: dict[str, str]) -> None:
    for html in built.values():
        for match in FIGURE.finditer(html):
            frame = re.search(r'class="chart-frame" style="height: (\d+)px"', match.group(2))
            figure = re.search(r'class="chart-data">(.*?)</script>', match.group(2), re.DOTALL)
            assert frame and figure
            assert f'"height":{frame.group(1)},' in figure.group(1)
            assert 'class="chart-placeholder"' in match.group(2)


def check_charts_file(text: str) -> list[str]:
    problems = Problems()
    checker = Checker(problems)
    checker.document = parse_yaml(text, "data/charts.yaml")
    CHARTS.check(checker.document.value, (), checker)
    return [p.format() for p in problems.errors]


def test_a_chart_must_name_its_table_as_a_block_name() -> None:
    good = "charts:\n  - {id: a, title: T, caption: C, table: salary-by-level}\n"
    assert check_charts_file(good) == []
    missing = check_charts_file("charts:\n  - {id: a, title: T, caption: C}\n")
    assert missing == ["data/charts.yaml:2:5: charts[0]: missing required key 'table'"]
    escaping = check_charts_file("charts:\n  - {id: a, title: T, caption: C, table: ../base}\n")
    assert len(escaping) == 1 and "charts[0].table" in escaping[0]


def test_a_table_block_that_does_not_exist_fails_the_build(repo_copy: Path) -> None:
    charts = repo_copy / "data" / "charts.yaml"
    charts.write_text(charts.read_text().replace("table: skills-matrix", "table: skills-matrx"))
    with pytest.raises(BuildError) as caught:
        build_site(repo_copy, repo_copy / "build")
    messages = [p.format() for p in caught.value.problems]
    line = charts.read_text().splitlines().index("    table: skills-matrx") + 1
    assert messages == [
        f"data/charts.yaml:{line}:12: charts[7].table: no block template"
        " 'templates/blocks/skills-matrx.html'; did you mean 'skills-matrix'?"
    ]
