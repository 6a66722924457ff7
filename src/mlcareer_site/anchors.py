"""Give every heading of a page body an id, and h2/h3 a link to itself and a TOC entry.

Headings come from two places: the Markdown and the block templates that render data. Doing
this once, on the finished body, treats both alike: every heading gets a stable, unique id
(the one Python-Markdown's ``toc`` extension would give, in document order), and every
h2/h3 also a permalink and an entry in "On this page".
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown.extensions.toc import slugify_unicode

HEADING = re.compile(r"<h([1-6])((?:\s+[^>]*)?)>(.*?)</h\1>", re.DOTALL)
LINKED_LEVELS = ("2", "3")
"""Headings that get a permalink and a TOC entry; the others get an id only."""
ID_IN_ATTRIBUTES = re.compile(r"""\sid=["']([^"']+)["']""")
TAG = re.compile(r"<[^>]+>")
NOT_IN_TOC = "chart-title"


def heading_text(inner_html: str) -> str:
    """The words of a heading, without tags or entities."""
    return html.unescape(TAG.sub("", inner_html)).strip()


def unique_id(text: str, taken: set[str]) -> str:
    base = slugify_unicode(text, "-") or "section"
    candidate, number = base, 1
    while candidate in taken:
        candidate = f"{base}_{number}"
        number += 1
    taken.add(candidate)
    return candidate


def add_heading_anchors(body: str, permalink_label: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the body with an id on every heading and a permalink on every h2/h3, and
    the nested TOC of the h2/h3."""
    taken = set(ID_IN_ATTRIBUTES.findall(body))
    toc: list[dict[str, Any]] = []
    label = html.escape(permalink_label, quote=True)

    def anchor(match: re.Match[str]) -> str:
        level, attributes, inner = match.group(1), match.group(2), match.group(3)
        text = heading_text(inner)
        found = ID_IN_ATTRIBUTES.search(attributes)
        if found:
            heading_id = found.group(1)
        else:
            heading_id = unique_id(text, taken)
            attributes = f' id="{heading_id}"{attributes}'
        if level not in LINKED_LEVELS:
            return f"<h{level}{attributes}>{inner}</h{level}>"
        if NOT_IN_TOC not in attributes:
            entry = {"id": heading_id, "name": text, "children": []}
            if level == "3" and toc:
                toc[-1]["children"].append(entry)
            else:
                toc.append(entry)
        name = f"{label}: {html.escape(text, quote=True)}"
        link = f'<a class="heading-anchor" href="#{heading_id}" aria-label="{name}">#</a>'

        return f"<h{level}{attributes}>{inner}{link}</h{level}>"

    return HEADING.sub(anchor, body), toc
