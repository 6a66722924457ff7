"""Check every internal link of the in-memory site before anything is written.

Links an author typed in Markdown are reported at their line; links that blocks or the
layout produced are reported against the page, since no line of the page holds them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from .content import Page
from .errors import Problems
from .markup import EXTERNAL, output_href

ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")
URL_ATTRIBUTE = re.compile(r"""\s(?:href|src)=["']([^"']*)["']""")


def collect_ids(html: str) -> set[str]:
    """Every element id of a page: the anchors a link may point at."""
    return set(ID_ATTRIBUTE.findall(html))


def check_links(pages: Iterable[Page], files: dict[str, bytes], problems: Problems) -> None:
    """Warn about links to missing pages, files or ids."""
    html_by_path = {path: c.decode() for path, c in files.items() if path.endswith(".html")}
    ids = {path: collect_ids(html) for path, html in html_by_path.items()}
    verdicts: dict[tuple[str, str], str | None] = {}
    for page in pages:
        id_counts = Counter(ID_ATTRIBUTE.findall(html_by_path.get(page.url, "")))
        for duplicate in sorted(i for i, count in id_counts.items() if count > 1):
            problems.warning(page.source, 1, 1, f"id '{duplicate}' is used more than once")
        authored = {output_href(href): href for href in page.links}
        seen: set[str] = set()
        for url in URL_ATTRIBUTE.findall(html_by_path.get(page.url, "")):
            if url in seen or not url or EXTERNAL.match(url):
                continue
            seen.add(url)
            href = authored.get(url, url)
            verdict_key = (href, page.url if href.startswith("#") else "")
            if verdict_key not in verdicts:
                verdicts[verdict_key] = link_problem(href, page.url, files, ids)
            message = verdicts[verdict_key]
            if message is None:
                continue
            if url in authored:
                problems.warning(page.source, page.line_of(authored[url]), 1, message)
            else:
                problems.warning(page.source, 1, 1, message + " (in a block or the layout)")


def link_problem(
    href: str, page_url: str, files: dict[str, bytes], ids: dict[str, set[str]]
) -> str | None:
    """Say what is wrong with one link, or None when it resolves."""
    parts = urlsplit(output_href(href))
    target = unquote(parts.path) or page_url
    fragment = unquote(parts.fragment)
    if href.startswith("/"):
        return (
            f"link '{href}' starts at the server root and breaks under a project "
            "path; use a relative link such as 'salaries.md'"
        )
    if target not in files:
        return f"link '{href}' points to a page or file that does not exist"
    if fragment and target in ids and fragment not in ids[target]:
        return f"link '{href}': no heading or element with id '{fragment}'"
    return None
