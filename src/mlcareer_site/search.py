"""Build the guide's search index from the finished pages and the data.

The index is made at build time so search works on any static host and from ``file://``,
where a browser refuses to fetch JSON: it ships as a script that assigns one global. Pages
are split at their h2/h3 headings, so every result can link straight to ``page.html#id``.
Data records (roles, skill categories, titles) become entries of their own, with their short
lists (technologies, example roles) as keywords; each links to the section of the guide that
shows it. Only the article is read, never the navigation or footer that every page repeats.

The entries are in reading order: every page's sections in navigation order, then the data
records in the order of the pages and sections that show them. Search breaks ties by this
order, so on an equal match a page's own text ranks above the records it lists, and a record
of the guide's content above the open-data page's catalogue of files near the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape
from typing import Any, NamedTuple

import orjson

from .render import embed_json

INDEX_PATH = "assets/search-index.js"
GLOBAL_NAME = "MLCAREER_SEARCH"
SECTION_TAGS = ("h2", "h3")
NOT_A_SECTION = "chart-title"
"""A chart's title belongs to the section around it (as in the page's table of contents)."""
SKIPPED_TAGS = frozenset({"h1", "script", "style", "template", "summary", "noscript", "nav"})
"""Not text a reader searches: code, UI words, the page title (the first section's) and the
page's own "On this page" menu."""
NAME_FIELDS = ("name", "title", "category")
"""The field that names a data record, in order of preference."""
KEYWORD_MAX = 80
"""List items longer than this are sentences, not keywords (technologies are short)."""
DATA_BODY_MAX = 240
"""Characters of a data record's own text kept in its entry; the page holds the rest."""
BODY_PROBE = 60
"""Enough of a record's text to recognise the section that prints it."""


@dataclass
class Section:
    """One heading of a page and the text under it, up to the next heading."""

    anchor: str
    title: str
    parts: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return squash(" ".join(self.parts))


def squash(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (``str.split`` splits at the
    characters ``\\s`` matches; it is quicker than a regular expression)."""
    return " ".join(text.split())


IN_TAG = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
"""The inside of a tag after its name: attribute values may hold '>' (written unrolled,
``[^>"']|"..."|'...'`` one character at a time was slower)."""
TOKEN = re.compile(
    r"<(?:!--.*?(?:-->|\Z)"
    rf"|(?P<raw>script|style)(?=[\s/>]){IN_TAG}>.*?(?:</(?P=raw)\s*>|\Z)"
    rf"|(?P<end>/?)(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>{IN_TAG})>"
    r"|[!?][^>]*>)",
    re.DOTALL | re.IGNORECASE,
)
"""One markup token: a comment, a script or style element whole (its text is never markup;
``<script-x>`` is another element), a start or end tag (attribute values may hold '>'), or
a declaration."""
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


READ_ATTRIBUTES = frozenset({"article", "div", "a", *SECTION_TAGS})
"""The only tags whose attributes decide anything (the rest are read as text)."""
DECIDING_TAGS = READ_ATTRIBUTES | SKIPPED_TAGS
"""The tags the handlers act on; any other tag only separates words."""


def may_decide(tag: str, attributes_text: str) -> bool:
    """Whether a start tag's attributes can decide anything: links and blocks are most of
    the tags read, and only a heading's own link or a hidden block is read differently."""
    if tag == "a":
        return "heading-anchor" in attributes_text or "&" in attributes_text
    if tag == "div":
        return "aria-hidden" in attributes_text.lower()
    return tag in READ_ATTRIBUTES


def tag_attributes(text: str) -> dict[str, str | None]:
    """Attributes of a start tag, names lower-cased and values unescaped (as browsers do)."""
    found: dict[str, str | None] = {}
    for match in ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        if name not in found:
            value = next((v for v in match.group(2, 3, 4) if v is not None), None)
            found[name] = None if value is None else unescape(value)
    return found


class ArticleText:
    """Split the ``<article class="page">`` of a page into heading sections of plain text.

    A small tokenizer instead of ``html.parser``: the build's own HTML is well formed, and
    reading the search text of a thousand pages with ``HTMLParser`` took a second.
    """

    def __init__(self, page_title: str) -> None:
        self.sections = [Section("", page_title)]
        self.article_depth = 0
        self.skip_depth = 0
        self.in_anchor_link = False
        self.heading: str | None = None
        self.heading_parts: list[str] = []

    def handle_starttag(self, tag: str, attributes_text: str) -> None:
        attributes = tag_attributes(attributes_text) if may_decide(tag, attributes_text) else {}
        classes = (attributes.get("class") or "").split()
        if tag == "article":
            if self.article_depth or "page" in classes:
                self.article_depth += 1
            return
        if not self.article_depth:
            return
        if tag in SKIPPED_TAGS or (self.skip_depth and tag == "div"):
            self.skip_depth += 1
        elif tag == "div" and attributes.get("aria-hidden") == "true":
            self.skip_depth += 1  # a copy for sighted readers (a chart's preview table)
        elif tag == "a" and "heading-anchor" in classes:
            self.in_anchor_link = True
        elif tag in SECTION_TAGS and attributes.get("id") and NOT_A_SECTION not in classes:
            self.heading = tag
            self.heading_parts = []
            self.sections.append(Section(attributes["id"] or "", ""))
        self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        elif not self.article_depth:
            return
        elif (tag in SKIPPED_TAGS or tag == "div") and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "a":
            self.in_anchor_link = False
        elif tag == self.heading:
            self.sections[-1].title = squash("".join(self.heading_parts))
            self.heading = None
        self._text(" ")

    def handle_data(self, data: str) -> None:
        self._text(data)

    def feed(self, markup: str) -> None:
        """Call the handlers for each tag and text of ``markup``, like ``HTMLParser.feed``.

        Most tags (``p``, ``li``, ``td``, ``strong``...) only separate words: for those, and
        for text, the handlers' effect is done here without calling them (a page has a few
        hundred tags; the calls were most of the time reading the search text took).
        """
        position = 0
        target = self._target()
        for match in TOKEN.finditer(markup):
            start, end = match.span()
            if start > position and target is not None:
                text = markup[position:start]
                target.append(unescape(text) if "&" in text else text)
            position = end
            raw, closing, tag, attributes = match.groups()
            if tag:
                tag = tag.lower()
                if tag not in DECIDING_TAGS:
                    if target is not None:
                        target.append(" ")
                    continue
                if closing:
                    self.handle_endtag(tag)
                else:
                    self.handle_starttag(tag, attributes)
                    if attributes.endswith("/"):
                        self.handle_endtag(tag)
            elif raw:
                self.handle_starttag(raw.lower(), "")
                self.handle_endtag(raw.lower())
            else:
                continue  # a comment or declaration: no text, and not a word break
            target = self._target()
        if position < len(markup) and target is not None:
            target.append(unescape(markup[position:]))

    def _target(self) -> list[str] | None:
        """Where text goes now (a heading's title or its section's body); None to skip it."""
        if not self.article_depth or self.skip_depth or self.in_anchor_link:
            return None
        return self.heading_parts if self.heading is not None else self.sections[-1].parts

    def _text(self, text: str) -> None:
        target = self._target()
        if target is not None:
            target.append(text)


def page_sections(page: str, page_title: str) -> list[Section]:
    """The sections of one rendered page; the text before its first heading is the first."""
    parser = ArticleText(page_title)
    start, end = page.find("<article"), page.rfind("</article>")
    parser.feed(page[start : end + len("</article>")] if 0 <= start < end else page)
    return [s for s in parser.sections if s.title and (s.anchor or s.body)]


@dataclass
class DataRecord:
    title: str
    keywords: list[str]
    body: str


def data_ids(value: Any) -> Iterator[str]:
    """Every ``id`` in the data: a list of them is a set of references, not keywords."""
    if isinstance(value, Mapping):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for item in value.values():
            yield from data_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from data_ids(item)


def data_records(value: Any, ids: frozenset[str] = frozenset()) -> Iterator[DataRecord]:
    """Every record with an ``id`` and a name, at any depth of a data file."""
    if isinstance(value, Mapping):
        name = next((value[k] for k in NAME_FIELDS if isinstance(value.get(k), str)), None)
        if name is not None and "id" in value:
            keywords: list[str] = []
            texts: list[str] = []
            for key, item in value.items():
                if key in NAME_FIELDS or key == "id":
                    continue
                if isinstance(item, list) and item and all(isinstance(i, str) for i in item):
                    if all(len(i) <= KEYWORD_MAX and i not in ids for i in item):
                        keywords.extend(item)
                elif isinstance(item, str) and " " in item:
                    texts.append(item)
            yield DataRecord(squash(name), keywords, squash(" ".join(texts))[:DATA_BODY_MAX])
        for item in value.values():
            yield from data_records(item, ids)
    elif isinstance(value, list):
        for item in value:
            yield from data_records(item, ids)


class Found(NamedTuple):
    """A section as the index keeps it: text squashed once, lower-cased once for matching."""

    anchor: str
    title: str
    body: str
    lowered: str


def score_sections(record: DataRecord, sections: Sequence[Found]) -> tuple[int, Found | None]:
    """The best score any of ``sections`` gets for the record, and the first that gets it.

    The score counts what the section shows of the record: its name, keywords and the start
    of its text; 0 when the name is not there at all.
    """
    title = record.title.lower()
    keywords = [k.lower() for k in record.keywords]
    probe = record.body[:BODY_PROBE].lower()
    best, best_score = None, 0
    for section in sections:
        text = section.lowered
        if title not in text:
            continue
        score = 1 + sum(1 for needle in keywords if needle in text)
        if probe and probe in text:
            score += 2
        if title in section.title.lower():
            score += 1
        if score > best_score:
            best, best_score = section, score
    return best_score, best


def best_section(
    record: DataRecord, pages: Sequence[tuple[int, PageEntries]]
) -> tuple[int, Found] | None:
    """The section of ``pages`` that shows most of the record (the first one, on a tie)."""
    best, best_score = None, 0
    for number, page in pages:
        score, section = page.score(record)
        if section is not None and score > best_score:
            best, best_score = (number, section), score
    return best


class PageEntries(NamedTuple):
    """One page's part of the index, made once per page text and position."""

    sections: list[Found]
    entries: list[dict[str, Any]]
    titles: frozenset[tuple[str, str]]
    """(anchor, lower-case title) of every entry, to skip data records that repeat one."""
    json: str
    """The entries as JSON list items, ready to join into the index script."""
    scores: dict[tuple[str, tuple[str, ...], str], tuple[int, Found | None]]
    """How well this page shows each data record, remembered as long as the page is."""
    positions: dict[str, int]
    """Where each section (by anchor) stands on the page, to list records in reading order."""

    def score(self, record: DataRecord) -> tuple[int, Found | None]:
        key = (record.title, tuple(record.keywords), record.body[:BODY_PROBE])
        if key not in self.scores:
            self.scores[key] = score_sections(record, self.sections)
        return self.scores[key]


NUMBER_HELD = ',"p":0,"t":'
"""Where a page's number sits in its entries' JSON, made before the number is known (keys
are sorted, and a quote inside a string is escaped, so this text is only ever the key)."""


def entries_json(rows: Sequence[Sequence[str]]) -> str:
    """A page's entries as JSON list items, from its sections' [anchor, title, text] rows,
    with page number 0 (see ``page_entries``): made where the page is rendered, so the
    index is then joined without writing a thousand pages' text as JSON again."""
    entries = [{"p": 0, "a": anchor, "t": title, "b": body} for anchor, title, body in rows]
    return str(embed_json(entries))[1:-1]


def page_entries(number: int, made: str) -> PageEntries:
    """Page ``number``'s part of the index, from its entries' JSON (``entries_json``)."""
    found = orjson.loads(f"[{made}]")
    sections = [
        Found(entry["a"], entry["t"], entry["b"], f"{entry['t']} {entry['b']}".lower())
        for entry in found
    ]
    entries = [{"p": number, "a": s.anchor, "t": s.title, "b": s.body} for s in sections]
    return PageEntries(
        sections,
        entries,
        frozenset((s.anchor, s.title.lower()) for s in sections),
        made.replace(NUMBER_HELD, f',"p":{number},"t":'),
        {},
        {s.anchor: position for position, s in enumerate(sections)},
    )


def section_rows(page: tuple[str, str]) -> list[list[str]]:
    """[anchor, title, text] of each section of one page (html, title); runs in workers."""
    html, title = page
    return [[s.anchor, s.title, s.body] for s in page_sections(html, title)]


@dataclass
class SearchIndex:
    """The index: pages, then each page's entries in order, then the data records' entries."""

    pages: list[dict[str, str]]
    by_page: list[PageEntries]
    data_entries: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        entries = [entry for page in self.by_page for entry in page.entries]
        return {"pages": self.pages, "entries": entries + self.data_entries}

    def as_json(self) -> str:
        """Exactly ``embed_json(self.as_dict())``, assembled from each page's own JSON."""
        parts = [page.json for page in self.by_page if page.json]
        if self.data_entries:
            parts.append(str(embed_json(self.data_entries))[1:-1])
        return f'{{"entries":[{",".join(parts)}],"pages":{embed_json(self.pages)}}}'


def build_index(
    pages: Sequence[tuple[str, str, str]],
    data: Mapping[str, Any],
    readers: Mapping[str, set[str]] | None = None,
) -> SearchIndex:
    """The index of ``pages`` (url, title, rendered HTML, in reading order) and ``data``."""
    by_page = [
        page_entries(number, entries_json(section_rows((html, title))))
        for number, (_, title, html) in enumerate(pages)
    ]
    return assemble_index(
        [(url, title) for url, title, _ in pages], by_page, data_records_by_file(data), readers
    )


def assemble_index(
    pages: Sequence[tuple[str, str]],
    by_page: Sequence[PageEntries],
    records: Sequence[tuple[str, list[DataRecord]]],
    readers: Mapping[str, set[str]] | None = None,
) -> SearchIndex:
    """The index of ``pages`` (url, title, in reading order), their entries and the
    data ``records`` (see ``data_records_by_file``).

    Entries are ``{p: page number, a: heading id, t: title, b: text}``; data entries add
    ``k`` (keywords). Short keys keep the file small: it is downloaded on first search.
    ``readers`` (data file -> urls of the pages that read it) limits where a data record is
    looked for to the pages that show that file, which keeps large sites fast.
    """
    urls = [url for url, _ in pages]
    data_entries: list[dict[str, Any]] = []
    added: set[tuple[int, str, str]] = set()
    numbers = {url: number for number, url in enumerate(urls)}
    for name, file_records in records:
        shown_on = (
            range(len(pages))
            if readers is None
            else sorted(numbers[url] for url in readers.get(name, ()) if url in numbers)
        )
        candidates = [(number, by_page[number]) for number in shown_on]
        for record in file_records:
            found = best_section(record, candidates)
            if found is None:
                continue
            number, section = found
            title = record.title.lower()
            key = (number, section.anchor, title)
            if key in added or (section.anchor, title) in by_page[number].titles:
                continue
            if title == section.title.lower():
                continue
            added.add(key)
            entry: dict[str, Any] = {"p": number, "a": section.anchor, "t": record.title}
            entry["b"] = record.body or section.title
            if record.keywords:
                entry["k"] = " · ".join(record.keywords)
            data_entries.append(entry)
    data_entries = in_reading_order(data_entries, by_page)
    return SearchIndex(
        [{"u": url, "t": title} for url, title in pages], list(by_page), data_entries
    )


def in_reading_order(
    entries: list[dict[str, Any]], by_page: Sequence[PageEntries]
) -> list[dict[str, Any]]:
    """Data entries by the page and section that show them (data file order on a tie).

    Search breaks ties by index order; in file-name order the open-data catalogue
    (``open_data``) came before the records of the pages it catalogues.
    """
    return sorted(entries, key=lambda e: (e["p"], by_page[e["p"]].positions[e["a"]]))


def data_records_by_file(data: Mapping[str, Any]) -> list[tuple[str, list[DataRecord]]]:
    """Each data file's records, in file-name order."""
    names = sorted(data)
    ids = frozenset(data_ids({name: data[name] for name in names}))
    return [(name, list(data_records(data[name], ids))) for name in names]


def index_script(index: SearchIndex) -> str:
    """The index as a script: ``window.MLCAREER_SEARCH = {...};`` (works from ``file://``).

    The JSON is embedded like a chart's figure, so no index text can end the script or
    break the line (``</script>``, U+2028) — index text is data, never code.
    """
    return f"window.{GLOBAL_NAME} = {index.as_json()};\n"
