"""Shared look of every chart: one palette, compact margins, readable on a phone.

Colours here are design, not facts; the browser script swaps text and grid colours for the
reader's theme at draw time, so figures stay theme-neutral.
"""

from __future__ import annotations

from typing import Any

from ..filters import format_money, format_money_range

PALETTE = ["#4f46e5", "#0d9488", "#d97706", "#db2777", "#2563eb", "#65a30d", "#9333ea"]
MUTED = "#94a3b8"


def base_layout(config: dict[str, Any], height: int, **extra: Any) -> dict[str, Any]:
    """Layout defaults: axis titles from the chart's data text, legend below, no title."""
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 8, "r": 16, "t": 16, "b": 8},
        "font": {"size": 13},
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        "showlegend": True,
        "xaxis": {
            "title": {"text": config.get("x_title") or ""},
            "automargin": True,
            # Plotly hides a tick label that reaches past the plot ("Advanced" at the axis
            # end); allowed, it stays and automargin makes room for it.
            "ticklabeloverflow": "allow",
            "showgrid": True,
            "zeroline": False,
            "fixedrange": True,
        },
        "yaxis": {
            "title": {"text": config.get("y_title") or ""},
            "automargin": True,
            "showgrid": False,
            "fixedrange": True,
        },
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    if layout["showlegend"]:
        layout["margin"] = {**layout["margin"], "t": 64}
    return layout


def money_axis(data: dict[str, Any]) -> dict[str, Any]:
    """A pay axis with short ticks (100k) after the site's currency symbol."""
    return {
        "tickprefix": data["site"]["currency_symbol"],
        "tickformat": "~s",
        "rangemode": "tozero",
    }


def money_text(data: dict[str, Any]) -> tuple[Any, Any]:
    """Formatters for single amounts and ranges, in the site's currency."""
    symbol = data["site"]["currency_symbol"]

    def money(amount: float) -> str:
        return format_money(amount, symbol)

    def money_range(record: dict[str, Any]) -> str:
        return format_money_range(record, symbol)

    return money, money_range


ROW_HEIGHT = 46
"""Pixels per bar row: the bar plus its label written above it."""


def rows_height(count: int, per_row: int = ROW_HEIGHT, extra: int = 120) -> int:
    """Height that gives each bar room, so labels never overlap on a phone."""
    return count * per_row + extra


BAR_PIXELS = 18
"""Thickness of a bar, whatever the row height, so labels above bars never touch them."""


def labelled_rows(
    rows: list[str], headings: frozenset[str] = frozenset(), per_row: int = ROW_HEIGHT
) -> dict[str, Any]:
    """Layout for horizontal bars with each row's label written above its bar.

    Labels above bars leave the whole width to the bars, which keeps charts readable on a
    375 px phone where a column of long axis labels would squeeze the plot to nothing.
    Rows named in ``headings`` are group titles: no bar, a stronger label.
    """
    annotations = [
        {
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "yref": "y",
            "y": row,
            "yanchor": "bottom" if row not in headings else "middle",
            "yshift": BAR_PIXELS // 2 + 2 if row not in headings else 0,
            "text": row.rstrip("\u200b"),
            "showarrow": False,
            "align": "left",
            "font": {
                "size": 13 if row in headings else 12,
                "weight": 700 if row in headings else 400,
            },
        }
        for row in rows
    ]
    return {
        "yaxis": {
            "showticklabels": False,
            "categoryorder": "array",
            "categoryarray": list(reversed(rows)),
            "showgrid": False,
        },
        "annotations": annotations,
        "bargap": 1 - BAR_PIXELS / per_row,
    }


def unique_label(label: str, taken: list[str]) -> str:
    """The label, made distinct from those ``taken`` with invisible zero-width spaces:
    a category axis merges rows with equal names."""
    while label in taken:
        label += "\u200b"
    return label


def bar_text() -> dict[str, Any]:
    """Value labels written beside the bar, level and unshrunk, never rotated."""
    return {"textposition": "outside", "textangle": 0, "cliponaxis": False, "constraintext": "none"}
