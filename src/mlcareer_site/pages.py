"""Render each page: Markdown, then its blocks and charts, then the layout around it.

A page whose inputs did not change since the cached build is taken from the cache; the
inputs of a page are known before rendering (its source, the navigation, the templates) or
recorded while rendering (the data files its blocks and charts read).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .anchors import add_heading_anchors
from .cache import ALWAYS_USED, BuildCache, CachedChart, CachedPage, TrackedData, fingerprint
from .charts import Chart, build_chart
from .content import BlockRef, Page
from .errors import Problem
from .facts import PageFacts, SiteShape, file_facts, read_facts
from .markup import MarkdownRenderer
from .parallel import PARALLEL_THRESHOLD, Results, can_fork, each_page, map_pages
from .render import (
    Renderer,
    TemplateFailure,
    compile_on_two_cores,
    embed_json,
    make_environment,
    set_filters,
    substitute_blocks,
)
from .samevalue import SameValueMemo
from .tablecells import label_table_cells

PAGE_TEMPLATE = "page.html"
DATA_DIGESTS: SameValueMemo[str] = SameValueMemo()
"""Each data file's digest, made once per value (pages and charts are cached against it)."""
NAV_LIMIT = 40
"""Sidebar entries at most: beyond this a page lists the pages around it, so page size and
build time stay linear in the number of pages (every page keeps its previous/next links)."""


_worker_markdown: MarkdownRenderer | None = None


def _convert_in_worker(body: str) -> tuple[str, list[str]]:
    """Markdown to HTML in a worker process, reusing one converter per process."""
    global _worker_markdown
    if _worker_markdown is None:
        _worker_markdown = MarkdownRenderer()
    page = Page(
        slug="x",
        source="",
        title="",
        description="",
        order=None,
        template=None,
        nav_title=None,
        body=body,
        body_line=1,
        source_body=body,
    )
    _worker_markdown.render(page)
    return page.html, page.links


@dataclass
class WorkerPage:
    """What a worker hands back for one page: everything the cache keeps of it, and what
    later stages read from its HTML."""

    page: CachedPage
    charts: dict[str, CachedChart]
    markdown: tuple[str, list[str]] | None
    facts: PageFacts | None


_worker_job: tuple[PageRenderer, list[Page], SiteShape | None] | None = None
"""The renderer, pages and site shape of the build that forked the workers."""


def _render_in_worker(index: int) -> WorkerPage | Problem:
    """Render page ``index`` of the forking build; a template mistake comes back as its
    Problem (an exception would have to survive pickling)."""
    assert _worker_job is not None
    renderer, pages, shape = _worker_job
    page = pages[index]
    charts_before = dict(renderer.cache.charts)
    try:
        html = renderer.render(page).html
    except TemplateFailure as failure:
        return failure.problem
    return WorkerPage(
        renderer.cache.pages[page.slug],
        {
            name: chart
            for name, chart in renderer.cache.charts.items()
            if charts_before.get(name) is not chart
        },
        renderer.cache.markdown.get(page.body_key),
        read_facts(page.slug, page.title, html, shape) if shape else None,
    )


Entry = TypeVar("Entry")


def visible_nav(nav: list[Entry], position: int | None) -> list[Entry]:
    """The navigation a page shows: all of it, or a window around the page plus the first."""
    if len(nav) <= NAV_LIMIT:
        return nav
    if position is None:
        return nav[:NAV_LIMIT]
    start = max(0, min(position - NAV_LIMIT // 2, len(nav) - NAV_LIMIT))
    window = nav[start : start + NAV_LIMIT]
    return window if start == 0 else [nav[0], *window[1:]]


@dataclass
class RenderedPage:
    html: str
    charts: int


class PageRenderer:
    """Everything needed to render pages of one build, shared by all of them."""

    def __init__(self, project: Path, site: Any, cache: BuildCache, templates_key: str) -> None:
        self.site = site
        self.cache = cache
        self.templates_key = templates_key
        config = site.config
        self.sources = {s["id"]: s for s in site.data.get("sources", {"sources": []})["sources"]}
        templates_dir = project / "templates"
        self.renderer = Renderer(self._environment(templates_dir, config), templates_dir, project)
        self.markdown = cache.runtime.setdefault("markdown", MarkdownRenderer())
        self.permalink = config["labels"].get("permalink", "#")
        self.data_hashes = {
            name: DATA_DIGESTS.get(name, value, fingerprint) for name, value in site.data.items()
        }
        self.positions = {p.slug: index for index, p in enumerate(site.nav)}
        signatures = tuple(repr((p.slug, p.short_title, p.description, p.title)) for p in site.nav)
        """What of each navigation entry a page shows, for the keys of the pages that list it."""
        windows = cache.runtime.get("nav windows")
        if windows is None or windows[0] != signatures:
            windows = cache.runtime["nav windows"] = (signatures, {})
        self.signatures = signatures
        self.window_keys: dict[int | None, bytes] = windows[1]
        """Digest of the navigation shown at each position (kept while the navigation is)."""
        self.rendered = 0
        """How many pages this build rendered afresh (the rest came from the cache)."""

    def _environment(self, templates_dir: Path, config: dict[str, Any]) -> jinja2.Environment:
        """Reuse the compiled templates of earlier builds (in this process, or on disk) while
        the templates' bytes are the same.

        Jinja's own check looks at modification times only: a template replaced by a copy
        that keeps its time (``cp -p``, ``rsync -t``) would render as before, and be cached
        under the new content's key. So the environment is made anew whenever the digest
        of the templates changes (compiled bytecode on disk is keyed by each file's source).
        """
        env = self.cache.runtime.get("environment")
        if self.cache.runtime.get("environment_templates") != self.templates_key:
            env = None
        fresh = env is None
        if env is None:
            bytecode_dir = self.cache.path.parent / "jinja" if self.cache.path else None
            env = make_environment(templates_dir, bytecode_dir)
            self.cache.runtime["environment"] = env
            self.cache.runtime["environment_templates"] = self.templates_key
        set_filters(env, config, self.sources)
        if fresh:
            compile_on_two_cores(env)
        return env

    def render(self, page: Page, key: str | None = None) -> RenderedPage:
        """The page's HTML, from the cache when nothing it used has changed.

        ``key`` is the page's key when the caller already has it.
        """
        key = key or self.key(page)
        remembered = self.from_cache(page, key)
        if remembered is not None:
            return remembered
        used: set[str] = set(ALWAYS_USED)
        html, charts = self._render_fresh(page, TrackedData(self.site.data, used))
        self.rendered += 1
        self.cache.pages[page.slug] = CachedPage(
            key,
            {name: self.data_hashes.get(name, "") for name in sorted(used)},
            html,
            list(page.links),
            charts,
        )
        return RenderedPage(html, charts)

    def key(self, page: Page) -> str:
        """Digest of what a page is made from before rendering tells what else it reads."""
        return fingerprint(
            self.templates_key,
            self.window_key(self.positions.get(page.slug)),
            self.site.site_url,
            page.source_key,
            page.title,
            page.description,
            page.order,
            page.template,
            page.nav_title,
        )

    def from_cache(self, page: Page, key: str) -> RenderedPage | None:
        """The cached page when nothing it used has changed (its links go back on ``page``)."""
        cached = self.cache.pages.get(page.slug)
        if cached and cached.key == key and self.cache.still_valid(cached.used, self.data_hashes):
            page.links = list(cached.links)
            return RenderedPage(cached.html, cached.charts)
        return None

    def render_all(
        self, pages: list[Page], shape_of: Callable[[], SiteShape] | None = None
    ) -> Iterator[RenderedPage | TemplateFailure]:
        """Every page, in order, each as soon as it is ready, or the template mistake that
        stopped it; many uncached pages are rendered by forked workers.

        Markdown is the slowest stage of a large cold build, templates the next, and pages
        are independent: a worker converts and renders a page and hands back what the cache
        keeps (the page, its charts, its converted Markdown) and, given ``shape_of`` (the
        site's shape, made only when workers start), what later stages read from the page
        (see ``facts``); then the page
        here is a cache hit. Forked workers share this renderer as it is; where forking is
        not safe (a server's threads are running) only the Markdown goes to the workers.
        """
        global _worker_job
        keys = [self.key(page) for page in pages]
        done = [self.from_cache(page, key) for page, key in zip(pages, keys, strict=True)]
        todo = [index for index, rendered in enumerate(done) if rendered is None]
        made: Results[WorkerPage | Problem] | None = None
        shape = None
        if len(todo) >= PARALLEL_THRESHOLD and can_fork():
            shape = shape_of() if shape_of else None
            _worker_job = (self, pages, shape)
            made = each_page(_render_in_worker, todo, start_method="fork")
        else:
            self.convert_all_markdown([pages[index] for index in todo])
        try:
            for page, key, rendered in zip(pages, keys, done, strict=True):
                if rendered is None and made is not None:
                    result = next(made)
                    if isinstance(result, Problem):
                        yield TemplateFailure(result)
                        continue
                    self.keep(page, result, shape)
                try:
                    yield rendered or self.render(page, key)
                except TemplateFailure as failure:
                    yield failure  # the other pages still render: every mistake is reported
        finally:
            if made is not None:
                made.close()  # an error stops the workers
            _worker_job = None

    def keep(self, page: Page, made: WorkerPage, shape: SiteShape | None) -> None:
        """File a page a worker rendered into this process's cache, and its facts."""
        self.cache.pages[page.slug] = made.page
        self.cache.charts.update(made.charts)
        if made.markdown is not None:
            self.cache.markdown[page.body_key] = made.markdown
        if made.facts is not None and shape is not None:
            file_facts(page.slug, page.title, made.page.html, made.facts, shape, self.cache)
        self.rendered += 1

    def window_key(self, position: int | None) -> bytes:
        """Digest of the navigation entries a page at ``position`` shows."""
        key = self.window_keys.get(position)
        if key is None:
            shown = visible_nav(list(range(len(self.signatures))), position)
            joined = "".join(self.signatures[index] for index in shown)
            key = self.window_keys[position] = hashlib.sha256(joined.encode()).digest()
        return key

    def _render_fresh(self, page: Page, data: TrackedData) -> tuple[str, int]:
        self._convert_markdown(page)
        shared = self.shared(data)
        charts: list[Chart] = []

        def render_block(block: BlockRef) -> str:
            context = {**shared, "page": page}
            if block.kind == "block":
                return self.renderer.render(f"blocks/{block.name}.html", context, page.source)
            chart = self._chart(page, block, data)
            charts.append(chart)
            context.update(chart=chart, chart_json=embed_json(chart.figure))
            return self.renderer.render("blocks/chart.html", context, page.source)

        body = label_table_cells(substitute_blocks(page, render_block))
        body, page.toc = add_heading_anchors(body, self.permalink)
        context = self.page_context(page, shared, body, bool(charts))
        html = self.renderer.render(page.template or PAGE_TEMPLATE, context, page.source)
        return html, len(charts)

    def convert_all_markdown(self, pages: list[Page]) -> None:
        """Convert the Markdown of uncached pages on every core when there are many of them.

        Python-Markdown is the slowest stage of a large cold build and pages are independent,
        so a process pool uses both cores; results land in the cache the pages then read.
        """
        todo = {p.body_key: p.body for p in pages}
        todo = {key: body for key, body in todo.items() if key not in self.cache.markdown}
        if len(todo) < PARALLEL_THRESHOLD:
            return  # converted one by one as the pages render
        converted = map_pages(_convert_in_worker, todo.values())
        for key, result in zip(todo, converted, strict=True):
            self.cache.markdown[key] = result

    def _convert_markdown(self, page: Page) -> None:
        key = page.body_key
        if key in self.cache.markdown:
            page.html, links = self.cache.markdown[key]
            page.links = list(links)
            return
        self.markdown.render(page)
        self.cache.markdown[key] = (page.html, list(page.links))

    def _chart(self, page: Page, block: BlockRef, data: TrackedData) -> Chart:
        cached = self.cache.charts.get(block.name)
        if cached and self.cache.still_valid(cached.used, self.data_hashes):
            data.used.update(cached.used)
            return cached.chart
        used: set[str] = {"charts", "site"}
        try:
            chart = build_chart(block.name, TrackedData(data, used))
        except KeyError as missing:
            message = f"chart '{block.name}' needs data that is missing: {missing}"
            raise TemplateFailure(Problem(page.source, block.line, 1, message)) from None
        self.cache.charts[block.name] = CachedChart(
            {name: self.data_hashes.get(name, "") for name in sorted(used)}, chart
        )
        return chart

    def shared(self, data: Any) -> dict[str, Any]:
        config = self.site.config
        return {"site": config, "data": data, "sources": self.sources, "labels": config["labels"]}

    def page_context(
        self, page: Page, shared: dict[str, Any], body: str, has_charts: bool
    ) -> dict[str, Any]:
        """The variables a page template sees."""
        nav, site_url = self.site.nav, self.site.site_url
        index = self.positions.get(page.slug)
        previous = nav[index - 1] if index is not None and index > 0 else None
        following = nav[index + 1] if index is not None and index + 1 < len(nav) else None
        canonical = None
        if site_url and page.slug != "404":
            canonical = site_url + ("" if page.url == "index.html" else page.url)
        return {
            **shared,
            "page": page,
            "content": Markup(body),
            "nav": nav if page.slug == "404" else visible_nav(nav, index),
            "previous": previous,
            "next": following,
            "canonical": canonical,
            "site_path": urlsplit(site_url).path if site_url else None,
            "has_charts": has_charts,
        }
