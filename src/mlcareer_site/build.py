"""The build pipeline: load data → load content → validate → render → check links → write.

``build_site`` reads top to bottom as the list of stages; each stage is a function of its own.
Nothing is written until every stage has succeeded.
"""

from __future__ import annotations

import functools
import os
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .cache import CACHE_DIR, BuildCache, tree_fingerprint
from .charts import CHART_BUILDERS
from .content import Page, load_pages
from .data import display_path, load_data
from .errors import BuildError, Problem, Problems
from .facts import SiteShape
from .filememo import FileMemo
from .links import LinkMemo, check_links
from .offline import GUIDE_PATH, GUIDE_TEMPLATE, guide_context, offline_sections, slug_map_key
from .opendata import check_catalogue, open_data_files
from .outputs import check_content_files, check_output_names
from .pages import PageRenderer
from .render import TemplateFailure, embed_json
from .safety import check_links_stay_inside
from .schema import Checker, suggest
from .search import INDEX_PATH, SectionMemo, search_files
from .uptodate import BuildRecord, input_trees, inputs_key, output_listing
from .write import SiteFiles, Staging, check_output_dir, clean_leftovers
from .yamlfile import load_yaml_file

NOT_FOUND_TEMPLATE = "404.html"


@dataclass
class BuildResult:
    pages: int
    charts: int
    warnings: list[Problem] = field(default_factory=list)
    rendered: int = 0
    seconds: float = 0.0
    files: SiteFiles | None = None


@dataclass
class Site:
    """Everything a template may need, gathered once per build."""

    data: dict[str, Any]
    pages: list[Page]
    nav: list[Page]
    site_url: str | None

    @property
    def config(self) -> dict[str, Any]:
        return self.data["site"]


def build_site(
    project: Path,
    out: Path | None = None,
    site_url: str | None = None,
    strict: bool = False,
    write: bool = True,
    cache: BuildCache | None = None,
    later: bool = False,
) -> BuildResult:
    """Build the guide in ``project`` into ``out`` (default ``project/build``).

    Without ``cache`` the build keeps its cache in ``project/.cache/mlcareer-site`` and
    skips the work entirely when nothing changed since the last build into ``out``;
    ``serve`` passes a cache that lives in memory. With ``later`` (``serve`` again, which
    does not write) the files made from the whole site are left in ``files.later``, to be
    made once the pages are served; a failure there is a ``TemplateFailure`` then.
    """
    started = time.perf_counter()
    project = Path(project)
    out = Path(out) if out is not None else project / "build"
    if write:
        clean_leftovers(out)
        check_output_dir(out, project)
    outside = Problems()
    check_links_stay_inside(project, outside)
    outside.raise_if_errors()  # before anything reads the inputs, even to fingerprint them
    inputs, templates_key = None, None
    if write and cache is None:
        trees = input_trees(project)
        templates_key = trees["templates"]  # read once: the pages' cache keys use it too
        inputs = inputs_key(trees, site_url, strict)
        record = BuildRecord.load(project)
        if record is not None and record.still_holds(inputs, out):
            return BuildResult(
                pages=record.pages,
                charts=record.charts,
                warnings=record.problems(),
                seconds=time.perf_counter() - started,
            )
    problems = Problems()
    site = load_and_validate(project, problems, site_url)
    if cache is None:
        cache = BuildCache.load(project / CACHE_DIR / "build.json")
        if not write:
            cache.path = None  # `check` reads the cache; it writes no cache, no bytecode
    staging = Staging(out) if write else None
    try:
        files = SiteFiles(on_add=staging.write_soon if staging else None)
        charts, rendered, pages_html = render_site(
            project, site, files, problems, cache, templates_key, later and not write
        )
        link_memo = cache.runtime.setdefault("links", LinkMemo())
        check_links(site.pages, files, problems, pages_html, link_memo)
        if strict and problems.warnings:
            raise BuildError(problems.warnings + problems.errors)
        if staging:
            staging.publish(files)
    except BaseException:
        if staging:
            staging.discard()
        raise
    cache.save()
    if inputs is not None:
        BuildRecord(
            inputs,
            str(out.resolve()),
            output_listing(out),
            len(site.pages),
            charts,
            [warning.as_dict() for warning in problems.warnings],
        ).save(project)
    return BuildResult(
        pages=len(site.pages),
        charts=charts,
        warnings=problems.warnings,
        seconds=time.perf_counter() - started,
        files=files,
        rendered=rendered,
    )


def load_and_validate(project: Path, problems: Problems, site_url: str | None) -> Site:
    """Read data and content, check schemas, references and block names; stop on errors."""
    checker = Checker(problems)
    data = load_data(project, checker)
    pages = load_pages(project, checker)
    checker.resolve_references()
    problems.raise_if_errors()
    check_block_names(pages, project, data, problems)
    content_dir = project / "content"
    folder = display_path(content_dir, project)
    every = [p.relative_to(content_dir).as_posix() for p in files_inside(content_dir, project)]
    static = [path for path in every if not path.endswith(".md")]  # what content_static_files gives
    reported = check_output_names(pages, static, folder, problems)
    pages_elsewhere = [path for path in every if "/" in path and path.endswith(".md")]
    check_content_files(
        [path for path in static + pages_elsewhere if path not in reported], folder, problems
    )
    problems.raise_if_errors()
    if site_url:
        data["site"] = {**data["site"], "site_url": site_url}
    url = data["site"].get("site_url")
    if url and not url.endswith("/"):
        url += "/"
    return Site(
        data=data, pages=pages, nav=navigation_order(pages, data["site"], problems), site_url=url
    )


def check_block_names(
    pages: list[Page], project: Path, data: dict[str, Any], problems: Problems
) -> None:
    """Every ``::: name`` must name a block template, or a chart with a builder and text."""
    blocks_dir = project / "templates" / "blocks"
    known_blocks = sorted(p.stem for p in blocks_dir.glob("*.html"))
    described = {chart["id"] for chart in data.get("charts", {"charts": []})["charts"]}
    for page in pages:
        for block in page.blocks:
            if block.kind == "block" and block.name not in known_blocks:
                message = (
                    f"unknown block (templates/blocks/*.html) '{block.name}'"
                    f"{suggest(block.name, known_blocks)}"
                )
            elif block.kind == "chart" and block.name not in CHART_BUILDERS:
                message = f"unknown chart '{block.name}'{suggest(block.name, CHART_BUILDERS)}"
            elif block.kind == "chart" and block.name not in described:
                message = f"chart '{block.name}' has no entry in data/charts.yaml"
            else:
                continue
            problems.error(page.source, block.line, 1, message)
    check_chart_tables(project, data, known_blocks, problems)


def check_chart_tables(
    project: Path, data: dict[str, Any], known_blocks: list[str], problems: Problems
) -> None:
    """Each chart's ``table:`` must name a block template: reported at the chart's entry."""
    charts = data.get("charts", {"charts": []})["charts"]
    for index, chart in enumerate(charts):
        if chart["table"] in known_blocks:
            continue
        path = project / "data" / "charts.yaml"
        display = display_path(path, project)
        line, column = load_yaml_file(path, display).position(("charts", index, "table"))
        message = (
            f"charts[{index}].table: no block template 'templates/blocks/{chart['table']}.html'"
            f"{suggest(chart['table'], known_blocks)}"
        )
        problems.error(display, line, column, message)


def navigation_order(pages: list[Page], config: dict[str, Any], problems: Problems) -> list[Page]:
    """Order pages as ``site.yaml``'s ``nav`` says, else by front matter ``order``."""
    by_slug = {page.slug: page for page in pages}
    if config.get("nav"):
        listed = [by_slug[slug] for slug in config["nav"]]
        in_nav = set(config["nav"])
        for page in pages:
            if page.slug not in in_nav:
                problems.warning(page.source, 1, 1, "page is not listed in data/site.yaml nav")
        return listed
    return sorted(pages, key=lambda p: (p.order if p.order is not None else 10**9, p.slug))


def render_site(
    project: Path,
    site: Site,
    files: SiteFiles,
    problems: Problems,
    cache: BuildCache,
    templates_key: str | None = None,
    later: bool = False,
) -> tuple[int, int, dict[str, str]]:
    """Render every page, the 404 page and the static files.

    ``templates_key`` is the templates' digest when the caller already has it; ``later``
    leaves the search index and the offline guide to be made on demand.

    Returns the number of charts, of pages rendered afresh rather than taken from the cache,
    and each page's HTML by URL (the cached strings themselves, so the per-page memos of
    later stages find an unchanged page without hashing its text again).
    """
    templates_key = templates_key or tree_fingerprint(project / "templates")
    renderer = PageRenderer(project, site, cache, templates_key)
    chart_count = 0
    pages_html: dict[str, str] = {}
    try:
        rendered_pages = renderer.render_all(site.pages, lambda: site_shape(site, renderer))
        failures: list[Problem] = []
        for page, rendered in zip(site.pages, rendered_pages, strict=True):
            if isinstance(rendered, TemplateFailure):
                failures.append(rendered.problem)
                continue
            chart_count += rendered.charts
            files.add(page.url, utf8(rendered.html))
            pages_html[page.url] = rendered.html
        if failures:
            problems.extend(once_per_place(failures))
            problems.raise_if_errors()
        files.add("404.html", render_not_found(site, renderer))
        add_static_files(project, site, files, chart_count > 0)
        add_reader_files(site, files, renderer, problems, pages_html, later)
    except TemplateFailure as failure:
        problems.extend([failure.problem])
        problems.raise_if_errors()
    cache.prune({page.slug for page in site.pages}, {page.body_key for page in site.pages})
    return chart_count, renderer.rendered, pages_html


WHILE_RENDERING = re.compile(r" \(while rendering (.+)\)$")


def once_per_place(failures: list[Problem]) -> list[Problem]:
    """One problem per mistake: an error in the layout breaks every page, and is reported
    once, with the first page it broke and how many more."""
    by_place: dict[tuple[str, int, int, str], list[Problem]] = {}
    for problem in failures:
        message = WHILE_RENDERING.sub("", problem.message)
        by_place.setdefault((problem.file, problem.line, problem.column, message), []).append(
            problem
        )
    merged = []
    for (_file, _line, _column, message), same in by_place.items():
        first = same[0]
        if len(same) > 1 and (found := WHILE_RENDERING.search(first.message)):
            more = len(same) - 1
            pages = "page" if more == 1 else "pages"
            first = replace(
                first,
                message=f"{message} (while rendering {found.group(1)} and {more} more {pages})",
            )
        merged.append(first)
    return merged


def site_shape(site: Site, renderer: PageRenderer) -> SiteShape:
    """What besides its HTML shapes what later stages read from a page (see ``facts``)."""
    page_slugs = {page.url: page.slug for page in site.pages}
    return SiteShape(
        page_slugs,
        slug_map_key(page_slugs),
        site.site_url,
        renderer.renderer.template_exists(GUIDE_TEMPLATE),
    )


@functools.lru_cache(maxsize=16384)
def utf8(html: str) -> bytes:
    """A page's bytes, encoded once per page text (a cached page is the same string)."""
    return html.encode("utf-8")


def render_not_found(site: Site, renderer: PageRenderer) -> str:
    """The page GitHub Pages shows for a missing address, with the full navigation.

    It reads the templates, the navigation and any data; while none of them changes (a
    ``serve`` rebuild after a page's text was edited) the last one is reused.
    """
    key = (
        renderer.templates_key,
        renderer.signatures,
        site.site_url,
        tuple(sorted(renderer.data_hashes.items())),
    )
    remembered = renderer.cache.runtime.get("404")
    if remembered is None or remembered[0] != key:
        remembered = renderer.cache.runtime["404"] = (key, render_not_found_page(site, renderer))
    return remembered[1]


def render_not_found_page(site: Site, renderer: PageRenderer) -> str:
    labels = site.config["labels"]
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
    context = renderer.page_context(page, renderer.shared(site.data), "", False)
    return renderer.renderer.render(NOT_FOUND_TEMPLATE, context, "the 404 page")


def add_reader_files(
    site: Site,
    files: SiteFiles,
    renderer: PageRenderer,
    problems: Problems,
    pages_html: dict[str, str],
    later: bool = False,
) -> None:
    """What readers get beyond the pages, made from the finished pages and the data: the
    search index, the open data (JSON and CSV) and the single-file offline guide.

    With ``later`` the index and the guide are added to be made on demand (see SiteFiles).
    """
    in_nav = {page.slug for page in site.nav}
    pages = site.nav + [page for page in site.pages if page.slug not in in_nav]
    rendered = [(page, pages_html[page.url]) for page in pages]
    check_catalogue(site.data, problems)
    problems.raise_if_errors()
    for path, content in open_data_files(site.data).items():
        files.add(path, content)
    add = files.add_later if later else lambda path, make: files.add(path, make())
    add(INDEX_PATH, lambda: search_index(site, renderer, rendered))
    if renderer.renderer.template_exists(GUIDE_TEMPLATE):
        add(GUIDE_PATH, lambda: offline_guide(site, files, renderer, rendered))


def search_index(site: Site, renderer: PageRenderer, rendered: list[tuple[Page, str]]) -> str:
    """The search index script, reusing the sections of pages seen by earlier builds."""
    readers: dict[str, set[str]] = {}
    for page, _ in rendered:
        for name in renderer.cache.pages[page.slug].used:
            readers.setdefault(name, set()).add(page.url)
    memo = renderer.cache.runtime.get("search")
    if not isinstance(memo, SectionMemo):
        memo = renderer.cache.runtime["search"] = SectionMemo()
    memo.previous, memo.current = renderer.cache.search, {}
    found = search_files(
        [(page.url, page.title, html) for page, html in rendered], site.data, readers, memo
    )
    memo.forget_unused()
    renderer.cache.search = memo.current
    return found[INDEX_PATH]


def offline_guide(
    site: Site, files: SiteFiles, renderer: PageRenderer, rendered: list[tuple[Page, str]]
) -> str:
    """The whole guide in one file, with the site's stylesheet and icon inlined."""
    sections = offline_sections(
        [(page.slug, page.url, page.title, html) for page, html in rendered], site.site_url
    )
    css = files.files.get("assets/site.css", b"").decode("utf-8")
    icon = files.files.get("assets/favicon.svg")
    context = guide_context(site.config, sections, css, icon, site.site_url)
    return renderer.renderer.render(GUIDE_TEMPLATE, context, GUIDE_PATH)


def add_static_files(project: Path, site: Site, files: SiteFiles, with_plotly: bool) -> None:
    """Copy assets and content images, and write the files every static host expects."""
    assets_dir = project / "templates" / "assets"
    for path in files_inside(assets_dir, project):
        files.add("assets/" + path.relative_to(assets_dir).as_posix(), STATIC.read(path, bytes))
    content_dir = project / "content"
    for path in content_static_files(project):
        files.add(path.relative_to(content_dir).as_posix(), STATIC.read(path, bytes))
    if with_plotly and "assets/plotly.min.js" not in files:
        files.add("assets/plotly.min.js", plotly_js())
    files.add(".nojekyll", "")
    robots = "User-agent: *\nAllow: /\n"
    if site.site_url:
        robots += f"Sitemap: {site.site_url}sitemap.xml\n"
        files.add("sitemap.xml", sitemap(site))
    files.add("robots.txt", robots)


def content_static_files(project: Path) -> list[Path]:
    """The files of ``content/`` published as they are (images and the like): not the pages."""
    return files_inside(project / "content", project, skip_suffix=".md")


def files_inside(folder: Path, project: Path, skip_suffix: str = "") -> list[Path]:
    """Files under ``folder`` that really live in the project: a symlink out is never copied.

    ``skip_suffix`` leaves out files by name before anything is resolved (content/ holds
    thousands of pages and a few images). Names starting with a dot are never copied.
    """
    root = project.resolve()
    found = [
        Path(directory, name)
        for directory, _, names in os.walk(folder)
        for name in names
        if not name.startswith(".") and not (skip_suffix and name.endswith(skip_suffix))
    ]
    return [
        path for path in sorted(found) if path.is_file() and path.resolve().is_relative_to(root)
    ]


STATIC: FileMemo[bytes] = FileMemo(limit=4096)
"""Bytes of static files read before (plotly.min.js is 1.2 MB): read again once changed."""


def sitemap(site: Site) -> str:
    """List every page with the data's last-updated date (never the clock: builds repeat)."""
    updated = site.config["updated"].isoformat()
    entries = []
    for page in site.nav + [p for p in site.pages if p not in site.nav]:
        loc = site.site_url + ("" if page.url == "index.html" else page.url)
        entries.append(f"  <url><loc>{_xml_escape(loc)}</loc><lastmod>{updated}</lastmod></url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_js() -> bytes:
    """The full plotly.js bundle of the installed plotly package, used when the templates'
    assets do not bring a smaller official bundle of their own (no CDN either way)."""
    from importlib.resources import files as package_files

    return (package_files("plotly") / "package_data" / "plotly.min.js").read_bytes()


__all__ = ["BuildResult", "build_site", "embed_json"]
