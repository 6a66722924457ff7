"""Check links between pages on the in-memory site before anything is written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from .content import Page
from .errors import Problems
from .markup import output_href

ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")


def collect_ids(html: str) -> set[str]:
    """Every element id of a page: the anchors a link may point at."""
    return set(ID_ATTRIBUTE.findall(html))


def check_links(
    pages: Iterable[Page], html_by_path: dict[str, str], site_paths: set[str], problems: Problems
) -> None:
    """Warn about links to missing pages, files or headings, at the line that holds them."""
    ids = {path: collect_ids(html) for path, html in html_by_path.items()}
    for page in pages:
        for href in page.links:
            line = page.line_of(href)
            parts = urlsplit(output_href(href))
            target = unquote(parts.path) or page.url
            fragment = unquote(parts.fragment)
            if href.startswith("/"):
                message = (
                    f"link '{href}' starts at the server root and breaks under a project "
                    "path; use a relative link such as 'salaries.md'"
                )
            elif target not in site_paths:
                message = f"link '{href}' points to a page or file that does not exist"
            elif fragment and target in ids and fragment not in ids[target]:
                message = f"link '{href}': no heading or element with id '{fragment}'"
            else:
                continue
            problems.warning(page.source, line, 1, message)
