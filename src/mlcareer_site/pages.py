"""Render each page as a step: Markdown, then its blocks and charts, then the layout.

A page reads everything through its ``Reads``: its own source, its converted Markdown (kept
by content), each template it loads (the layout, what the layout includes or extends, each
block), each data file its blocks and charts read, and each field of the navigation entries
it shows. So a page is rendered again exactly when one of those changed: editing one block
template re-renders the pages that use it, and a layout that starts showing another field
of the navigation entries records that field too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from markupsafe import Markup

from .anchors import add_heading_anchors
from .charts import Chart, build_chart
from .content import BlockRef, Page
from .engine import Reads, Revision, Step
from .errors import Problem
from .markup import MarkdownRenderer
from .render import (
    RecordingEnvironment,
    Renderer,
    TemplateFailure,
    embed_json,
    make_environment,
    set_filters,
    substitute_blocks,
)
from .sources import (
    DATA,
    NAV,
    PAGE_SOURCE,
    SITE_URL,
    DataReads,
    NavEntry,
    Navigation,
)
from .tablecells import label_table_cells

PAGE_TEMPLATE = "page.html"
NAV_LIMIT = 40
"""Sidebar entries at most: beyond this a page lists the pages around it, so page size and
build time stay linear in the number of pages (every page keeps its previous/next links)."""
ALWAYS_READ = ("site", "sources")
"""Data every page reads through the layout and the filters (labels, currency, citations)."""


# ------------------------------------------------------------- what lives in this process


class Toolbox:
    """What rendering needs that is costly to make: the Jinja environment (its compiled
    templates are checked against the templates' content digests in every revision) and
    the Markdown converter. One per store and process; made again from nothing anywhere."""

    def __init__(self, root: Path, bytecode_dir: Path | None) -> None:
        self.bytecode_dir = bytecode_dir
        self.env: RecordingEnvironment = make_environment(root / "templates", bytecode_dir)
        self.renderer = Renderer(self.env, root / "templates", root)
        self.markdown = MarkdownRenderer()

        self.revision: Revision | None = None
        """The revision the filters were bound for."""

    def bind(self, revision: Revision) -> None:
        """Read templates through ``revision`` (its files, its digests)."""
        self.env.loader.revision = revision  # type: ignore[union-attr]


def toolbox(reads: Reads) -> Toolbox:
    """The revision's toolbox, bound to its files and to the data its filters use (the
    currency symbol, the sources), which are recorded as read by the step asking."""
    box = reads.revision.local
    assert isinstance(box, Toolbox), "the revision was not given a Toolbox"
    config, sources = (reads.need(DATA, name) for name in ALWAYS_READ)
    if box.revision is not reads.revision:
        box.bind(reads.revision)
        by_id = {s["id"]: s for s in (sources or {"sources": []})["sources"]}
        set_filters(box.env, config, by_id)
        box.revision = reads.revision
    return box


# ------------------------------------------------------------- Markdown and charts


def convert_markdown(reads: Reads, body: str) -> tuple[str, tuple[str, ...]]:
    """A page body's HTML and the links typed in it, by the body's content alone."""
    box = reads.revision.local
    assert isinstance(box, Toolbox), "the revision was not given a Toolbox"
    return box.markdown.convert(body)


MARKDOWN: Step[str, tuple[str, tuple[str, ...]]] = Step(
    "markdown",
    convert_markdown,
    by_content=True,
    keep=True,
    decode=lambda saved: (saved[0], tuple(saved[1])),
)


@dataclass(frozen=True)
class ChartFailure:
    problem_message: str


@dataclass(frozen=True)
class MadeChart:
    chart: Chart
    data_read: tuple[str, ...]
    """The data files the chart's builder read (the page shows their records)."""


def make_chart(reads: Reads, name: str) -> MadeChart | ChartFailure:
    """A chart's figure, from the data files its builder reads."""
    try:
        chart = build_chart(name, DataReads(reads))
    except KeyError as missing:
        return ChartFailure(f"chart '{name}' needs data that is missing: {missing}")
    return MadeChart(chart, data_read(reads))


def data_read(reads: Reads) -> tuple[str, ...]:
    return tuple(sorted({name for kind, name, _ in reads.deps if kind == DATA.name}))


def encode_chart(made: MadeChart | ChartFailure) -> Any:
    if isinstance(made, ChartFailure):
        return {"failed": made.problem_message}
    return {"chart": made.chart.__dict__, "read": list(made.data_read)}


def decode_chart(saved: Any) -> MadeChart | ChartFailure:
    if "failed" in saved:
        return ChartFailure(saved["failed"])
    chart = saved["chart"]
    return MadeChart(Chart(chart["name"], chart["figure"], chart["meta"]), tuple(saved["read"]))


CHART: Step[str, MadeChart | ChartFailure] = Step(
    "chart", make_chart, keep=True, encode=encode_chart, decode=decode_chart
)


# ------------------------------------------------------------- navigation, field by field

Entry = TypeVar("Entry")


def visible_nav(nav: list[Entry] | tuple[Entry, ...], position: int | None) -> list[Entry]:
    """The navigation a page shows: all of it, or a window around the page plus the first."""
    nav = list(nav)
    if len(nav) <= NAV_LIMIT:
        return nav
    if position is None:
        return nav[:NAV_LIMIT]
    start = max(0, min(position - NAV_LIMIT // 2, len(nav) - NAV_LIMIT))
    window = nav[start : start + NAV_LIMIT]
    return window if start == 0 else [nav[0], *window[1:]]


def view_entries(nav: Navigation, slug: str) -> list[NavEntry | None]:
    """The entries a page shows: its sidebar window, then its previous and next pages."""
    entries = nav.entries
    index = nav.positions.get(slug)
    previous = entries[index - 1] if index is not None and index > 0 else None
    following = entries[index + 1] if index is not None and index + 1 < len(entries) else None
    return [*visible_nav(entries, index), previous, following]


def nav_view(reads: Reads, arg: tuple[str, str]) -> tuple[Any, ...]:
    """One field of each navigation entry page ``slug`` shows (None for a missing one)."""
    slug, name = arg
    entries = view_entries(reads.need(NAV, None), slug)
    if name == "":
        return tuple(entry is not None for entry in entries)
    return tuple(getattr(entry, name) if entry is not None else None for entry in entries)


NAV_VIEW: Step[tuple[str, str], tuple[Any, ...]] = Step("nav view", nav_view)


class NavItem:
    """A navigation entry as a page's template sees it: each field it reads is recorded
    (as that field of every entry the page shows), so a title edited elsewhere re-renders
    only the pages that show titles of pages whose title changed."""

    def __init__(self, views: NavViews, position: int) -> None:
        self._views, self._position = views, position

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in NavEntry.__dataclass_fields__:
            raise AttributeError(name)
        value = self._views.field(name)[self._position]
        self.__dict__[name] = value  # recorded now; read again without coming back here
        return value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NavItem) and other.slug == self.slug

    def __hash__(self) -> int:
        return hash(self.slug)


class NavViews:
    """The navigation fields one page has read so far (each read once, then recorded)."""

    def __init__(self, reads: Reads, slug: str) -> None:
        self.reads, self.slug, self.fields = reads, slug, {}

    def field(self, name: str) -> tuple[Any, ...]:
        if name not in self.fields:
            self.fields[name] = self.reads.need(NAV_VIEW, (self.slug, name))
        return self.fields[name]


def nav_items(reads: Reads, slug: str) -> tuple[list[NavItem], NavItem | None, NavItem | None]:
    views = NavViews(reads, slug)
    items = [
        NavItem(views, position) if there else None
        for position, there in enumerate(views.field(""))
    ]
    sidebar = [item for item in items[:-2] if item is not None]
    return sidebar, items[-2], items[-1]


# ------------------------------------------------------------- the page


@dataclass(frozen=True)
class RenderedPage:
    html: str
    charts: int
    links: tuple[str, ...]
    """Links typed in the page's Markdown (the link check reports them at their line)."""
    data_read: tuple[str, ...]
    """The data files the page read (search looks for their records on this page)."""

    @functools.cached_property
    def encoded(self) -> bytes:
        """The page as the site holds it, encoded once: ``serve`` hands the same page to
        every rebuild's site, and encoding a thousand pages each time took 20 ms."""
        return self.html.encode("utf-8")


@dataclass(frozen=True)
class PageFailure:
    """A page that a template mistake stopped: reported, and shown again by ``serve``."""

    problem: Problem


def render_page(reads: Reads, slug: str) -> RenderedPage | PageFailure:
    page = reads.need(PAGE_SOURCE, slug).copy()
    box = toolbox(reads)
    html, links = reads.need(MARKDOWN, page.body)
    page.html, page.links = html, list(links)
    data = DataReads(reads)
    charts = 0
    charts_read: set[str] = set()
    try:
        with box.env.recording(reads):
            shared = shared_context(data)

            def render_block(block: BlockRef) -> str:
                nonlocal charts
                context = {**shared, "page": page}
                if block.kind == "block":
                    return box.renderer.render(f"blocks/{block.name}.html", context, page.source)
                made = reads.need(CHART, block.name)
                if isinstance(made, ChartFailure):
                    raise TemplateFailure(Problem(page.source, block.line, 1, made.problem_message))
                chart = made.chart
                charts_read.update(made.data_read)
                charts += 1
                context.update(chart=chart, chart_json=embed_json(chart.figure))
                return box.renderer.render("blocks/chart.html", context, page.source)

            body = label_table_cells(substitute_blocks(page, render_block))
            permalink = shared["labels"].get("permalink", "#")
            body, page.toc = add_heading_anchors(body, permalink)
            context = page_context(reads, page, shared, body, charts > 0)
            output = box.renderer.render(page.template or PAGE_TEMPLATE, context, page.source)
    except TemplateFailure as failure:
        return PageFailure(failure.problem)
    read = tuple(sorted(charts_read.union(data_read(reads))))
    return RenderedPage(output, charts, tuple(links), read)


def encode_page(value: RenderedPage | PageFailure) -> Any:
    if isinstance(value, PageFailure):
        return {"failure": value.problem.as_dict()}
    return [value.html, value.charts, list(value.links), list(value.data_read)]


def decode_page(saved: Any) -> RenderedPage | PageFailure:
    if isinstance(saved, dict):
        return PageFailure(Problem(**saved["failure"]))
    html, charts, links, read = saved
    return RenderedPage(html, charts, tuple(links), tuple(read))


PAGE: Step[str, RenderedPage | PageFailure] = Step(
    "page", render_page, keep=True, encode=encode_page, decode=decode_page
)


def shared_context(data: DataReads) -> dict[str, Any]:
    config = data["site"]
    sources = {s["id"]: s for s in data["sources"]["sources"]} if "sources" in data else {}
    return {"site": config, "data": data, "sources": sources, "labels": config["labels"]}


def page_context(
    reads: Reads, page: Page, shared: dict[str, Any], body: str, has_charts: bool
) -> dict[str, Any]:
    """The variables a page template sees."""
    site_url = reads.need(SITE_URL, None)
    sidebar, previous, following = nav_items(reads, page.slug)
    canonical = site_url + ("" if page.url == "index.html" else page.url) if site_url else None
    return {
        **shared,
        "page": page,
        "content": Markup(body),
        "nav": sidebar,
        "previous": previous,
        "next": following,
        "canonical": canonical,
        "site_path": urlsplit(site_url).path if site_url else None,
        "has_charts": has_charts,
    }


# ------------------------------------------------------------- the 404 page


def render_not_found(reads: Reads, _: None) -> str | PageFailure:
    """The page GitHub Pages shows for a missing address, with the full navigation."""
    box = toolbox(reads)
    data = DataReads(reads)
    shared = shared_context(data)
    labels = shared["labels"]
    page = Page(
        slug="404",
        source="templates/404.html",
        title=labels["not_found_title"],
        description=labels["not_found_text"],
        order=None,
        template=None,
        nav_title=None,
        body="",
        body_line=1,
        source_body="",
    )
    site_url = reads.need(SITE_URL, None)
    context = {
        **shared,
        "page": page,
        "content": Markup(""),
        "nav": list(reads.need(NAV, None).entries),
        "previous": None,
        "next": None,
        "canonical": None,
        "site_path": urlsplit(site_url).path if site_url else None,
        "has_charts": False,
    }
    try:
        with box.env.recording(reads):
            return box.renderer.render(NOT_FOUND_TEMPLATE, context, "the 404 page")
    except TemplateFailure as failure:
        return PageFailure(failure.problem)


NOT_FOUND_TEMPLATE = "404.html"
NOT_FOUND: Step[None, str | PageFailure] = Step("404 page", render_not_found)


# ------------------------------------------------------------- redirects from old addresses

REDIRECT_TEMPLATE = "redirect.html"


def render_redirect(reads: Reads, arg: tuple[str, str]) -> str | PageFailure:
    """The page left at an old address (``aliases:``): it sends readers and search engines
    on to the page's address now."""
    alias, slug = arg
    box = toolbox(reads)
    shared = shared_context(DataReads(reads))
    page = reads.need(PAGE_SOURCE, slug)
    site_url = reads.need(SITE_URL, None)
    target = page.url
    context = {
        **shared,
        "page": page,
        "alias": alias,
        "target": target,
        "canonical": site_url + ("" if target == "index.html" else target) if site_url else None,
    }
    try:
        with box.env.recording(reads):
            return box.renderer.render(REDIRECT_TEMPLATE, context, f"the redirect {alias}.html")
    except TemplateFailure as failure:
        return PageFailure(failure.problem)


REDIRECT: Step[tuple[str, str], str | PageFailure] = Step("redirect", render_redirect)
