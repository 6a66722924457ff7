"""Checks that span the whole project once every file parsed: block and chart names, the
tables charts name, and what ``content/`` may publish besides its pages."""

from __future__ import annotations

import posixpath
from typing import Any

from .charts import CHART_BUILDERS
from .content import Page
from .engine import Reads
from .errors import Problems
from .outputs import check_aliases, check_content_files, check_output_names
from .schema import suggest
from .yamlfile import YamlError, decode_text, parse_yaml

BLOCKS_DIR = "templates/blocks"
CHART_BLOCK = "chart"
"""The block template every chart is drawn with: a page names a chart, not this block."""
CONTENT_DIR = "content"
REDIRECT_TEMPLATE = "templates/redirect.html"


def check_project_shape(
    reads: Reads, pages: list[Page], data: dict[str, Any], problems: Problems
) -> None:
    known_blocks = sorted(
        posixpath.splitext(name)[0] for name in reads.listing(BLOCKS_DIR) if name.endswith(".html")
    )
    charts_unread = "charts" not in data and any(
        name.startswith("charts.") for name in reads.listing("data")
    )
    check_block_names(pages, known_blocks, data, problems, unread=charts_unread)
    check_chart_tables(reads, data, known_blocks, problems)
    every = reads.tree(CONTENT_DIR)
    static = [path for path in every if not path.endswith(".md")]
    reported = check_output_names(pages, static, CONTENT_DIR, problems)
    check_aliases(pages, static, problems)
    if any(page.aliases for page in pages) and not reads.exists(REDIRECT_TEMPLATE):
        page = next(page for page in pages if page.aliases)
        line, column = page.aliases_at
        message = f"aliases: the redirect pages are made with {REDIRECT_TEMPLATE}, which is missing"
        problems.error(page.source, line, column, message)
    pages_elsewhere = [path for path in every if "/" in path and path.endswith(".md")]
    check_content_files(
        [path for path in static + pages_elsewhere if path not in reported], CONTENT_DIR, problems
    )


def check_block_names(
    pages: list[Page],
    known_blocks: list[str],
    data: dict[str, Any],
    problems: Problems,
    unread: bool = False,
) -> None:
    """Every ``::: name`` must name a block template, or a chart with a builder and text
    (when data/charts.yaml is ``unread``, its own mistake is reported, not each chart)."""
    described = {chart["id"] for chart in data.get("charts", {"charts": []})["charts"]}
    for page in pages:
        placed: dict[tuple[str, str], int] = {}
        for block in page.blocks:
            first = placed.setdefault((block.kind, block.name), block.line)
            if first != block.line:
                message = (
                    f"'{block.written}' is already on this page (line {first}); placed twice, "
                    "it shows the same content and ids twice: keep one"
                )
            elif block.kind == "block" and block.name == CHART_BLOCK:
                charts = ", ".join(sorted(described)) or "none in data/charts.yaml"
                message = (
                    f"'::: chart' needs the chart's name, such as '::: chart <name>' ({charts})"
                )
            elif block.kind == "block" and block.name not in known_blocks:
                message = (
                    f"unknown block (templates/blocks/*.html) '{block.name}'"
                    f"{suggest(block.name, known_blocks)}"
                )
            elif block.kind == "chart" and block.name not in CHART_BUILDERS:
                message = f"unknown chart '{block.name}'{suggest(block.name, CHART_BUILDERS)}"
            elif block.kind == "chart" and not unread and block.name not in described:
                message = f"chart '{block.name}' has no entry in data/charts.yaml"
            else:
                continue
            problems.error(page.source, block.line, 1, message)


def check_chart_tables(
    reads: Reads, data: dict[str, Any], known_blocks: list[str], problems: Problems
) -> None:
    """Each chart's ``table:`` must name a block template: reported at the chart's entry."""
    charts = data.get("charts", {"charts": []})["charts"]
    for index, chart in enumerate(charts):
        if chart["table"] in known_blocks:
            continue
        path = "data/charts.yaml"
        line, column = 1, 1
        raw = reads.file(path)
        if raw is not None:
            try:
                document = parse_yaml(decode_text(raw, len(raw), path), path)
                line, column = document.position(("charts", index, "table"))
            except YamlError:
                pass
        message = (
            f"charts[{index}].table: no block template 'templates/blocks/{chart['table']}.html'"
            f"{suggest(chart['table'], known_blocks)}"
        )
        problems.error(path, line, column, message)
