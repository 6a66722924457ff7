"""Read ``content/*.md``: front matter, block directives, and Markdown turned into HTML.

A line holding only ``::: name`` places the block template ``templates/blocks/name.html``
there; ``::: chart name`` places a chart from the chart registry. This is how prose pulls in
data-driven tables and charts without any fact being typed into the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import markdown.util

from .errors import Problem
from .schema import Checker
from .schemas import FRONT_MATTER
from .yamlfile import YamlError, parse_yaml

FRONT_MATTER_FENCE = "---"
DIRECTIVE = re.compile(r"^:::[ \t]+(?:(chart)[ \t]+)?([A-Za-z0-9_-]+)[ \t]*$")
CODE_FENCE = re.compile(r"^(`{3,}|~{3,})")
LOOSE_DIRECTIVE = re.compile(r":::\s*(chart\s+)?([A-Za-z0-9_-]+)")
"""What an editor meant by a ``:::`` line that is not quite a block line."""


@dataclass
class BlockRef:
    """Where a page asks for a block or chart, so a bad name can be reported at its line."""

    kind: str  # "block" or "chart"
    name: str
    line: int
    token: str

    @property
    def written(self) -> str:
        """The block line as the page writes it: ``::: name`` or ``::: chart name``."""
        return f"::: {'chart ' if self.kind == 'chart' else ''}{self.name}"


def page_url(slug: str) -> str:
    """A page's output file name; every page sits at the site root so relative links stay
    simple."""
    return "index.html" if slug == "index" else f"{slug}.html"


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
    aliases: tuple[str, ...] = ()
    """Old addresses of the page (``aliases:`` in front matter): each gets a redirect."""
    aliases_at: tuple[int, int] = (1, 1)
    """Where ``aliases:`` is written (its problems are reported there)."""
    html: str = ""
    toc: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def copy(self) -> Page:
        """A page to fill in while rendering; the parsed page, which other steps read, stays
        as it was. Every field is copied as it is (rendering replaces ``html``, ``toc`` and
        ``links`` rather than changing them); only ``blocks`` is a list of its own."""
        fresh = object.__new__(Page)
        fresh.__dict__.update(self.__dict__)
        fresh.blocks = list(self.blocks)
        return fresh

    @property
    def url(self) -> str:
        return page_url(self.slug)

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title

    def link_position(self, href: str) -> tuple[int, int]:
        """Line and column of the ``(`` before a link target as typed: the whole target
        first, so ``(salaries)`` is not found inside an earlier ``(salaries.md)``."""
        for written in (f"({href})", f"({href} ", f"({href}\t"):
            if (found := self.find(written)) is not None:
                return found
        return self.position_of(f"({href}")

    def position_of(self, text: str) -> tuple[int, int]:
        """Line and column in the source file where ``text`` first appears (the start of
        the body when it does not)."""
        return self.find(text) or (self.body_line, 1)

    def find(self, text: str) -> tuple[int, int] | None:
        """Line and column in the source file where ``text`` first appears, if it does."""
        for offset, line in enumerate(self.source_body.split("\n")):
            column = line.find(text)
            if column >= 0:
                return self.body_line + offset, column + 1
        return None


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


def outside_code(lines: list[str]) -> tuple[list[bool], int | None]:
    """For each line, whether it is outside a code fence; and the index of the line that
    opens a fence left open at the end (None when every fence is closed)."""
    fence: str | None = None
    opened: int | None = None
    outside = []
    for index, line in enumerate(lines):
        fence_match = CODE_FENCE.match(line.lstrip())
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence, opened = marker[0] * 3, index
            elif marker.startswith(fence):
                fence = None
        outside.append(fence is None and not fence_match)
    return outside, opened if fence is not None else None


def find_directives(body: str, body_line: int) -> tuple[str, list[BlockRef]]:
    """Swap each ``:::`` directive outside code fences for a placeholder paragraph."""
    if ":::" not in body:
        return body, []  # most pages: no line to look at
    out_lines: list[str] = []
    blocks: list[BlockRef] = []
    lines = body.split("\n")
    for offset, (line, outside) in enumerate(zip(lines, outside_code(lines)[0], strict=True)):
        match = DIRECTIVE.match(line) if outside else None
        if match:
            token = f"MLSBLOCK{len(blocks)}X"
            kind = "chart" if match.group(1) else "block"
            blocks.append(BlockRef(kind, match.group(2), body_line + offset, token))
            out_lines.extend(["", token, ""])
        else:
            out_lines.append(line)
    return "\n".join(out_lines), blocks


def directive_mistakes(body: str, body_line: int) -> list[tuple[int, int, str]]:
    """(line, column, message) for each ``:::`` line that is not a block line, a code fence
    left open and raw HTML never closed: Markdown would print them, or what follows them,
    as text, and the blocks after them would vanish from the page without a word."""
    lines = body.split("\n")
    outside, open_fence = outside_code(lines)
    found = []
    for offset, (line, out) in enumerate(zip(lines, outside, strict=True)):
        if ":::" not in line:
            continue
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not out or not stripped.startswith(":::") or indent >= 4 or DIRECTIVE.match(line):
            continue  # four spaces make an indented code block: any text may stand there
        named = LOOSE_DIRECTIVE.match(stripped)
        meant = f"{'chart ' if named.group(1) else ''}{named.group(2)}" if named else "name"
        message = (
            f"'{stripped}' is not a block line; write '::: {meant}' alone on its line, "
            "from its first column"
        )
        found.append((body_line + offset, indent + 1, message))
    if "<" in body:
        found.extend(unclosed_html(lines, outside, body_line))
    if open_fence is not None:
        marker = CODE_FENCE.match(lines[open_fence].lstrip())
        fence = marker.group(1) if marker else "```"
        message = (
            f"code fence '{fence}' is not closed: add a line '{fence[0] * 3}' where the code "
            "ends (Markdown shows an open fence as text, and no block after it)"
        )
        column = len(lines[open_fence]) - len(lines[open_fence].lstrip()) + 1
        found.append((body_line + open_fence, column, message))
    return found


FRONT_MATTER_LINE = re.compile(r"\s|#|-(\s|$)|[A-Za-z_][A-Za-z0-9_-]*\s*:(\s|$)|$")
"""How every line of front matter starts: indented (a value's continuation), a comment, a
list item, a ``key:``, or nothing."""


def page_text_in_front_matter(front: str, closing_line: int) -> tuple[int, str] | None:
    """(line, message) when the front matter holds the page's own text: its closing '---'
    is missing, and a '---' rule further down the page closed it instead."""
    lines = front.split("\n")
    for index, line in enumerate(lines):
        if index and not lines[index - 1].strip() and not FRONT_MATTER_LINE.match(line):
            last_key = max(i for i in range(index) if lines[i].strip())
            return index + 2, (
                "the front matter is not closed before the page's text: add a line '---' "
                f"after line {last_key + 2} (now the '---' on line {closing_line} closes it)"
            )
    return None


HTML_BLOCK_START = re.compile(r" {0,3}<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
VOID_BLOCKS = frozenset({"hr"})


def unclosed_html(
    lines: list[str], outside: list[bool], body_line: int
) -> list[tuple[int, int, str]]:
    """A block of raw HTML whose element is never closed: Python-Markdown copies the rest
    of the page as it is, so its headings, lists and blocks would be printed as text."""
    found = []
    for index, line in enumerate(lines):
        opened = HTML_BLOCK_START.match(line) if outside[index] else None
        if opened is None or (index and lines[index - 1].strip()):
            continue  # raw HTML starts a block only after a blank line (or at the top)
        tag = opened.group(1).lower()
        if tag not in markdown.util.BLOCK_LEVEL_ELEMENTS or tag in VOID_BLOCKS:
            continue
        rest = "\n".join(lines[index:]).lower()
        if f"</{tag}" not in rest:
            message = (
                f"'{opened.group().strip()}' is never closed, so Markdown prints the rest of the "
                f"page as it is: add '</{tag}>' where the HTML ends, then a blank line"
            )
            found.append((body_line + index, opened.start(1), message))  # at the '<'
    return found


def parse_front_matter(
    display: str, text: str, checker: Checker
) -> tuple[dict[str, Any], str, int] | None:
    """The checked front matter, the body and its first line; None after reporting."""
    try:
        front, body, body_line = split_front_matter(text, display)
    except YamlError as exc:
        checker.problems.extend([exc.problem])
        return None
    if (text_found := page_text_in_front_matter(front, body_line - 1)) is not None:
        checker.problems.error(display, text_found[0], 1, text_found[1])
        return None
    try:
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
    return meta, body, body_line
