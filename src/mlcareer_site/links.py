"""Check every internal link of the in-memory site before anything is written.

Links an author typed in Markdown are reported at their line; links that blocks or the
layout produced are reported against the page, since no line of the page holds them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from .content import Page
from .errors import Problems
from .markup import EXTERNAL, output_href

ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")
URL_ATTRIBUTE = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


class PageLinks(NamedTuple):
    """What link checking needs from one rendered page."""

    ids: frozenset[str]
    duplicate_ids: tuple[str, ...]
    internal_urls: tuple[str, ...]
    """Distinct ``href``/``src`` values that point inside the site, in order of appearance."""


@functools.lru_cache(maxsize=16384)
def page_links(html: str) -> PageLinks:
    """Read a page's ids and URLs once; ``serve`` rebuilds skip the pages that did not change."""
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


def check_links(
    pages: Iterable[Page],
    files: Mapping[str, bytes],
    problems: Problems,
    pages_html: Mapping[str, str] | None = None,
) -> None:
    """Warn about links to missing pages, files or ids.

    ``pages_html`` gives the pages' HTML as text when the caller has it (no decoding).
    """
    found: dict[str, PageLinks] = {}
    texts = pages_html or {}

    def links_of(path: str) -> PageLinks:
        """Read a page only when it is checked or a link points into it (guide.html is big)."""
        if path not in found:
            text = texts.get(path)
            if text is None:
                content = files.get(path, b"") if path.endswith(".html") else b""
                text = content.decode()
            found[path] = page_links(text)
        return found[path]

    verdicts: dict[tuple[str, str], str | None] = {}
    for page in pages:
        page_url = page.url
        links = links_of(page_url)
        for duplicate in links.duplicate_ids:
            problems.warning(page.source, 1, 1, f"id '{duplicate}' is used more than once")
        authored = {output_href(href): href for href in page.links}
        for url in links.internal_urls:
            href = authored.get(url, url)
            verdict_key = (href, page_url if href.startswith("#") else "")
            if verdict_key not in verdicts:
                verdicts[verdict_key] = link_problem(href, page_url, files, links_of)
            message = verdicts[verdict_key]
            if message is None:
                continue
            if url in authored:
                problems.warning(page.source, page.line_of(authored[url]), 1, message)
            else:
                problems.warning(page.source, 1, 1, message + " (in a block or the layout)")


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
