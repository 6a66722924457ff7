"""Load and validate the project as steps: each data file and each page on its own, then the
site that joins them (cross-file ids and references, navigation, output names).

A data file or a page is parsed and checked by its own step, so an edit re-parses only the
file that changed; the site step joins the results and re-checks what spans files. The
steps that the pages read are small projections of the site (one data file, one page's
source, the navigation): each gives the same result when its part did not change, so an
edit to one page does not disturb the pages that only read the data.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .content import BlockRef, Page, directive_mistakes, find_directives, parse_front_matter
from .engine import Reads, Step, Store
from .errors import Problem, Problems
from .freeze import freeze
from .schema import ID_PATTERN, Checker, Reference, declared_collections, suggest
from .schemas import DATA_SCHEMAS
from .yamlfile import YamlError, decode_text, parse_yaml

DATA_DIR, CONTENT_DIR, TEMPLATES_DIR = "data", "content", "templates"
REQUIRED_DATA = ("site",)
DATA_SUFFIXES = (".yaml", ".yml")


def text_of(reads: Reads, path: str) -> str:
    """A file's text (UTF-8, ``\\n`` line ends), or YamlError saying why it cannot be read."""
    raw = reads.file(path)
    if raw is None:
        reason = "is a folder, not a file" if reads.revision.is_dir(path) else "cannot be read"
        raise YamlError(Problem(path, 1, 1, reason))
    return decode_text(raw, len(raw), path)


# ------------------------------------------------------------------------- data files


@dataclass(frozen=True)
class CheckedFile:
    """One data file checked on its own: its value (None when unusable), its problems, the
    ids it declared and the references it made (joined with the other files' by ``SITE``)."""

    path: str
    value: Any
    problems: tuple[Problem, ...]
    declared: tuple[tuple[str, str, tuple[str, int]], ...]
    references: tuple[Reference, ...]
    text: str | None


def check_data_file(reads: Reads, path: str) -> CheckedFile:
    schema = DATA_SCHEMAS[posixpath.splitext(posixpath.basename(path))[0]]
    checker = Checker(Problems())
    try:
        text = text_of(reads, path)
    except YamlError as exc:
        return CheckedFile(path, None, (exc.problem,), (), (), None)
    value = freeze(check_text(path, text, schema, checker))
    declared = tuple(
        (collection, name, where)
        for collection, known in checker.ids.items()
        for name, where in known.items()
    )
    return CheckedFile(
        path, value, tuple(checker.problems.items), declared, tuple(checker.references), text
    )


def check_text(path: str, text: str, schema: Any, checker: Checker) -> Any:
    try:
        document = parse_yaml(text, path)
    except YamlError as exc:
        checker.problems.extend([exc.problem])
        return None
    checker.document = document
    return schema.check(document.value, (), checker)


DATA_FILE: Step[str, CheckedFile] = Step("data file", check_data_file)


# ------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class ParsedPage:
    page: Page | None
    problems: tuple[Problem, ...]


def layout_hint(template: str, names: list[str]) -> str:
    """The layout meant, or those there are. Names are compared without ``.html``, which
    would make any two look alike; ``_*.html`` files are pieces that layouts include, never
    a page's layout."""
    layouts = [name for name in names if name.endswith(".html") and not name.startswith("_")]
    stems = {posixpath.splitext(name)[0]: name for name in layouts}
    close = difflib.get_close_matches(posixpath.splitext(template)[0], list(stems), n=1)
    if close:
        return f"; did you mean '{stems[close[0]]}'?"
    return f"; the layouts there: {', '.join(layouts) or 'none'}"


def parse_page_file(reads: Reads, path: str) -> ParsedPage:
    """One ``content/*.md``: front matter checked, block markers found."""
    slug = posixpath.splitext(posixpath.basename(path))[0]
    problems = Problems()
    if not ID_PATTERN.match(slug):
        message = "content file names use lowercase letters, digits, - and _ (they become URLs)"
        return ParsedPage(None, (Problem(path, 1, 1, message),))
    try:
        text = text_of(reads, path)
    except YamlError as exc:
        return ParsedPage(None, (exc.problem,))
    checker = Checker(problems)
    parsed = parse_front_matter(path, text, checker)
    if parsed is None:
        return ParsedPage(None, tuple(problems.items))
    meta, body, body_line = parsed
    template = meta["template"]
    if template is not None and not reads.exists(f"{TEMPLATES_DIR}/{template}"):
        hint = layout_hint(template, reads.listing(TEMPLATES_DIR) or [])
        checker.error(("template",), f"template '{template}' not found in templates/{hint}")
    marked_body, blocks = find_directives(body, body_line)
    for line, column, message in directive_mistakes(body, body_line):
        problems.error(path, line, column, message)
    assert checker.document is not None
    aliases_at = checker.document.key_position(("aliases",))
    page = Page(
        slug=slug,
        source=path,
        title=meta["title"],
        description=meta["description"],
        order=meta["order"],
        template=template,
        nav_title=meta["nav_title"],
        body=marked_body,
        body_line=body_line,
        source_body=body,
        blocks=blocks,
        aliases=tuple(meta["aliases"]),
        aliases_at=aliases_at,
    )
    return ParsedPage(page, tuple(problems.items))


PAGE_FILE: Step[str, ParsedPage] = Step("page file", parse_page_file)


def page_outline(reads: Reads, path: str) -> ParsedPage:
    """A parsed page without its text: what the site checks across pages (front matter,
    block markers). Editing a page's text leaves it as it was, so the site is not remade."""
    parsed = reads.need(PAGE_FILE, path)
    if parsed.page is None:
        return parsed
    return ParsedPage(replace(parsed.page, body="", source_body=""), parsed.problems)


OUTLINE_FIELDS = (
    "slug",
    "source",
    "title",
    "description",
    "order",
    "template",
    "nav_title",
    "body_line",
    "aliases_at",
)
"""What an outline keeps of its page besides the blocks and aliases (the text is left out)."""


def encode_outline(parsed: ParsedPage) -> Any:
    page = parsed.page
    problems = [problem.as_dict() for problem in parsed.problems]
    if page is None:
        return {"problems": problems}
    fields = {name: getattr(page, name) for name in OUTLINE_FIELDS}
    blocks = [[b.kind, b.name, b.line, b.token] for b in page.blocks]
    return {"page": fields, "blocks": blocks, "aliases": list(page.aliases), "problems": problems}


def decode_outline(saved: Any) -> ParsedPage:
    problems = tuple(Problem(**problem) for problem in saved["problems"])
    if "page" not in saved:
        return ParsedPage(None, problems)
    fields = dict(saved["page"], aliases_at=tuple(saved["page"]["aliases_at"]))
    page = Page(
        **fields,
        body="",
        source_body="",
        blocks=[BlockRef(*block) for block in saved["blocks"]],
        aliases=tuple(saved["aliases"]),
    )
    return ParsedPage(page, problems)


PAGE_OUTLINE: Step[str, ParsedPage] = Step(
    "page outline", page_outline, keep=True, encode=encode_outline, decode=decode_outline
)
"""Kept on disk: the site is made from the outlines alone, and a one-page edit of a
1000-page guide read every page's file again to make it (0.25 s)."""


# ------------------------------------------------------------------------- the site


@dataclass(frozen=True)
class NavEntry:
    """What a page shows of another page in the navigation (read field by field)."""

    slug: str
    url: str
    title: str
    short_title: str
    description: str


@dataclass
class Site:
    """The validated project: every data file (frozen), every page, the navigation order."""

    data: dict[str, Any]
    pages: list[Page]
    nav: list[Page]
    site_url: str | None
    problems: list[Problem] = field(default_factory=list)
    """Warnings (a site with errors is a ``Failed`` instead)."""

    @property
    def config(self) -> dict[str, Any]:
        return self.data["site"]


@dataclass(frozen=True)
class Failed:
    """A step's result when its input has mistakes: every problem found."""

    problems: tuple[Problem, ...]


def load_site(reads: Reads, _: None) -> Site | Failed:
    """Read and check every data file and page; join ids and references across files."""
    from .checks import check_project_shape

    problems = Problems()
    checker = Checker(problems)
    data = join_data_files(reads, checker)
    pages = []
    names = [name for name in reads.listing(CONTENT_DIR) if name.endswith(".md")]
    for name in names:
        parsed = reads.need(PAGE_OUTLINE, f"{CONTENT_DIR}/{name}")
        problems.extend(list(parsed.problems))
        slug = posixpath.splitext(name)[0]
        if ID_PATTERN.match(slug):
            checker.ids.setdefault("page", {})[slug] = (f"{CONTENT_DIR}/{name}", 1)
        if parsed.page is not None and not parsed.problems:
            pages.append(parsed.page)
    if not names and not problems.errors:
        problems.error(CONTENT_DIR, 1, 1, "no Markdown pages found (content/*.md)")
    if names and "index" not in checker.ids.get("page", {}):
        message = "the home page is missing: create content/index.md (it becomes index.html)"
        problems.error(f"{CONTENT_DIR}/index.md", 1, 1, message)
        checker.ids.setdefault("page", {})["index"] = (f"{CONTENT_DIR}/index.md", 1)
    checker.resolve_references()
    check_project_shape(reads, pages, data, problems)  # names of blocks, outputs: all at once
    if problems.errors:
        return Failed(tuple(problems.items))
    data["site"] = with_site_url(data["site"], reads.option("site_url"))
    url = data["site"].get("site_url")
    if url and not url.endswith("/"):
        url += "/"
    nav = navigation_order(pages, data["site"], problems)
    return Site(data, pages, nav, url, list(problems.items))


def join_data_files(reads: Reads, checker: Checker) -> dict[str, Any]:
    """Every data file checked on its own, then joined: ids declared twice across files, and
    references, are checked here; a file that could not be read marks its ids unavailable."""
    data: dict[str, Any] = {}
    names = reads.listing(DATA_DIR)
    for name in names:
        stem, suffix = posixpath.splitext(name)
        if suffix not in DATA_SUFFIXES:
            continue
        path = f"{DATA_DIR}/{name}"
        schema = DATA_SCHEMAS.get(stem)
        if schema is None:
            checker.problems.error(
                path,
                1,
                1,
                f"'{name}' is not one of the guide's data files"
                f"{suggest(name, [f'{known}.yaml' for known in DATA_SCHEMAS])}"
                f" (they are: {', '.join(sorted(DATA_SCHEMAS))});"
                " rename it, or move it out of data/",
            )
            continue
        if stem in data:
            checker.problems.error(path, 1, 1, f"data file '{stem}' exists as .yaml and .yml")
            continue
        checked = reads.need(DATA_FILE, path)
        value = checked.value
        taken = any(name in checker.ids.get(c, {}) for c, name, _ in checked.declared)
        if taken and checked.text is not None:
            value = freeze(check_text(path, checked.text, schema, checker))  # which id, where
        else:
            checker.problems.extend(list(checked.problems))
            for collection, name_, where in checked.declared:
                checker.ids.setdefault(collection, {})[name_] = where
            checker.references.extend(checked.references)
        if value is not None and not (checked.problems and checked.text is None):
            data[stem] = value
        else:
            mark_unavailable(checker, schema, path)
    present = {posixpath.splitext(name)[0] for name in names}
    referred = {ref.collection for ref in checker.references}
    for stem, schema in DATA_SCHEMAS.items():
        if stem in present:
            continue
        if stem in REQUIRED_DATA or declared_collections(schema) & referred:
            path = f"{DATA_DIR}/{stem}.yaml"
            checker.problems.error(path, 1, 1, "required file is missing")
            mark_unavailable(checker, schema, path)
    return data


def mark_unavailable(checker: Checker, schema: Any, path: str) -> None:
    """References into ``path``'s ids are not checked one by one: it could not be read."""
    for collection in declared_collections(schema):
        checker.unavailable.setdefault(collection, path)


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


SITE: Step[None, Site | Failed] = Step("site", load_site, backdate=False)


def the_site(reads: Reads) -> Site:
    """The validated site, for steps that only run once it loaded without errors."""
    site = reads.need(SITE, None)
    assert isinstance(site, Site)
    return site


# ------------------------------------------------------------- what the pages read of it


NO_SUCH_FILE = None


def data_value(reads: Reads, name: str) -> Any:
    """One data file's checked value (None when the project has no such file), read from
    its own file once the site loaded without errors: editing a page or another data file
    does not disturb the steps that read it."""
    names = reads.listing(DATA_DIR)
    found = next(
        (f"{name}{suffix}" for suffix in DATA_SUFFIXES if f"{name}{suffix}" in names), None
    )
    if found is None or name not in DATA_SCHEMAS:
        return NO_SUCH_FILE
    value = reads.need(DATA_FILE, f"{DATA_DIR}/{found}").value
    if name == "site":
        value = with_site_url(value, reads.option("site_url"))
    return value


def with_site_url(config: Any, site_url: str | None) -> Any:
    """The site settings, with the address given on the command line (if any)."""
    return freeze({**config, "site_url": site_url}) if site_url else config


DATA: Step[str, Any] = Step("data", data_value)


def page_source(reads: Reads, slug: str) -> Page:
    """A page of the validated site: its file's parsed page (read once the site loaded
    without errors, so only an edit of this file disturbs the steps that read it)."""
    page = reads.need(PAGE_FILE, f"{CONTENT_DIR}/{slug}.md").page
    assert page is not None, f"page '{slug}' is not part of the site"
    return page


PAGE_SOURCE: Step[str, Page] = Step("page source", page_source)


def page_list(reads: Reads, _: None) -> tuple[tuple[str, str, str], ...]:
    """(slug, url, title) of every page in reading order: the navigation, then the rest."""
    site = the_site(reads)
    in_nav = {page.slug for page in site.nav}
    ordered = site.nav + [page for page in site.pages if page.slug not in in_nav]
    return tuple((page.slug, page.url, page.title) for page in ordered)


PAGE_LIST: Step[None, tuple[tuple[str, str, str], ...]] = Step("page list", page_list)


def site_url(reads: Reads, _: None) -> str | None:
    return the_site(reads).site_url


SITE_URL: Step[None, str | None] = Step("site url", site_url)


@dataclass(frozen=True)
class Navigation:
    entries: tuple[NavEntry, ...]
    positions: dict[str, int]
    """Where each page stands in it (by slug)."""


def navigation(reads: Reads, _: None) -> Navigation:
    entries = tuple(
        NavEntry(page.slug, page.url, page.title, page.short_title, page.description)
        for page in the_site(reads).nav
    )
    return Navigation(entries, {entry.slug: index for index, entry in enumerate(entries)})


NAV: Step[None, Navigation] = Step("nav", navigation)


def page_slugs(reads: Reads, _: None) -> dict[str, str]:
    """url -> slug of every page."""
    return {url: slug for slug, url, _ in reads.need(PAGE_LIST, None)}


PAGE_SLUGS: Step[None, dict[str, str]] = Step("page slugs", page_slugs)


class DataReads(Mapping[str, Any]):
    """The data as templates and chart builders see it: each file read is recorded. Its
    names are every data file the project may have (those with a schema)."""

    def __init__(self, reads: Reads) -> None:
        self.reads, self.names = reads, tuple(sorted(DATA_SCHEMAS))

    def __getitem__(self, name: str) -> Any:
        value = self.reads.need(DATA, name)
        if value is None:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name in self.names if name in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def site_of(project: Path, site_url: str | None = None) -> Site | Failed:
    """The validated site of ``project``, read afresh (for tools and tests)."""
    return Store.in_memory().revision(project, {"site_url": site_url}).get(SITE, None)
