"""The build pipeline: load and validate → render pages → reader files → check links → write.

``build_site`` reads top to bottom as the list of stages. Each stage is a step of the
incremental engine (see ``engine``): its result is reused while what it read is unchanged,
so this file holds no caching code. Nothing is written until every stage has succeeded.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from importlib.util import find_spec
from pathlib import Path

import jinja2
import markdown

from . import __version__
from .engine import Entry, Reads, Revision, Store
from .errors import BuildError, Problem, Problems
from .offline import GUIDE_PATH
from .pages import NOT_FOUND, PAGE, REDIRECT, PageFailure, RenderedPage, Toolbox, toolbox
from .parallel import Workers
from .published import last_published, record_published
from .readerfiles import (
    GUIDE_SECTION,
    LINK_WARNINGS,
    OFFLINE_GUIDE,
    OPEN_DATA,
    PAGE_LINKS,
    SEARCH_INDEX,
    SEARCH_ROWS,
    SOURCE_LINK_WARNINGS,
    STATIC_FILES,
)
from .render import TemplateFailure, compile_on_two_cores, embed_json, template_syntax_problems
from .safety import check_links_stay_inside
from .schema import listed
from .search import INDEX_PATH
from .sources import DATA_FILE, PAGE_FILE, SITE, Failed, Site
from .write import SiteFiles, Staging, check_output_dir, clean_leftovers

CACHE_DIR = Path(".cache") / "mlcareer-site"
STORE_FILE = "store.json"
PLOTLY_PATH = "assets/plotly.min.js"
SKIPPED_AFTER_INPUT_ERRORS = (
    "the pages are rendered, and links to headings checked, once these are fixed"
)
"""Said when data or front matter has errors: rendering needs them, so it did not run (the
templates' syntax and links to missing pages are checked all the same)."""
WORKER_STEPS = (PAGE, SEARCH_ROWS, PAGE_LINKS, GUIDE_SECTION)
"""What a worker makes of each page it renders: the page, and what later stages read of it."""
SEEDED = frozenset({SITE.name, PAGE_FILE.name, DATA_FILE.name})
"""What workers are handed, made here already: the site and every file it was read from."""


@dataclass
class BuildResult:
    pages: int
    charts: int
    warnings: list[Problem] = field(default_factory=list)
    rendered: int = 0
    seconds: float = 0.0
    files: SiteFiles | None = None
    revision: Revision | None = None
    link_warnings: Callable[[], list[Problem]] | None = None
    """With ``later``: the link check, left for after the pages are served."""


@functools.cache
def generator_version() -> str:
    """Who made the stored results: this package's version and code, the libraries that
    shape the HTML, and the plotly.js bundle the site may ship. Editing a chart builder must
    not serve stale figures. (Versions are read from the modules, which are loaded anyway:
    asking the package metadata would cost 40 ms of every build.)"""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(f"markdown={markdown.__version__} jinja2={jinja2.__version__}".encode())
    bundle = plotly_bundle()
    info = bundle.stat() if bundle.is_file() else None
    digest.update(f"plotly.js={info and (info.st_size, info.st_mtime_ns)}".encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def project_store(project: Path, write: bool = True) -> Store:
    """The store ``build`` keeps beside the project (git-ignored, safe to delete); ``check``
    reads it and never writes it."""
    store = Store.on_disk(project / CACHE_DIR / STORE_FILE, generator_version())
    if not write:
        store.path = None
    return store


def build_site(
    project: Path,
    out: Path | None = None,
    site_url: str | None = None,
    strict: bool = False,
    write: bool = True,
    store: Store | None = None,
    later: bool = False,
    workers: Workers | None = None,
    watched: Collection[str] | None = None,
) -> BuildResult:
    """Build the guide in ``project`` into ``out`` (default ``project/build``).

    Without ``store`` the build uses the one kept in ``project/.cache/mlcareer-site``;
    ``serve`` passes a store that lives in memory. With ``later`` (``serve``, which does
    not write) the files made from the whole site are left in ``files.later``, made once
    the pages are served, and the caller commits ``revision`` after them; the link check
    is left in ``result.link_warnings`` too. ``watched``: the paths ``serve``'s file watcher
    saw change since the store last recorded its inputs; the others are not looked at.
    """
    started = time.perf_counter()
    project = Path(project)
    out = Path(out) if out is not None else project / "build"
    if write:
        clean_leftovers(out)
        check_output_dir(out, project)
    outside = Problems()
    check_links_stay_inside(project, outside)
    outside.raise_if_errors()  # before anything reads the inputs
    store = store if store is not None else project_store(project, write)
    workers = workers if workers is not None else Workers.for_command()
    rev = store.revision(project, {"site_url": site_url, "strict": strict}, watched)
    if write and (same := last_published(rev, out)) is not None:
        pages, charts, warnings = same
        return BuildResult(pages, charts, warnings, seconds=time.perf_counter() - started)
    if workers.method:
        rev.deferred = {step.name: workers.threshold for step in WORKER_STEPS}
    rev.local = toolbox_of(store, project)
    rev.local.bind(rev)
    top = Reads(rev)
    site = top.need(SITE, None)
    if isinstance(site, Failed):
        found = [*site.problems, *template_syntax_problems(rev), *source_link_problems(top)]
        raise BuildError(found, SKIPPED_AFTER_INPUT_ERRORS)
    top.option("strict")
    compile_on_two_cores(toolbox(top).env)  # with the filters bound: templates use them
    problems = Problems()
    problems.extend(site.problems)
    links_later = later and not strict  # links only warn: serve shows them after the pages
    staging = Staging(out) if write else None
    try:
        files = SiteFiles(on_add=staging.write_soon if staging else None)
        charts, failures = add_pages(top, site, files, workers)
        failures += add_reader_files(top, site, files, charts > 0, problems, later)
        problems.extend(once_per_place(failures))
        if not links_later:
            problems.extend(link_warnings(top, site))
        problems.raise_if_errors()
        if strict and problems.warnings:
            raise BuildError(problems.warnings + problems.errors, strict=True)
        if staging:
            staging.publish(files)
    except BaseException:
        if staging:
            staging.discard()
        raise
    result = BuildResult(
        pages=len(site.pages),
        charts=charts,
        warnings=problems.warnings,
        seconds=time.perf_counter() - started,
        files=files,
        rendered=len(rev.ran_steps(PAGE.name)),
        revision=rev,
    )
    if links_later:
        result.link_warnings = lambda: link_warnings(top, site)
    if write:
        record_published(top, out, result.pages, result.charts, result.warnings)
    if not later:
        rev.commit(save=write)
        result.seconds = time.perf_counter() - started  # saving the store is part of it
    return result


def toolbox_of(store: Store, project: Path) -> Toolbox:
    """The store's template environment and Markdown converter, made once per store."""
    if not isinstance(store.local, Toolbox):
        bytecode_dir = store.path.parent / "jinja" if store.path is not None else None
        store.local = Toolbox(project, bytecode_dir)
    return store.local


def add_pages(
    top: Reads, site: Site, files: SiteFiles, workers: Workers
) -> tuple[int, list[Problem]]:
    """Every page, in order, written as soon as it is ready; returns the number of charts
    and the template mistakes (one stops only its page: every page is tried)."""
    charts = 0
    failures = []
    for page, made in zip(site.pages, rendered_pages(top, site, workers), strict=True):
        if isinstance(made, PageFailure):
            failures.append(made.problem)
            continue
        charts += made.charts
        files.add(page.url, made.encoded)
    return charts, failures


def rendered_pages(
    top: Reads, site: Site, workers: Workers
) -> Iterator[RenderedPage | PageFailure]:
    """Each page's result in order; many pages to render go to the workers first."""
    rev = top.revision
    slugs = [page.slug for page in site.pages]
    todo = rev.needs_run(PAGE, slugs) if workers.method else []
    made: Iterator[dict[str, Entry]] = iter(())
    if len(todo) >= workers.threshold:
        seed = {
            key: entry
            for key, entry in rev.store.entries.items()
            if key.split("\0", 1)[0] in SEEDED and key in rev.values
        }
        made = iter(workers.run(rev, WORKER_STEPS, todo, seed, rev.local.bytecode_dir))
    else:
        todo = []
    in_workers = set(todo)
    for slug in slugs:
        if slug in in_workers:
            rev.seed(next(made), ran=True)
        yield top.need(PAGE, slug)


def add_reader_files(
    top: Reads, site: Site, files: SiteFiles, with_charts: bool, problems: Problems, later: bool
) -> list[Problem]:
    """The 404 page, static files, open data, search index, offline guide and the files
    every static host expects; returns the 404 page's template mistake, if any."""
    failures = []
    not_found = top.need(NOT_FOUND, None)
    if isinstance(not_found, PageFailure):
        failures.append(not_found.problem)
    else:
        files.add("404.html", not_found)
    for page in site.pages:
        for alias in page.aliases:
            redirect = top.need(REDIRECT, (alias, page.slug))
            if isinstance(redirect, PageFailure):
                failures.append(redirect.problem)
            else:
                files.add(f"{alias}.html", redirect)
    static = top.need(STATIC_FILES, None)
    for path, content in static.items():
        files.add(path, content)
    if with_charts and PLOTLY_PATH not in static:
        files.add(PLOTLY_PATH, plotly_js())
    open_data, catalogue_problems = top.need(OPEN_DATA, None)
    problems.extend(list(catalogue_problems))
    for path, content in open_data.items():
        files.add(path, content)
    files.add(".nojekyll", "")
    robots = "User-agent: *\nAllow: /\n"
    if site.site_url:
        robots += f"Sitemap: {site.site_url}sitemap.xml\n"
        files.add("sitemap.xml", sitemap(site))
    files.add("robots.txt", robots)

    def add_now(path: str, make: Callable[[], str | bytes]) -> None:
        try:
            files.add(path, make())
        except TemplateFailure as failure:  # reported with the others, at its line
            failures.append(failure.problem)

    add = files.add_later if later else add_now
    add(INDEX_PATH, lambda: top.need(SEARCH_INDEX, None))
    if top.revision.file_digest("templates/guide.html") != "missing":
        add(GUIDE_PATH, lambda: made_or_raise(top.need(OFFLINE_GUIDE, None)))
    return failures


def made_or_raise(made: str | PageFailure | None) -> str:
    if isinstance(made, PageFailure):
        raise TemplateFailure(made.problem)
    return made or ""


def source_link_problems(top: Reads) -> list[Problem]:
    """Links typed in the pages that go to no page or file, found from the Markdown alone,
    for a project whose data or front matter failed (nothing could be rendered)."""
    problems = Problems()
    for name in top.listing("content"):
        if name.endswith(".md"):
            path = f"content/{name}"
            for line, column, message in top.need(SOURCE_LINK_WARNINGS, path):
                problems.warning(path, line, column, message)
    return problems.items


def link_warnings(top: Reads, site: Site) -> list[Problem]:
    """Warnings about links to missing pages, files or ids, at their line where typed."""
    found = Problems()
    for page in site.pages:
        for line, column, message in top.need(LINK_WARNINGS, page.slug):
            found.warning(page.source, line, column, message)
    return found.items


# ------------------------------------------------------------- small helpers

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
    return one_per_missing_template(merged)


TEMPLATE_NOT_FOUND = re.compile(r"^template '([^']+)' not found")


def one_per_missing_template(problems: list[Problem]) -> list[Problem]:
    """A deleted template that many templates include is one mistake: said at the first
    place that asks for it, with how many more do."""
    by_name: dict[str, list[Problem]] = {}
    for problem in problems:
        if found := TEMPLATE_NOT_FOUND.match(problem.message):
            by_name.setdefault(found.group(1), []).append(problem)
    merged = []
    for problem in problems:
        found = TEMPLATE_NOT_FOUND.match(problem.message)
        same = by_name.get(found.group(1), []) if found else [problem]
        if problem is not same[0]:
            continue
        if len(same) > 1:
            files = list(dict.fromkeys(p.file for p in same[1:]))
            more = f"; {listed(files)} ask{'s' if len(files) == 1 else ''} for it too"
            problem = replace(problem, message=problem.message + more)
        merged.append(problem)
    return merged


def sitemap(site: Site) -> str:
    """List every page with the data's last-updated date (never the clock: builds repeat)."""
    assert site.site_url is not None
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
    return plotly_bundle().read_bytes()


def plotly_bundle() -> Path:
    """Where the plotly package keeps its bundle, found without importing the package (its
    Python side is not used to build: charts are plain data)."""
    spec = find_spec("plotly")
    folders = spec.submodule_search_locations if spec is not None else None
    return Path(next(iter(folders or []), "plotly")) / "package_data" / "plotly.min.js"


__all__ = ["BuildResult", "build_site", "embed_json"]
