"""Read ``content/*.md``: front matter, block directives, and Markdown turned into HTML.

A line holding only ``::: name`` places the block template ``templates/blocks/name.html``
there; ``::: chart name`` places a chart from the chart registry. This is how prose pulls in
data-driven tables and charts without any fact being typed into the Markdown.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .data import display_path
from .errors import Problem
from .schema import ID_PATTERN, Checker, suggest
from .schemas import FRONT_MATTER
from .yamlfile import YamlError, parse_yaml, read_text

FRONT_MATTER_FENCE = "---"
DIRECTIVE = re.compile(r"^:::[ \t]+(?:(chart)[ \t]+)?([A-Za-z0-9_-]+)[ \t]*$")
CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")


@dataclass
class BlockRef:
    """Where a page asks for a block or chart, so a bad name can be reported at its line."""

    kind: str  # "block" or "chart"
    name: str
    line: int
    token: str


@dataclass
class Page:
    """One content page, from its source file to its rendered body."""

    slug: str
    source: str
    title: str
    description: str
    order: int | None
    template: str | None
    nav_title: str | None
    body: str
    body_line: int
    source_body: str
    blocks: list[BlockRef] = field(default_factory=list)
    html: str = ""
    toc: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @functools.cached_property
    def body_key(self) -> str:
        """Digest of the Markdown to convert: the key of its converted HTML in the cache."""
        return hashlib.sha256(self.body.encode("utf-8")).hexdigest()

    @functools.cached_property
    def source_key(self) -> str:
        """Digest of the page's Markdown as written (a rendered page depends on all of it)."""
        return hashlib.sha256(self.source_body.encode("utf-8")).hexdigest()

    def copy(self) -> Page:
        """A page to fill in for one build, keeping the digests already computed.

        Every field is copied as it is (a build replaces ``html``, ``toc`` and ``links``
        rather than changing them); only ``blocks`` is a list of its own.
        """
        fresh = object.__new__(Page)
        fresh.__dict__.update(self.__dict__)
        fresh.blocks = list(self.blocks)
        return fresh

    @property
    def url(self) -> str:
        """Output file name; every page sits at the site root so relative links stay simple."""
        return "index.html" if self.slug == "index" else f"{self.slug}.html"

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title

    def line_of(self, text: str) -> int:
        """Line in the source file where ``text`` first appears (for link warnings)."""
        for offset, line in enumerate(self.source_body.split("\n")):
            if text in line:
                return self.body_line + offset
        return self.body_line


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """Return (front matter YAML, body, first body line); raise YamlError if it is missing."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise YamlError(
            Problem(
                display,
                1,
                1,
                "missing front matter: start the file with '---', "
                "then 'title:' and 'description:', then '---'",
            )
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in (FRONT_MATTER_FENCE, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise YamlError(Problem(display, 1, 1, "front matter is not closed by a '---' line"))


def find_directives(body: str, body_line: int) -> tuple[str, list[BlockRef]]:
    """Swap each ``:::`` directive outside code fences for a placeholder paragraph."""
    out_lines: list[str] = []
    blocks: list[BlockRef] = []
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        fence_match = CODE_FENCE.match(line.lstrip())
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
        match = DIRECTIVE.match(line) if fence is None else None
        if match:
            token = f"MLSBLOCK{len(blocks)}X"
            kind = "chart" if match.group(1) else "block"
            blocks.append(BlockRef(kind, match.group(2), body_line + offset, token))
            out_lines.extend(["", token, ""])
        else:
            out_lines.append(line)
    return "\n".join(out_lines), blocks


PARSED: dict[tuple[str, str], Page] = {}
"""Pages parsed without a problem, by (file, text): a ``serve`` rebuild re-parses only the
files that changed. Bounded by ``PARSED_MAX``; a copy is handed out, never the entry."""
PARSED_MAX = 20_000


def load_page(
    path: Path | str, project: Path, checker: Checker, display: str | None = None
) -> Page | None:
    """Read one Markdown file; report problems and return None if it cannot be used."""
    display = display or display_path(Path(path), project)
    slug = os.path.splitext(os.path.basename(path))[0]
    if not ID_PATTERN.match(slug):
        checker.problems.error(
            display,
            1,
            1,
            "content file names use lowercase letters, digits, - and _ (they become URLs)",
        )
        return None
    checker.ids.setdefault("page", {})[slug] = (display, 1)
    try:
        text = read_text(path, display)
    except YamlError as exc:
        checker.problems.extend([exc.problem])
        return None
    parsed = PARSED.get((display, text))
    if parsed is None or not template_exists(parsed.template, project):
        problems_before = len(checker.problems.items)
        parsed = parse_page(slug, display, text, project, checker)
        if parsed is None:
            return None
        if len(checker.problems.items) == problems_before:  # only a page with no problem
            if len(PARSED) >= PARSED_MAX:
                PARSED.clear()
            for digest in ("body_key", "source_key"):
                getattr(parsed, digest)  # computed once here, then shared by every copy
            PARSED[(display, text)] = parsed
    return parsed.copy()


def template_exists(template: str | None, project: Path) -> bool:
    return template is None or (project / "templates" / template).is_file()


def parse_page(slug: str, display: str, text: str, project: Path, checker: Checker) -> Page | None:
    """Split front matter from the body, check it, and find the block markers."""
    try:
        front, body, body_line = split_front_matter(text, display)
        document = parse_yaml(front, display, line_offset=1)
    except YamlError as exc:
        checker.problems.extend([exc.problem])
        return None
    checker.document = document
    if document.value is None:
        checker.problems.error(
            display, 2, 1, "front matter is empty; it needs title and description"
        )
        return None
    meta = FRONT_MATTER.check(document.value, (), checker)
    if meta is None or meta["title"] is None or meta["description"] is None:
        return None
    template = meta["template"]
    if not template_exists(template, project):
        layouts = sorted(p.name for p in (project / "templates").glob("*.html"))
        checker.error(
            ("template",),
            f"template '{template}' not found in templates/{suggest(template, layouts)}",
        )
    marked_body, blocks = find_directives(body, body_line)
    return Page(
        slug=slug,
        source=display,
        title=meta["title"],
        description=meta["description"],
        order=meta["order"],
        template=meta["template"],
        nav_title=meta["nav_title"],
        body=marked_body,
        body_line=body_line,
        source_body=body,
        blocks=blocks,
    )


def load_pages(project: Path, checker: Checker) -> list[Page]:
    """Load every ``content/*.md`` in file-name order (navigation order comes later)."""
    content_dir = project / "content"
    pages = []
    folder = display_path(content_dir, project)
    for name in markdown_names(content_dir):
        page = load_page(os.path.join(content_dir, name), project, checker, f"{folder}/{name}")
        if page is not None:
            pages.append(page)
    if not pages and not checker.problems.errors:
        checker.problems.error(
            display_path(content_dir, project), 1, 1, "no Markdown pages found (content/*.md)"
        )
    return pages


def markdown_names(content_dir: Path) -> list[str]:
    """Names of the ``*.md`` entries of ``content/``, sorted (what ``glob("*.md")`` finds,
    without making a Path of each of thousands of files)."""
    try:
        with os.scandir(content_dir) as entries:
            return sorted(entry.name for entry in entries if entry.name.endswith(".md"))
    except OSError:
        return []
