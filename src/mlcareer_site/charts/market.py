"""Market charts: demand and growth by industry, and the market-size figures."""

from __future__ import annotations

import math
from typing import Any

from . import Chart, bar, make_chart, register
from .style import PALETTE, bar_text, base_layout, labelled_rows, rows_height, unique_label

ROOM_FOR_LABEL = 1.3
"""Axis length over the longest bar: room for the label written after it."""

NARROW_ROOM_FOR_LABEL = 1.5
"""The same on a phone, where a label such as "Very High" takes a quarter of the width."""


@register("industry-demand")
def industry_demand(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Industries on the data's demand scale, one colour (and legend entry) per growth label.

    Each bar says its demand level after its end, so the axis needs no tick labels: the
    level names (up to "Moderate–High") collide under bars a phone's width apart.
    """
    market = data["market"]
    demand = {d["id"]: d for d in market["demand_levels"]}
    rows = market["industries"]["rows"]
    traces: list[dict[str, Any]] = []
    for index, growth in enumerate(market["growth_labels"]):
        chosen = [r for r in rows if r["growth"] == growth["id"]]
        if not chosen:
            continue
        traces.append(
            bar(
                name=growth["label"],
                orientation="h",
                y=[r["name"] for r in chosen],
                x=[demand[r["demand"]]["rank"] for r in chosen],
                marker={"color": PALETTE[index % len(PALETTE)]},
                text=[demand[r["demand"]]["label"] for r in chosen],
                **bar_text(),
                hovertemplate="<b>%{y}</b><br>%{text}<extra>%{fullData.name}</extra>",
            )
        )
    top = max(d["rank"] for d in market["demand_levels"])
    layout = base_layout(
        config,
        rows_height(len(rows), extra=150),
        xaxis={
            "tickvals": sorted(d["rank"] for d in market["demand_levels"]),
            "showticklabels": False,
            "range": [0, top * ROOM_FOR_LABEL],
        },
        **labelled_rows([r["name"] for r in rows]),
    )
    narrow = {"xaxis": {"range": [0, top * NARROW_ROOM_FOR_LABEL]}}
    return make_chart("industry-demand", config, traces, layout, narrow)


def _log_range(low: float, high: float, room: float) -> list[float]:
    """A log axis (in powers of ten) from the decade below the smallest value, long enough
    that the largest bar leaves ``room`` for its label."""
    start = math.floor(math.log10(low))
    return [start, start + (math.log10(high) - start) * room]


@register("market-size")
def market_size(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Market sizes in USD billions on a log axis (26 and 2,025 both stay readable), one
    labelled row per figure like every other chart, so long market names never collide."""
    projections = data["market"]["projections"]
    names = config["names"]
    symbol = data["site"]["currency_symbol"]
    rows: list[str] = []
    for p in projections:
        rows.append(unique_label(f"{p['market']} {p['year']}", rows))
    row_of = {p["id"]: row for p, row in zip(projections, rows, strict=True)}
    traces: list[dict[str, Any]] = []
    for index, (projected, label) in enumerate(
        ((False, names["reported"]), (True, names["projected"]))
    ):
        chosen = [p for p in projections if p["projected"] == projected]
        if not chosen:
            continue
        traces.append(
            bar(
                name=label,
                orientation="h",
                y=[row_of[p["id"]] for p in chosen],
                x=[p["value_usd_billions"] for p in chosen],
                marker={"color": PALETTE[index]},
                text=[f"{symbol}{p['value_usd_billions']:,.2f}B" for p in chosen],
                **bar_text(),
                hovertemplate="<b>%{y}</b><br>%{text}<extra>%{fullData.name}</extra>",
            )
        )
    values = [p["value_usd_billions"] for p in projections]
    layout = base_layout(
        config,
        rows_height(len(rows), extra=150),
        xaxis={
            "type": "log",
            "tickprefix": symbol,
            "ticksuffix": "B",
            "tickformat": ",d",  # $10,000B, not Plotly's SI "$10kB"
            "dtick": 1,
            "range": _log_range(min(values), max(values), ROOM_FOR_LABEL),
        },
        **labelled_rows(rows),
    )
    narrow = {"xaxis": {"range": _log_range(min(values), max(values), NARROW_ROOM_FOR_LABEL)}}
    return make_chart("market-size", config, traces, layout, narrow)
