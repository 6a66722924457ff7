"""What the stages after rendering read out of each finished page, read where it is made.

The search index, the link check and the offline guide each read every page's HTML: its
sections, its ids and links, its article. In a large cold build that reading is a third of
the work outside Markdown, and the main process would do it alone once the workers are
done. Instead a worker reads a page's facts right after rendering it (``read_facts``), and
the main process files them into the memos those stages consult (``file_facts``), so each
stage finds every page already read. Without workers the stages read the pages themselves,
through the same memos: the output is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cache import BuildCache
from .links import PAGE_LINKS, PageLinks, read_page_links
from .offline import SECTIONS, GuideSection, offline_section
from .search import section_key, section_rows


@dataclass(frozen=True)
class SiteShape:
    """What shapes a page's facts beyond its own HTML: the site's pages and its address."""

    page_slugs: dict[str, str]
    """url -> slug of every page (links between pages become links inside guide.html)."""
    slugs_key: str
    site_url: str | None
    with_guide: bool
    """Whether the templates make the offline guide at all."""


@dataclass
class PageFacts:
    search_rows: list[list[str]]
    links: PageLinks
    guide_section: GuideSection | None


def read_facts(slug: str, title: str, html: str, shape: SiteShape) -> PageFacts:
    """Everything later stages read from one page's HTML (runs in a worker)."""
    section = None
    if shape.with_guide:
        section = offline_section(slug, title, html, shape.page_slugs, shape.site_url)
    return PageFacts(section_rows((html, title)), read_page_links(html), section)


def file_facts(
    slug: str, title: str, html: str, facts: PageFacts, shape: SiteShape, cache: BuildCache
) -> None:
    """File one page's facts where the search index, link check and offline guide look."""
    cache.search[section_key(title, html)] = facts.search_rows
    PAGE_LINKS.file(html, facts.links)
    if facts.guide_section is not None:
        SECTIONS.file((slug, title, html, shape.slugs_key, shape.site_url), facts.guide_section)
