"""What readers get beyond the pages, and the link check, as steps over the rendered pages.

Each page's facts — its search sections, its ids and links, its part of the offline guide —
are steps of their own, read from the page's HTML where the page was rendered (a worker of
a large cold build reads them right after rendering). The files made from the whole site
(the search index, the offline guide) then only join those facts: a rebuild after one
page changed reads only that page again.
"""

from __future__ import annotations

import difflib
from typing import Any

from markupsafe import Markup

from .content import page_url
from .engine import Reads, Step
from .errors import Problem
from .links import PageLinks, link_target, page_link_problem, read_page_links
from .markup import output_href
from .offline import GUIDE_PATH, GUIDE_TEMPLATE, GuideSection, guide_context, offline_section
from .opendata import OUTPUT_DIR as OPEN_DATA_DIR
from .opendata import check_catalogue_problems, open_data_files, table_csv, to_json
from .outputs import editor_leftover
from .pages import MARKDOWN, NOT_FOUND, PAGE, PageFailure, RenderedPage, toolbox
from .render import TemplateFailure
from .schema import suggest
from .search import (
    INDEX_PATH,
    DataRecord,
    PageEntries,
    assemble_index,
    data_ids,
    entries_json,
    index_script,
    page_entries,
)
from .search import data_records as search_data_records
from .search import section_rows as read_section_rows
from .sources import (
    DATA,
    PAGE_FILE,
    PAGE_LIST,
    PAGE_SLUGS,
    PAGE_SOURCE,
    SITE_URL,
    DataReads,
    the_site,
)
from .yamlfile import YamlError, decode_text, parse_yaml

CONTENT_DIR, ASSETS_DIR = "content", "templates/assets"


def rendered(reads: Reads, slug: str) -> RenderedPage | None:
    page = reads.need(PAGE, slug)
    return page if isinstance(page, RenderedPage) else None


# ------------------------------------------------------------- search


def search_rows(reads: Reads, slug: str) -> str:
    """The entries of each section of one page, as the index's JSON (``entries_json``)."""
    page = rendered(reads, slug)
    if page is None:
        return ""
    title = reads.need(PAGE_SOURCE, slug).title
    return entries_json(read_section_rows((page.html, title)))


SEARCH_ROWS: Step[str, str] = Step("search rows", search_rows, keep=True)


def search_page(reads: Reads, arg: tuple[int, str]) -> PageEntries:
    number, slug = arg
    return page_entries(number, reads.need(SEARCH_ROWS, slug))


SEARCH_PAGE: Step[tuple[int, str], PageEntries] = Step("search page", search_page, backdate=False)
"""Made from one page's rows alone, so it changes whenever they do: hashing its value (the
page's text three times over) cost a cold build of 1000 pages 0.1 s."""


def data_records(reads: Reads, _: None) -> Any:
    """Each data file's records, in file-name order (see ``search.data_records_by_file``)."""
    names = sorted(DataReads(reads))
    return [(name, reads.need(FILE_RECORDS, name)) for name in names]


DATA_RECORDS: Step[None, Any] = Step("data records", data_records)


def file_records(reads: Reads, name: str) -> list[DataRecord]:
    """One data file's records: made again only when that file, or the set of ids, changes."""
    return list(search_data_records(reads.need(DATA, name), reads.need(DATA_IDS, None)))


FILE_RECORDS: Step[str, list[DataRecord]] = Step("file records", file_records)


def every_data_id(reads: Reads, _: None) -> frozenset[str]:
    data = DataReads(reads)
    return frozenset(data_ids({name: data[name] for name in sorted(data)}))


DATA_IDS: Step[None, frozenset[str]] = Step("data ids", every_data_id)


def search_index(reads: Reads, _: None) -> str:
    """The search index script: every page's sections, then the data records."""
    pages = reads.need(PAGE_LIST, None)
    by_page = [reads.need(SEARCH_PAGE, (number, slug)) for number, (slug, _, _) in enumerate(pages)]
    readers: dict[str, set[str]] = {}
    for slug, url, _ in pages:
        page = rendered(reads, slug)
        for name in page.data_read if page else ():
            readers.setdefault(name, set()).add(url)
    records = reads.need(DATA_RECORDS, None)
    pairs = [(url, title) for _, url, title in pages]
    return index_script(assemble_index(pairs, by_page, records, readers))


SEARCH_INDEX: Step[None, str] = Step("search index", search_index, backdate=False)
"""A file of the site, read by no other step, and remade only when a page's entries or the
data changed (so it changed too): hashing its megabytes at every rebuild was wasted."""


# ------------------------------------------------------------- links


def page_links(reads: Reads, slug: str) -> PageLinks:
    page = rendered(reads, slug)
    return read_page_links(page.html if page else "")


PAGE_LINKS: Step[str, PageLinks] = Step(
    "page links",
    page_links,
    keep=True,
    decode=lambda saved: PageLinks(*(tuple(part) for part in saved)),
)


EVERY_SITE_HAS = frozenset({"404.html", ".nojekyll", "robots.txt", INDEX_PATH})
"""Files of every built site, whatever the project holds."""


def output_paths(reads: Reads, _: None) -> frozenset[str]:
    """Every path the site will have (to check links against), known before it is made."""
    paths = {url for _, url, _ in reads.need(PAGE_LIST, None)}
    paths |= {f"{alias}.html" for alias in reads.need(ALIASES, None)}
    paths |= EVERY_SITE_HAS
    paths |= set(reads.need(STATIC_FILES, None))
    paths |= set(reads.need(OPEN_DATA, None)[0])
    if reads.exists(f"templates/{GUIDE_TEMPLATE}"):
        paths.add(GUIDE_PATH)
    if reads.need(SITE_URL, None):
        paths.add("sitemap.xml")
    return frozenset(paths)


OUTPUT_PATHS: Step[None, frozenset[str]] = Step("output paths", output_paths)


def aliases(reads: Reads, _: None) -> tuple[str, ...]:
    """Every old address kept by a page's ``aliases:`` (read from the site, which any page
    edit changes: a thousand cheap lookups in one step, not a thousand recorded reads)."""
    return tuple(alias for page in the_site(reads).pages for alias in page.aliases)


ALIASES: Step[None, tuple[str, ...]] = Step("aliases", aliases)


def link_targets(reads: Reads, _: None) -> dict[str, tuple[str, ...] | None]:
    """Every path of the site, with the ids of each page in it (links may name one).

    One result for the whole site: it changes only when a file comes or goes or an id
    does, so editing a page's text does not check the other pages' links again. The ids
    of the other HTML files (the offline guide, the 404 page) are read only for a link
    that names one (``file_ids``): the guide is made from every page.
    """
    slugs = reads.need(PAGE_SLUGS, None)
    return {
        path: reads.need(PAGE_LINKS, slugs[path]).ids if path in slugs else None
        for path in sorted(reads.need(OUTPUT_PATHS, None))
    }


LINK_TARGETS: Step[None, dict[str, tuple[str, ...] | None]] = Step("link targets", link_targets)


def file_ids(reads: Reads, path: str) -> tuple[str, ...]:
    """The ids in an HTML file of the site that is not a page."""
    made = reads.need(OFFLINE_GUIDE if path == GUIDE_PATH else NOT_FOUND, None)
    return read_page_links(made if isinstance(made, str) else "").ids


FILE_IDS: Step[str, tuple[str, ...]] = Step("file ids", file_ids)


def link_warnings(reads: Reads, slug: str) -> tuple[tuple[int, int, str], ...]:
    """(line, column, message) of each broken link of one page: where the editor typed it,
    with the closest page or heading when there is one."""
    page = rendered(reads, slug)
    if page is None:
        return ()
    own = reads.need(PAGE_LINKS, slug)
    source = reads.need(PAGE_SOURCE, slug)
    targets = reads.need(LINK_TARGETS, None)
    warnings = [
        (1, 1, f"id '{duplicate}' is used more than once") for duplicate in own.duplicate_ids
    ]
    authored = {output_href(href): href for href in page.links}
    for url in own.internal_urls:
        href = authored.get(url, url)
        path, fragment = link_target(href)
        target = path or source.url
        ids = targets.get(target)
        if ids is None and fragment and target.endswith(".html") and target in targets:
            ids = reads.need(FILE_IDS, target)
        state = (target in targets, ids)
        message = page_link_problem(href, fragment, state)
        if message is None:
            continue
        message += closest_target(href, path, fragment, targets, ids)
        if url in authored:
            line, column = source.link_position(authored[url])
            warnings.append((line, column + 1, message))
        else:
            warnings.append((1, 1, message + " (in a block or the layout)"))
    return tuple(warnings)


def closest_target(
    href: str,
    path: str,
    fragment: str,
    targets: dict[str, tuple[str, ...] | None],
    ids: tuple[str, ...] | None,
) -> str:
    """ "; did you mean 'x'?" for a link to a missing page (named as the editor names pages:
    by their Markdown file) or file, or to a missing heading of a page that exists. Names
    are compared without the suffix that every candidate shares."""
    if path and path not in targets:
        lowered = {name.lower(): name for name in targets}
        for candidate in (path, f"{path}.html"):  # 'Salaries.md', 'Logo.svg'; 'salaries'
            if (found_name := lowered.get(candidate.lower())) is not None:
                if targets[found_name] is not None and found_name.endswith(".html"):
                    found_name = f"{found_name[: -len('.html')]}.md"  # a page, as linked
                return f"; did you mean '{found_name}'?"
        written = href.split("#")[0].rsplit("/", 1)[-1]
        stem, dot, suffix = written.rpartition(".")
        if not dot:
            stem, suffix = written, ""
        if suffix == "md":
            pages = [
                name[: -len(".html")]
                for name, page_ids in targets.items()
                if page_ids is not None and name.endswith(".html")
            ]
            names = {page: f"{page}.md" for page in pages}
        else:
            names = {name.rpartition(".")[0]: name for name in targets if name.endswith(suffix)}
        found = difflib.get_close_matches(stem, list(names), n=1, cutoff=0.6)
        return f"; did you mean '{names[found[0]]}'?" if found else ""
    if fragment and ids:
        return suggest(fragment, ids)
    return ""


def source_targets(reads: Reads, _: None) -> dict[str, tuple[str, ...] | None]:
    """The paths the site will have, known without the data or any rendering (for the link
    check of a project whose data or front matter failed): pages (their ids unknown), the
    files of ``content/`` and of the templates' assets, and what every site has."""
    targets: dict[str, tuple[str, ...] | None] = {}
    for path in reads.tree(CONTENT_DIR):
        if path.endswith(".md") and "/" not in path:
            targets[page_url(path[: -len(".md")])] = ()
        elif not path.endswith(".md"):
            targets[path] = None
    for path in reads.tree(ASSETS_DIR):
        targets["assets/" + path] = None
    for path in (*EVERY_SITE_HAS, "sitemap.xml", GUIDE_PATH):
        targets[path] = None
    targets.setdefault(page_url("index"), ())  # a missing home page is reported on its own
    return targets


SOURCE_TARGETS: Step[None, dict[str, tuple[str, ...] | None]] = Step(
    "source targets", source_targets
)


def source_link_warnings(reads: Reads, path: str) -> tuple[tuple[int, int, str], ...]:
    """(line, column, message) of each link typed in one page that points to no page or
    file, from its Markdown alone: while the data or front matter has mistakes nothing is
    rendered, so which headings a page has (``#part`` of a link) is checked once they are
    fixed, and so are links into ``data/`` (the open data is made from the data)."""
    parsed = reads.need(PAGE_FILE, path)
    if parsed.page is None or parsed.problems:
        return ()
    source = parsed.page
    targets = reads.need(SOURCE_TARGETS, None)
    warnings = []
    for href in dict.fromkeys(reads.need(MARKDOWN, source.body)[1]):
        target, _fragment = link_target(href)
        if not target or target.startswith(OPEN_DATA_DIR + "/"):
            continue
        message = page_link_problem(href, "", (target in targets, None))
        if message is None:
            continue
        message += closest_target(href, target, "", targets, None)
        line, column = source.link_position(href)
        warnings.append((line, column + 1, message))
    return tuple(warnings)


SOURCE_LINK_WARNINGS: Step[str, tuple[tuple[int, int, str], ...]] = Step(
    "source link warnings", source_link_warnings
)


LINK_WARNINGS: Step[str, tuple[tuple[int, int, str], ...]] = Step(
    "link warnings",
    link_warnings,
    keep=True,
    decode=lambda saved: tuple(tuple(warning) for warning in saved),
)


# ------------------------------------------------------------- the offline guide


def guide_section(reads: Reads, slug: str) -> GuideSection | None:
    page = rendered(reads, slug)
    if page is None:
        return None
    page_slugs = reads.need(PAGE_SLUGS, None)
    title = reads.need(PAGE_SOURCE, slug).title
    return offline_section(slug, title, page.html, page_slugs, reads.need(SITE_URL, None))


def encode_section(section: GuideSection | None) -> Any:
    if section is None:
        return None
    return [section.slug, section.title, str(section.html), section.title_id, section.toc]


def decode_section(saved: Any) -> GuideSection | None:
    if saved is None:
        return None
    slug, title, html, title_id, toc = saved
    return GuideSection(slug, title, Markup(html), title_id, toc)


GUIDE_SECTION: Step[str, GuideSection | None] = Step(
    "guide section", guide_section, keep=True, encode=encode_section, decode=decode_section
)
"""Kept on disk: a one-page edit of a 1000-page guide made all of them again (0.4–0.6 s,
and every page's source read again for its title), where saving them costs a cold build
0.05 s and reading them back a warm one as much."""


def offline_guide(reads: Reads, _: None) -> str | PageFailure | None:
    """The whole guide in one file, with the site's stylesheet and icon inlined."""
    if not reads.exists(f"templates/{GUIDE_TEMPLATE}"):
        return None
    sections = [reads.need(GUIDE_SECTION, slug) for slug, _, _ in reads.need(PAGE_LIST, None)]
    css = (reads.file(f"{ASSETS_DIR}/site.css") or b"").decode("utf-8")
    icon = reads.file(f"{ASSETS_DIR}/favicon.svg")
    config = reads.need(DATA, "site")
    context = guide_context(
        config, [s for s in sections if s is not None], css, icon, reads.need(SITE_URL, None)
    )
    box = toolbox(reads)
    try:
        with box.env.recording(reads):
            return box.renderer.render(GUIDE_TEMPLATE, context, GUIDE_PATH)
    except TemplateFailure as failure:
        return PageFailure(failure.problem)


OFFLINE_GUIDE: Step[None, str | PageFailure | None] = Step(
    "offline guide", offline_guide, backdate=False
)
"""Remade only when a section, the stylesheet or the template changed, which changes it: it
is not hashed (every page's article in one file, 10 MB at 1000 pages)."""


# ------------------------------------------------------------- open data and static files


def open_data(reads: Reads, _: None) -> tuple[dict[str, str], tuple[Problem, ...]]:
    """Every data file as JSON and the catalogue's tables as CSV, or what is wrong."""
    data = DataReads(reads)
    problems = check_catalogue_problems(data, lambda path: position_in(reads, CATALOGUE, path))
    failed = any(problem.severity == "error" for problem in problems)
    if failed:
        return {}, problems
    return (
        open_data_files(
            data,
            lambda name: reads.need(DATA_JSON, name),
            lambda name, table: reads.need(DATA_CSV, (name, table)),
        ),
        problems,
    )


OPEN_DATA: Step[None, tuple[dict[str, str], tuple[Problem, ...]]] = Step("open data", open_data)


def data_json(reads: Reads, name: str) -> str:
    return to_json(reads.need(DATA, name))


DATA_JSON: Step[str, str] = Step("data json", data_json)
"""One data file as JSON: made again only when that file changes."""


def data_csv(reads: Reads, arg: tuple[str, str]) -> str | None:
    name, table = arg
    return table_csv(reads.need(DATA, name), table)


DATA_CSV: Step[tuple[str, str], str | None] = Step("data csv", data_csv)


CATALOGUE = "data/open_data.yaml"


def position_in(reads: Reads, file: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    """Where the value at ``path`` is written in a data file (1, 1 when it cannot be told)."""
    raw = reads.file(file)
    try:
        document = parse_yaml(decode_text(raw or b"", len(raw or b""), file), file)
    except YamlError:
        return 1, 1
    return document.position(path)


def static_files(reads: Reads, _: None) -> dict[str, bytes]:
    """Assets of the templates and the files of content/ that are not pages, as they are."""
    files = {}
    for path in reads.tree(ASSETS_DIR):
        files["assets/" + path] = reads.file(f"{ASSETS_DIR}/{path}") or b""
    for path in reads.tree(CONTENT_DIR):
        if not path.endswith(".md") and not editor_leftover(path):
            files[path] = reads.file(f"{CONTENT_DIR}/{path}") or b""
    return files


STATIC_FILES: Step[None, dict[str, bytes]] = Step("static files", static_files, backdate=False)
