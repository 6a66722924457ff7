"""Make the offline copy: the whole guide as one self-contained HTML file, ``guide.html``.

Readers download it to read without a connection, keep it, or print it. It must work alone:
the stylesheet is inlined, there is no JavaScript at all (charts show their data tables
instead), and every link between pages becomes a link inside the file. Each page's ids get
the page's slug as a prefix, so headings that share a name on two pages stay distinct.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from .anchors import HEADING, ID_IN_ATTRIBUTES, heading_text
from .markup import EXTERNAL

GUIDE_PATH = "guide.html"
GUIDE_TEMPLATE = "guide.html"
ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>\s*", re.DOTALL | re.IGNORECASE)
PAGE_MENU = re.compile(
    r'<nav class="page-toc-menu"[^>]*>.*?</nav>\s*|<section class="sections"[^>]*>.*?</section>\s*',
    re.DOTALL,
)
"""A page's "On this page" menu and the home page's grid of sections: the file has its own
table of contents for all of them."""
CHART_PLOT = re.compile(r"<div\b[^>]*\bclass=\"chart-plot\"[^>]*>\s*</div>\s*")
CHART_FRAME = re.compile(
    r'<div class="chart-frame"[ >][^>]*>\s*<div class="chart-plot"[^>]*>\s*</div>\s*'
    r'(?:<div class="chart-placeholder"[^>]*>[^<]*</div>\s*)?</div>\s*'
)
"""A plot area with its placeholder: the file draws no charts; each chart's table stays."""
HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")
ID_ATTRIBUTES = re.compile(
    r"""(\s(?:id|for|headers|aria-labelledby|aria-describedby|aria-controls)=)"([^"]*)\""""
)
URL_ATTRIBUTES = re.compile(r"""(\s(?:href|src)=)"([^"]*)\"""")
PERMALINK = re.compile(r'<a class="heading-anchor"[^>]*>.*?</a>', re.DOTALL)
SEPARATOR = "--"
TITLE_ID = "title"
"""The id a page's own title gets (prefixed like every other id)."""


@dataclass(frozen=True)
class GuideSection:
    """One page of the guide as a part of the single file."""

    slug: str
    title: str
    html: Markup
    title_id: str
    toc: list[dict[str, Any]] = field(default_factory=list)


def anchor(slug: str, element_id: str) -> str:
    """The id an element of page ``slug`` gets in the single file."""
    return f"{slug}{SEPARATOR}{element_id}"


def article_body(page_html: str) -> str:
    """The inside of the page's ``<article>``: no navigation, footer or pager."""
    found = ARTICLE.search(page_html)
    return found.group(1) if found else ""


def rewrite_url(url: str, slug: str, page_slugs: dict[str, str], site_url: str | None) -> str:
    """A link to a page of the guide becomes a link inside the file.

    Links to other files of the site (the open data) point at the published site when its
    address is known, so they also work from a downloaded copy.
    """
    if not url or EXTERNAL.match(url):
        return url
    parts = urlsplit(url)
    if not parts.path:
        return f"#{anchor(slug, parts.fragment)}" if parts.fragment else url
    target = page_slugs.get(parts.path)
    if target is None:
        return site_url + url if site_url else url
    return f"#{anchor(target, parts.fragment)}" if parts.fragment else f"#{target}"


def shift_heading(match: re.Match[str]) -> str:
    """h1 -> h2 and so on: the file has one h1, each page's title becomes an h2."""
    return f"<{match.group(1)}h{int(match.group(2)) + 1}"


def offline_section(
    slug: str, title: str, page_html: str, page_slugs: dict[str, str], site_url: str | None
) -> GuideSection:
    """One page's article, ready to sit in the single file."""
    body = SCRIPT.sub("", article_body(page_html))
    body = body.replace("<h1>", f'<h1 id="{TITLE_ID}">', 1)
    body = CHART_FRAME.sub("", body)
    body = PAGE_MENU.sub("", body)
    body = CHART_PLOT.sub("", body)
    toc = [
        {"id": anchor(slug, found.group(1)), "name": heading_text(PERMALINK.sub("", m.group(3)))}
        for m in HEADING.finditer(body)
        if m.group(1) == "2" and (found := ID_IN_ATTRIBUTES.search(m.group(2)))
    ]
    body = ID_ATTRIBUTES.sub(
        lambda m: f'{m.group(1)}"{" ".join(anchor(slug, i) for i in m.group(2).split())}"', body
    )
    body = URL_ATTRIBUTES.sub(
        lambda m: f'{m.group(1)}"{rewrite_url(m.group(2), slug, page_slugs, site_url)}"', body
    )
    body = HEADING_TAG.sub(shift_heading, body)
    return GuideSection(slug, title, Markup(body.strip()), anchor(slug, TITLE_ID), toc)


def inline_css(css: str) -> Markup:
    """The stylesheet, safe inside ``<style>``: nothing in it can close the element."""
    return Markup(css.replace("</", "<\\/"))


def data_uri(content: bytes, media_type: str) -> str:
    """A file as a ``data:`` URL, so the single file needs no other file (the icon)."""
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


def guide_context(
    site: dict[str, Any],
    sections: list[GuideSection],
    css: str,
    icon: bytes | None,
    site_url: str | None,
) -> dict[str, Any]:
    """The variables ``templates/guide.html`` sees."""
    return {
        "icon": data_uri(icon, "image/svg+xml") if icon else "data:,",
        "site": site,
        "labels": site["labels"],
        "sections": sections,
        "css": inline_css(css),
        "site_url": site_url,
        "canonical": site_url + GUIDE_PATH if site_url else None,
    }
