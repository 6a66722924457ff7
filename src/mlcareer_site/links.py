"""Read a page's ids and internal links, and say what is wrong with a link.

The link check itself is a step per page (``readerfiles.LINK_WARNINGS``): links an author
typed in Markdown are reported at their line; links that blocks or the layout produced are
reported against the page, since no line of the page holds them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from .markup import EXTERNAL, output_href

ID_VALUE = re.compile(r"""id=["']([^"']+)["']""")
"""An ``id`` attribute's value, when the ``id=`` follows white space (see ``ids_in``)."""
URL_ATTRIBUTE = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


class PageLinks(NamedTuple):
    """What link checking needs from one rendered page."""

    ids: tuple[str, ...]
    duplicate_ids: tuple[str, ...]
    internal_urls: tuple[str, ...]
    """Distinct ``href``/``src`` values that point inside the site, in order of appearance."""


def read_page_links(html: str) -> PageLinks:
    """The ids (and those used twice) and the internal URLs of one page."""
    id_counts = Counter(ids_in(html))
    return PageLinks(
        tuple(sorted(id_counts)),
        tuple(sorted(i for i, count in id_counts.items() if count > 1)),
        tuple(
            url
            for url in dict.fromkeys(URL_ATTRIBUTE.findall(html))
            if url and not EXTERNAL.match(url)
        ),
    )


def ids_in(html: str) -> list[str]:
    """Every ``id`` of a page, in order: what ``\\sid="..."`` finds, four times as fast, as
    a pattern that starts with a letter is searched for by that letter, not at each
    position."""
    found, position = [], 0
    while (match := ID_VALUE.search(html, position)) is not None:
        start = match.start()
        if start and html[start - 1].isspace():
            found.append(match.group(1))
            position = match.end()
        else:
            position = start + 1  # a 'data-id=' or 'grid=': look on from the next letter
    return found


@functools.lru_cache(maxsize=65536)
def link_target(href: str) -> tuple[str, str]:
    """The output path (empty for a link inside the page) and the fragment a link names."""
    parts = urlsplit(output_href(href))
    return unquote(parts.path), unquote(parts.fragment)


def page_link_problem(
    href: str, fragment: str, target: tuple[bool, tuple[str, ...] | None]
) -> str | None:
    """Say what is wrong with one link, given whether its target exists and the target's ids
    (for an HTML page); None when it resolves."""
    if href.startswith("/"):
        return (
            f"link '{href}' starts at the server root and breaks under a project "
            "path; use a relative link such as 'salaries.md'"
        )
    exists, ids = target
    if not exists:
        return f"link '{href}' points to a page or file that does not exist"
    if fragment and ids is not None and fragment not in ids:
        return f"link '{href}': no heading or element with id '{fragment}'"
    return None
