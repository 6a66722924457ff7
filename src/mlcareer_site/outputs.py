"""The output names the build makes itself, checked against what ``content/`` would publish.

A page ``content/guide.md`` or a file ``content/robots.txt`` would be written to an address
the build already fills (the offline guide, the file every static host expects). Finding that
before rendering turns it into one line naming the file, instead of a failure deep in the
writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from .content import Page
from .errors import Problems

MADE_BY_THE_BUILD = {
    "404.html": "the page shown for a missing address",
    "guide.html": "the whole guide in one file",
    "robots.txt": "the file search engines read",
    "sitemap.xml": "the list of pages for search engines",
    ".nojekyll": "the marker that tells GitHub Pages to publish the site as it is",
}
"""Single files the build writes, and what each one is, in the words of the message."""

MADE_FOLDERS = {
    "assets/": "the copy of templates/assets/ (put images for pages elsewhere, e.g. images/)",
    "data/": "the open data (every data file as JSON and CSV)",
}
"""Folders of the site the build fills."""


PUBLISHED_TYPES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".avif",
    ".ico",
    ".pdf",
    ".mp4",
    ".webm",
    ".mp3",
    ".csv",
    ".json",
)
"""What ``content/`` publishes besides pages, as it is: images, documents, media, data."""


def editor_leftover(path: str) -> bool:
    """An editor's backup or autosave (``page.md~``, ``#page.md#``): neither content to
    publish nor a mistake to report (hidden files, such as ``.page.md.swp``, are not read)."""
    name = PurePosixPath(path).name
    return name.endswith("~") or (len(name) > 1 and name.startswith("#") and name.endswith("#"))


def check_content_files(
    static_files: Iterable[str], content_folder: str, problems: Problems
) -> None:
    """Report every file of ``content/`` that would be published by mistake or ignored: a
    page in a subfolder (pages live directly in content/), a Markdown file with another
    ending, a file of a type the site does not publish (notes, drafts, scripts)."""
    allowed = ", ".join(PUBLISHED_TYPES)
    for path in sorted(static_files):
        if editor_leftover(path):
            continue
        display = f"{content_folder}/{path}"
        suffix = PurePosixPath(path).suffix.lower()
        if suffix == ".md":
            message = (
                "pages live directly in content/, not in subfolders; move this file to"
                f" {content_folder}/{PurePosixPath(path).name}"
            )
        elif suffix in (".markdown", ".mdown", ".mkd"):
            message = f"pages end in .md; rename this file to {PurePosixPath(path).stem}.md"
        elif suffix not in PUBLISHED_TYPES:
            message = (
                f"'{suffix or path}' files are not published; content/ holds pages (.md) and"
                f" files of these types: {allowed}"
            )
        else:
            continue
        problems.error(display, 1, 1, message)


def check_output_names(
    pages: list[Page], static_files: Iterable[str], content_folder: str, problems: Problems
) -> set[str]:
    """Report every page or ``content/`` file whose address the build makes itself, and
    every file that would be written where a page goes (``future.html`` beside ``future.md``)."""
    page_sources = {page.url: page.source for page in pages}
    reported: set[str] = set()
    for page in pages:
        if page.url in MADE_BY_THE_BUILD:
            message = (
                f"the page name '{page.slug}' is reserved: {page.url} is"
                f" {MADE_BY_THE_BUILD[page.url]}; rename the file"
                f" (reserved page names: {', '.join(reserved_page_names())})"
            )
            problems.error(page.source, 1, 1, message)
    for path in sorted(static_files):
        display = f"{content_folder}/{path}"
        if path in MADE_BY_THE_BUILD:
            message = f"'{path}' is {MADE_BY_THE_BUILD[path]}, made by the build; remove this file"
        elif folder := next((f for f in MADE_FOLDERS if path.startswith(f)), None):
            message = f"'{folder}' of the site is {MADE_FOLDERS[folder]}; move this file"
        elif path in page_sources:
            message = (
                f"'{path}' is also the address of the page {page_sources[path]};"
                " remove one of the two"
            )
        else:
            continue
        problems.error(display, 1, 1, message)
        reported.add(path)
    return reported


def check_aliases(pages: list[Page], static_files: Iterable[str], problems: Problems) -> None:
    """An old address kept by ``aliases:`` must be free: not a page, not another page's
    alias, not a file the build or ``content/`` makes."""
    taken = {page.slug: page.source for page in pages}
    files = set(static_files)
    for page in pages:
        for alias in page.aliases:
            url = f"{alias}.html"
            if alias in taken:
                owner = taken[alias]
                what = "this page's own address" if owner == page.source else f"the page {owner}"
                message = f"aliases: '{alias}' is {what}; an alias is an address no page has"
            elif url in MADE_BY_THE_BUILD:
                message = f"aliases: '{alias}' is reserved: {url} is {MADE_BY_THE_BUILD[url]}"
            elif url in files:
                message = f"aliases: '{alias}' is the address of content/{url}"
            else:
                taken[alias] = page.source
                continue
            line, column = page.aliases_at
            problems.error(page.source, line, column, message)


def reserved_page_names() -> list[str]:
    return sorted(name[: -len(".html")] for name in MADE_BY_THE_BUILD if name.endswith(".html"))
