"""Label every body cell of a table with its column heading, so tables can reflow on phones.

A data table wider than a phone's screen either scrolls sideways, hiding columns the reader
does not know are there, or reflows: each row becomes a block of ``label: value`` lines. The
stylesheet does the reflowing from a ``data-label`` on each cell; this pass writes those
labels once, on the finished page body, so Markdown tables and the block templates' tables
are treated alike and no template has to repeat its column headings.
"""

from __future__ import annotations

import html
import re

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL)
BODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.DOTALL)
ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.DOTALL)
CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</\1>", re.DOTALL)
SPAN = re.compile(r"""\b(col|row)span=["']?(\d+)""")
TAG = re.compile(r"<[^>]+>")


def _span(attributes: str, kind: str) -> int:
    for found_kind, value in SPAN.findall(attributes):
        if found_kind == kind:
            return max(1, int(value))
    return 1


def column_labels(head_html: str) -> list[str]:
    """The words of each column of a header's last row, a wide heading repeated per column."""
    rows = ROW.findall(head_html)
    if not rows:
        return []
    labels: list[str] = []
    for _tag, attributes, inner in CELL.findall(rows[-1]):
        text = " ".join(html.unescape(TAG.sub("", inner)).split())
        labels.extend([text] * _span(attributes, "col"))
    return labels


def label_rows(body_html: str, labels: list[str]) -> str:
    """Add ``data-label`` to each cell of the body rows, following row and column spans."""
    still_spanned: dict[int, int] = {}

    def label_row(row: re.Match[str]) -> str:
        covered = {column for column, rows in still_spanned.items() if rows > 0}
        column = 0

        def label_cell(cell: re.Match[str]) -> str:
            nonlocal column
            tag, attributes, inner = cell.group(1), cell.group(2), cell.group(3)
            while column in covered:
                column += 1
            width, height = _span(attributes, "col"), _span(attributes, "row")
            label = labels[column] if column < len(labels) else ""
            for spanned in range(column, column + width):
                if height > 1:
                    still_spanned[spanned] = height - 1  # the rows below this one
            column += width
            if not label or "data-label=" in attributes:
                return cell.group(0)
            quoted = html.escape(label, quote=True)
            return f'<{tag}{attributes} data-label="{quoted}">{inner}</{tag}>'

        labelled = CELL.sub(label_cell, row.group(0))
        for spanned in covered:
            still_spanned[spanned] -= 1
        return labelled

    return ROW.sub(label_row, body_html)


WRAP = '<div class="table-wrap" tabindex="0">'
"""The box a table scrolls or reflows in; block templates write it, Markdown tables get it."""


def label_table_cells(body: str) -> str:
    """Return the page body with every table's body cells labelled by their column, and
    every table that is not yet in a table box (a Markdown table) put in one."""

    def label_table(table: re.Match[str]) -> str:
        text = table.group(0)
        head = HEAD.search(text)
        labels = column_labels(head.group(1)) if head else []
        if labels:
            text = BODY.sub(
                lambda b: b.group(1) + label_rows(b.group(2), labels) + b.group(3), text
            )
        if not table.string[: table.start()].rstrip().endswith(WRAP):
            text = f"{WRAP}{text}</div>"
        return text

    if "<table" not in body:
        return body
    return TABLE.sub(label_table, body)
