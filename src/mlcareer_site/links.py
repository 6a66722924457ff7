"""Check every internal link of the in-memory site before anything is written.

Links an author typed in Markdown are reported at their line; links that blocks or the
layout produced are reported against the page, since no line of the page holds them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from .content import Page
from .errors import Problems
from .markup import EXTERNAL, output_href
from .resultmemo import ResultMemo

ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")
URL_ATTRIBUTE = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


class PageLinks(NamedTuple):
    """What link checking needs from one rendered page."""

    ids: frozenset[str]
    duplicate_ids: tuple[str, ...]
    internal_urls: tuple[str, ...]
    """Distinct ``href``/``src`` values that point inside the site, in order of appearance."""


PAGE_LINKS: ResultMemo[str, PageLinks] = ResultMemo(limit=16384)
"""Each page's links by its HTML (workers of a cold build file theirs in, see ``facts``)."""


def page_links(html: str) -> PageLinks:
    """Read a page's ids and URLs once; ``serve`` rebuilds skip the pages that did not change.

    The same HTML gives the very same object: that is how the link memo sees that a target
    page did not change.
    """
    return PAGE_LINKS.get(html, lambda: read_page_links(html))


def read_page_links(html: str) -> PageLinks:
    """The ids (and those used twice) and the internal URLs of one page."""
    id_counts = Counter(ID_ATTRIBUTE.findall(html))
    return PageLinks(
        frozenset(id_counts),
        tuple(sorted(i for i, count in id_counts.items() if count > 1)),
        tuple(
            url
            for url in dict.fromkeys(URL_ATTRIBUTE.findall(html))
            if url and not EXTERNAL.match(url)
        ),
    )


Target = tuple[str, bool]
"""A page or file a link points to, and whether the link names an id in it."""


@dataclass
class PageVerdict:
    """One page's link warnings and what they depended on, for the next ``serve`` rebuild."""

    key: tuple[object, ...]
    """The page itself: its file, its Markdown, its authored links."""
    own: PageLinks
    targets: set[Target]
    warnings: list[tuple[int, str]]
    """(line, message) of each warning."""


@dataclass
class LinkMemo:
    """Verdicts of the previous check: a page is checked again only when it, or a page or
    file its links point to, changed. Kept by ``serve`` across rebuilds."""

    verdicts: dict[str, PageVerdict] = field(default_factory=dict)
    states: dict[Target, PageLinks | bool] = field(default_factory=dict)
    """What each target was when last seen: its ids (a page's ``PageLinks``, the same object
    while its HTML is the same) when a link names one, else whether it existed."""


def check_links(
    pages: Iterable[Page],
    files: Mapping[str, bytes],
    problems: Problems,
    pages_html: Mapping[str, str] | None = None,
    memo: LinkMemo | None = None,
) -> None:
    """Warn about links to missing pages, files or ids.

    ``pages_html`` gives the pages' HTML as text when the caller has it (no decoding).
    """
    found: dict[str, PageLinks] = {}
    texts = pages_html or {}
    memo = memo if memo is not None else LinkMemo()
    pages = list(pages)

    def links_of(path: str) -> PageLinks:
        """Read a page only when it is checked or a link points into it (guide.html is big)."""
        if path not in found:
            text = texts.get(path)
            if text is None:
                content = files.get(path, b"") if path.endswith(".html") else b""
                text = content.decode()
            found[path] = page_links(text)
        return found[path]

    def state_of(target: Target) -> PageLinks | bool:
        path, names_an_id = target
        if names_an_id and path.endswith(".html") and path in files:
            return links_of(path)
        return path in files

    said: dict[tuple[str, str], str | None] = {}

    def problem_of(href: str, page_url: str) -> str | None:
        """What is wrong with a link; pages share the answer (most links are the layout's)."""
        said_key = (href, page_url if href.startswith("#") else "")
        if said_key not in said:
            said[said_key] = link_problem(href, page_url, files, links_of)
        return said[said_key]

    changed = {target for target, state in memo.states.items() if state_of(target) is not state}
    for target in changed:
        memo.states[target] = state_of(target)
    forget = len(memo.states) > 4 * (len(files) + len(pages))
    if forget:
        memo.states = {}  # drop targets no page links to any more; the pages re-add theirs
    verdicts: dict[str, PageVerdict] = {}
    for page in pages:
        key = (page.source, page.source_key, tuple(page.links))
        own = links_of(page.url)
        verdict = memo.verdicts.get(page.url)
        fresh = (
            verdict is None
            or verdict.key != key
            or verdict.own is not own
            or (changed and not changed.isdisjoint(verdict.targets))
        )
        if fresh:
            verdict = check_page(page, own, key, problem_of)
        if fresh or forget:
            for target in verdict.targets:
                if target not in memo.states:
                    memo.states[target] = state_of(target)
        verdicts[page.url] = verdict
        for line, message in verdict.warnings:
            problems.warning(page.source, line, 1, message)
    memo.verdicts = verdicts


def check_page(
    page: Page,
    own: PageLinks,
    key: tuple[object, ...],
    problem_of: Callable[[str, str], str | None],
) -> PageVerdict:
    """Check the links of one page, noting every page or file they reach."""
    verdict = PageVerdict(key, own, set(), [])
    for duplicate in own.duplicate_ids:
        verdict.warnings.append((1, f"id '{duplicate}' is used more than once"))
    authored = {output_href(href): href for href in page.links}
    for url in own.internal_urls:
        href = authored.get(url, url)
        path, fragment = link_target(href)
        if not href.startswith("/"):
            verdict.targets.add((path or page.url, bool(fragment)))
        message = problem_of(href, page.url)
        if message is None:
            continue
        if url in authored:
            verdict.warnings.append((page.line_of(authored[url]), message))
        else:
            verdict.warnings.append((1, message + " (in a block or the layout)"))
    return verdict


@functools.lru_cache(maxsize=65536)
def link_target(href: str) -> tuple[str, str]:
    """The output path (empty for a link inside the page) and the fragment a link names."""
    parts = urlsplit(output_href(href))
    return unquote(parts.path), unquote(parts.fragment)


def link_problem(
    href: str, page_url: str, files: Mapping[str, bytes], links_of: Callable[[str], PageLinks]
) -> str | None:
    """Say what is wrong with one link, or None when it resolves."""
    path, fragment = link_target(href)
    target = path or page_url
    if href.startswith("/"):
        return (
            f"link '{href}' starts at the server root and breaks under a project "
            "path; use a relative link such as 'salaries.md'"
        )
    if target not in files:
        return f"link '{href}' points to a page or file that does not exist"
    if fragment and target.endswith(".html") and fragment not in links_of(target).ids:
        return f"link '{href}': no heading or element with id '{fragment}'"
    return None
