"""Open data: every data file as JSON equal to the data, tables as CSV, all listed on a page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mlcareer_site.build import build_site
from mlcareer_site.errors import BuildError, Problems
from mlcareer_site.opendata import check_catalogue, is_table, to_csv, to_json
from mlcareer_site.sources import site_of

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("opendata") / "site"
    build_site(REPO, out)
    return out


@pytest.fixture(scope="module")
def data() -> dict:
    return site_of(REPO).data


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_data_file_is_published_as_json_equal_to_the_data(site: Path, data: dict) -> None:
    stems = sorted(p.stem for p in (REPO / "data").glob("*.yaml"))
    assert sorted(p.stem for p in (site / "data").glob("*.json")) == stems
    for stem in stems:
        published = json.loads((site / "data" / f"{stem}.json").read_text(encoding="utf-8"))
        assert published == json.loads(json.dumps(data[stem], default=str)), stem
    site_json = json.loads((site / "data" / "site.json").read_text())
    assert site_json["updated"] == data["site"]["updated"].isoformat()
    salaries = json.loads((site / "data" / "salaries.json").read_text())
    assert list(salaries) == list(data["salaries"])  # the data's own order, not sorted


def test_csv_flattens_ranges_and_keeps_every_row(site: Path, data: dict) -> None:
    figures = data["salaries"]["figures"]
    rows = read_csv(site / "data" / "salaries.figures.csv")
    assert len(rows) == len(figures)
    assert {"range_min", "range_max", "range_open_ended", "amount"} <= set(rows[0])
    assert "range" not in rows[0]
    for row, figure in zip(rows, figures, strict=True):
        assert row["id"] == figure["id"]
        if figure["range"] is not None:
            assert float(row["range_min"]) == figure["range"]["min"]
            assert row["range_open_ended"] == str(figure["range"]["open_ended"]).lower()
        else:
            assert row["range_min"] == row["range_max"] == ""
            assert float(row["amount"]) == figure["amount"]
    matrix = read_csv(site / "data" / "skills.matrix.rows.csv")
    assert [r["category"] for r in matrix] == [
        r["category"] for r in data["skills"]["matrix"]["rows"]
    ]
    assert matrix[0]["technologies"] == "; ".join(
        data["skills"]["matrix"]["rows"][0]["technologies"]
    )
    stages = read_csv(site / "data" / "career_stages.timeline.stages.csv")
    assert list(stages[0])[:4] == ["id", "name", "start_month", "end_month"]


def test_catalogue_lists_every_file_and_only_real_tables(data: dict) -> None:
    catalogue = data["open_data"]["files"]
    assert sorted(entry["id"] for entry in catalogue) == sorted(data)
    for entry in catalogue:
        for table in entry["csv"]:
            node = data[entry["id"]]
            for key in table.split("."):
                node = node[key]
            assert is_table(node), (entry["id"], table)


def test_catalogue_sources_are_the_sources_each_file_cites(data: dict) -> None:
    known = {source["id"] for source in data["sources"]["sources"]}

    def cited(value: object) -> set[str]:
        if isinstance(value, dict):
            found = {v for k, v in value.items() if k == "source" and v in known}
            found |= {s for s in value.get("sources", []) or [] if isinstance(s, str)} & known
            return found.union(*(cited(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(*(cited(v) for v in value))
        return set()

    for entry in data["open_data"]["files"]:
        if entry["id"] != "open_data":
            assert set(entry["sources"]) == cited(data[entry["id"]]), entry["id"]


def test_open_data_page_links_every_file(site: Path, data: dict) -> None:
    html = (site / "open-data.html").read_text()
    for entry in data["open_data"]["files"]:
        assert f'href="data/{entry["id"]}.json"' in html
        assert entry["title"] in html
        for table in entry["csv"]:
            assert f'href="data/{entry["id"]}.{table}.csv"' in html
            assert (site / "data" / f"{entry['id']}.{table}.csv").is_file()
    assert 'href="guide.html"' in html
    assert 'href="sources.html#source-breakdown"' in html  # sources cited with the cite filter
    nav = (site / "index.html").read_text().split('id="site-nav"')[1].split("</nav>")[0]
    assert nav.index("open-data.html") < nav.index("sources.html")


def test_bad_catalogue_entries_are_reported() -> None:
    data = {
        "salaries": {"figures": [{"id": "a", "range": {"min": 1, "max": 2}}], "notes": "text"},
        "site": {},
        "open_data": {
            "files": [
                {"id": "salaries", "csv": ["figures", "notes", "missing.path"]},
                {"id": "nonexistent", "csv": []},
            ]
        },
    }
    problems = Problems()
    check_catalogue(data, problems)
    assert sorted(p.format() for p in problems.errors) == [
        "data/open_data.yaml:1:1: files[0].csv: 'missing.path' in data/salaries.yaml is not a list of records with plain or range fields",
        "data/open_data.yaml:1:1: files[0].csv: 'notes' in data/salaries.yaml is not a list of records with plain or range fields",
        "data/open_data.yaml:1:1: files[1].id: no data file 'nonexistent'",
    ]
    assert [p.format() for p in problems.warnings] == [
        "data/open_data.yaml:1:1: warning: data file 'open_data' is not described",
        "data/open_data.yaml:1:1: warning: data file 'site' is not described",
    ]


def test_a_bad_catalogue_fails_the_build(repo_copy: Path) -> None:
    catalogue = repo_copy / "data" / "open_data.yaml"
    catalogue.write_text(catalogue.read_text().replace("csv: [figures,", "csv: [labels, figures,"))
    with pytest.raises(BuildError) as caught:
        build_site(repo_copy, repo_copy / "build")
    assert "'labels' in data/salaries.yaml is not a list of records" in str(
        [p.format() for p in caught.value.problems]
    )


def test_json_and_csv_are_deterministic() -> None:
    import datetime as dt

    value = {"b": 1, "a": dt.date(2026, 1, 2), "c": ["é", None]}
    assert (
        to_json(value)
        == '{\n  "b": 1,\n  "a": "2026-01-02",\n  "c": [\n    "é",\n    null\n  ]\n}\n'
    )
    rows = [
        {"x": 1, "r": None},
        {"x": 2.5, "r": {"min": 1, "max": None, "open_ended": True}, "y": True},
    ]
    assert to_csv(rows) == "x,r_min,r_max,r_open_ended,y\n1,,,,\n2.5,1,,true,true\n"


def test_mini_guide_without_catalogue_still_publishes_json(mini_project: Path) -> None:
    build_site(mini_project)
    out = mini_project / "build" / "data"
    assert sorted(p.name for p in out.iterdir()) == ["site.json", "sources.json"]


def test_an_unknown_catalogue_id_is_reported_where_it_is_written(repo_copy: Path) -> None:
    """Issue 17: at the id's own line and column, with did-you-mean, not at 1:1."""
    catalogue = repo_copy / "data" / "open_data.yaml"
    lines = catalogue.read_text().split("\n")
    number = next(i for i, line in enumerate(lines) if line == "  - id: salaries")
    lines[number] = "  - id: salaris"
    catalogue.write_text("\n".join(lines))
    with pytest.raises(BuildError) as caught:
        build_site(repo_copy, repo_copy / "build")
    found = [p.format() for p in caught.value.problems if "no data file" in p.message]
    assert found == [
        f"data/open_data.yaml:{number + 1}:9: files[0].id: no data file 'salaris';"
        " did you mean 'salaries'?"
    ]
