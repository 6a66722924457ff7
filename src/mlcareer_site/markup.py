"""Turn a page's Markdown into HTML, rewriting links between pages to their output URLs.

Authors link to other pages by their source name (``[pay](salaries.md#factors)``), which
works in any Markdown viewer; the converter rewrites that to ``salaries.html#factors`` and
remembers every internal link so the link checker can report those that go nowhere.
"""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import urlsplit, urlunsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@functools.lru_cache(maxsize=65536)
def output_href(href: str) -> str:
    """Map ``salaries.md#x`` to ``salaries.html#x`` and ``index.md`` to ``index.html``.

    A pure function of its text, so remembered (every page repeats the layout's links);
    no project input shapes it, so nothing can make it stale."""
    parts = urlsplit(href)
    path = parts.path
    if path.endswith(".md"):
        path = posixpath.basename(path)[:-3] + ".html"
    return urlunsplit(("", "", path, parts.query, parts.fragment))


class LinkRewriter(Treeprocessor):
    """Rewrite internal ``.md`` links and record every internal link of the page."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.links: list[str] = []

    def run(self, root: Element) -> None:
        for element in root.iter():
            attribute = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if attribute is None:
                continue
            value = element.get(attribute)
            if not value or EXTERNAL.match(value):
                continue
            rewritten = output_href(value)
            element.set(attribute, rewritten)
            self.links.append(value)


class GuideExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self.rewriter = LinkRewriter(md)
        md.treeprocessors.register(self.rewriter, "guide-links", 5)


class MarkdownRenderer:
    """One configured Markdown converter, reset between pages (building it is the slow part)."""

    def __init__(self) -> None:
        self.extension = GuideExtension()
        self.md = markdown.Markdown(
            extensions=[
                "tables",
                "fenced_code",
                "attr_list",
                "sane_lists",
                "admonition",
                self.extension,
            ],
            output_format="html",
        )

    def convert(self, body: str) -> tuple[str, tuple[str, ...]]:
        """A page body's HTML and the links typed in it (as written)."""
        self.md.reset()
        self.extension.rewriter.links = []
        html = self.md.convert(body)
        return html, tuple(self.extension.rewriter.links)
