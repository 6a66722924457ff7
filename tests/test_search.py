"""The search index: built from every page's sections and the data, small, and inert."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
import yaml

from mlcareer_site.build import build_site, embed_json
from mlcareer_site.search import (
    GLOBAL_NAME,
    INDEX_PATH,
    build_index,
    index_script,
    page_sections,
)

REPO = Path(__file__).resolve().parents[1]
MAX_GZIP_BYTES = 100_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    build_site(REPO, out)
    return out


def read_index(script: str) -> dict:
    prefix = f"window.{GLOBAL_NAME} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    return json.loads(script[len(prefix) : -2])


def entries_for(index: dict, url: str) -> list[dict]:
    return [e for e in index["entries"] if index["pages"][e["p"]]["u"] == url]


def test_index_has_every_page_and_links_to_real_headings(site: Path) -> None:
    index = read_index((site / INDEX_PATH).read_text())
    urls = [page["u"] for page in index["pages"]]
    assert set(urls) == {p.name for p in site.glob("*.html")} - {"404.html", "guide.html"}
    for entry in index["entries"]:
        html = (site / index["pages"][entry["p"]]["u"]).read_text()
        if entry["a"]:
            assert f'id="{entry["a"]}"' in html, entry
        assert entry["t"].strip() and "#" not in entry["t"][-1:]


def test_index_is_split_by_heading_and_holds_data(site: Path) -> None:
    index = read_index((site / INDEX_PATH).read_text())
    skills = entries_for(index, "skills.html")
    assert any(e["a"] == "skills-matrix" and "PyTorch" in e["b"] for e in skills)
    assert any(e["t"] == "PyTorch" for e in skills)
    interviews = entries_for(index, "interviews.html")
    assert any(e["t"] == "ML system design" for e in interviews)
    # Data records carry their short lists as keywords (skills matrix technologies).
    assert any(e.get("k") == "AWS · GCP · Azure" for e in skills)


def test_index_reads_only_the_article(site: Path) -> None:
    index = read_index((site / INDEX_PATH).read_text())
    text = " ".join(e["b"] for e in index["entries"])
    assert "Skip to content" not in text  # layout words
    assert "Last updated" not in text  # footer
    assert '"data":' not in text  # chart JSON in <script>
    assert "Show the data behind this chart" not in text  # <summary> of chart tables


def test_index_stays_small(site: Path) -> None:
    raw = (site / INDEX_PATH).read_bytes()
    assert len(gzip.compress(raw, 9)) <= MAX_GZIP_BYTES


def test_sections_follow_headings_and_skip_permalinks() -> None:
    html = (
        '<nav><h2 id="n">Nav</h2></nav><article class="page"><h1>Page</h1><p>Intro</p>'
        '<h2 id="a">Alpha<a class="heading-anchor" href="#a">#</a></h2><p>one &amp; two</p>'
        '<h3 class="chart-title" id="c">Chart</h3><script>{"x": 1}</script><p>three</p>'
        '<h3 id="b">Beta</h3><p>four</p></article><footer>Foot</footer>'
    )
    sections = [(s.anchor, s.title, s.body) for s in page_sections(html, "Page")]
    assert sections == [
        ("", "Page", "Intro"),
        ("a", "Alpha", "one & two Chart three"),
        ("b", "Beta", "four"),
    ]


HOSTILE = '</script><script>alert(1)</script> \u2028 \u2029 <!-- & "quoted"'


def test_hostile_text_cannot_become_code() -> None:
    escaped = HOSTILE.replace("&", "&amp;").replace("<", "&lt;")
    page = f'<article class="page"><h2 id="x">Roles</h2><p>{escaped}</p></article>'
    data = {"roles": {"job_types": [{"id": "evil", "name": HOSTILE, "skills": ["x</script>"]}]}}
    script = index_script(build_index([("a.html", "A", page)], data))
    assert "</" not in script and "<!--" not in script and "<script" not in script
    assert "\u2028" not in script and "\u2029" not in script
    assert re.fullmatch(r"window\.\w+ = \{.*\};\n", script, re.DOTALL)
    entries = read_index(script)["entries"]
    squashed = " ".join(HOSTILE.split())
    assert {"p": 0, "a": "x", "t": "Roles", "b": squashed} in entries
    assert {"p": 0, "a": "x", "t": squashed, "b": "Roles", "k": "x</script>"} in entries


def test_two_builds_give_the_same_index(site: Path, tmp_path: Path) -> None:
    build_site(REPO, tmp_path / "again")
    assert (tmp_path / "again" / INDEX_PATH).read_bytes() == (site / INDEX_PATH).read_bytes()


def test_index_assembled_from_page_parts_equals_one_json_dump(site: Path) -> None:
    """The script is joined from each page's own JSON (so rebuilds redo only changed pages);
    it must be exactly what dumping the whole index at once gives."""
    pages = [(p.name, p.stem, p.read_text(encoding="utf-8")) for p in sorted(site.glob("*.html"))]
    data = {"roles": {"job_types": [{"id": "r", "name": "Guide", "skills": ["Python"]}]}}
    index = build_index(pages, data)
    assert index.data_entries and len(index.by_page) == len(pages)
    assert index.as_json() == str(embed_json(index.as_dict()))
    assert read_index(index_script(index)) == json.loads(str(embed_json(index.as_dict())))


TRICKY_MARKUP = [
    '<article class="page"><h2 id="a&amp;b" title="x > y">A &lt;b&gt; &#169;</h2><p>t</p></article>',
    "<article class='page other'><DIV ARIA-HIDDEN=true><div>hidden</div>still</DIV>seen</article>",
    '<article class="page"><script>if (a < b) { x = "</p>"; }</script>after</article>',
    '<article class="page"><style>p > a { color: red }</style><p>styled</p></article>',
    '<article class="page"><div aria-hidden="true"><script>s = "</div>";</script>hidden</div>'
    '<div aria-hidden="true"><style>/* </div> */</style>hidden too</div>shown</article>',
    '<article class="page"><!-- <h2 id="no">No</h2> --><h3 id=bare>Bare</h3>text</article>',
    '<article class="page"><p>1 < 2 and 3 > 2</p><br/><img src="x.png" alt="a"/>end</article>',
    '<article class="page"><h2 id="s">Sum<summary>x</summary></h2><template>t</template>'
    "<noscript>n</noscript><h1>Title</h1>body &nbsp; &amp;amp;</article>",
    '<article class="page"><h2 id="c" class="chart-title">Chart</h2>'
    '<a class="heading-anchor" href="#c">#</a>under</article>',
    '<article class="page"><p title="<div aria-hidden=true>">kept</p><abbr>ab</abbr>'
    "<script-x>raw</script-x><scripts>s</scripts>x<!-- c -->y</article>",
    '<article class="page"><h2 id="t">T<b>i</b>t<br/>le &amp<i>x</i></h2><td>1</td></article>',
    '<article class="page"><h2 id="e">E<a class="heading&#45;anchor" href="#e">#</a></h2>'
    '<DIV ARIA-HIDDEN="true">copy</DIV><div aria-hidden="false">shown</div>'
    '<a class="x heading-anchor">hidden</a>after</article>',
]


@pytest.mark.parametrize("markup", TRICKY_MARKUP)
def test_search_text_reads_markup_as_a_browser_parser_does(markup: str) -> None:
    """The index reads pages with a small tokenizer; on any markup a page can hold it must
    give what Python's HTML parser gives, driving the same section logic."""
    from html.parser import HTMLParser

    from mlcareer_site.search import ArticleText

    class Reference(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.text = ArticleText("Page")

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.text.handle_starttag(tag, attributes_markup(attrs))

        def handle_endtag(self, tag: str) -> None:
            self.text.handle_endtag(tag)

        def handle_data(self, data: str) -> None:
            self.text.handle_data(data)

    def attributes_markup(attrs: list[tuple[str, str | None]]) -> str:
        quoted = (f' {k}="{html.escape(v)}"' if v is not None else f" {k}" for k, v in attrs)
        return "".join(quoted)

    reference = Reference()
    reference.feed(markup)
    reference.close()
    expected = [(s.anchor, s.title, s.body) for s in reference.text.sections]
    fast = ArticleText("Page")
    fast.feed(markup)
    assert [(s.anchor, s.title, s.body) for s in fast.sections] == expected


FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def test_index_never_shows_source_file_names(site: Path) -> None:
    """Readers know an article by its citation label; the file it was read from is the
    build's business, so no search text (a result's snippet) may hold one."""
    sources = yaml.safe_load((REPO / "data" / "sources.yaml").read_text())["sources"]
    assert sources and all(FILE_NAME.fullmatch(source["file"]) for source in sources)
    index = read_index((site / INDEX_PATH).read_text())
    texts = [" ".join((e["t"], e["b"], e.get("k", ""))) for e in index["entries"]]
    assert [t for t in texts if FILE_NAME.search(t)] == []
    assert {source["title"] for source in sources} <= {e["t"] for e in index["entries"]}


def test_data_records_follow_the_pages_in_reading_order() -> None:
    """Search breaks ties by index order: records are listed by the page and section that
    show them, not by data file name (the open-data catalogue sorts before most files)."""
    pages = [
        (
            "one.html",
            "One",
            '<article class="page"><h2 id="x">X</h2><p>Alpha a b</p>'
            '<h2 id="y">Y</h2><p>Beta c d</p></article>',
        ),
        ("two.html", "Two", '<article class="page"><h2 id="z">Z</h2><p>Gamma e f</p></article>'),
    ]
    data = {
        "a_catalogue": {"files": [{"id": "g", "title": "Gamma", "text": "e f"}]},
        "z_content": {"items": [{"id": "b", "name": "Beta"}, {"id": "a", "name": "Alpha"}]},
    }
    index = build_index(pages, data)
    assert [(e["p"], e["a"], e["t"]) for e in index.data_entries] == [
        (0, "x", "Alpha"),
        (0, "y", "Beta"),
        (1, "z", "Gamma"),
    ]
    entries = index.as_dict()["entries"]
    assert entries[-len(index.data_entries) :] == index.data_entries


def test_the_guide_index_is_in_reading_order(site: Path) -> None:
    """Page sections in navigation order, then the data records in the same order."""
    index = read_index((site / INDEX_PATH).read_text())
    numbers = [e["p"] for e in index["entries"]]
    restarts = [i for i in range(1, len(numbers)) if numbers[i] < numbers[i - 1]]
    assert len(restarts) == 1
    sections, records = index["entries"][: restarts[0]], index["entries"][restarts[0] :]
    assert {e["p"] for e in sections} == set(range(len(index["pages"])))
    catalogue = next(n for n, p in enumerate(index["pages"]) if p["u"] == "open-data.html")
    rows = [i for i, e in enumerate(records) if e["p"] == catalogue]
    assert rows and all(e["p"] >= catalogue for e in records[rows[0] :])
