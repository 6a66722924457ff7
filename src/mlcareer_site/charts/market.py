"""Market charts: demand and growth by industry, and the market-size figures."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from . import Chart, ChartTable, figure_json, register
from .style import PALETTE, base_layout, labelled_rows, rows_height, wrap


@register("industry-demand")
def industry_demand(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Industries on the data's demand scale, one colour (and legend entry) per growth label."""
    market = data["market"]
    demand = {d["id"]: d for d in market["demand_levels"]}
    rows = market["industries"]["rows"]
    fig = go.Figure()
    for index, growth in enumerate(market["growth_labels"]):
        chosen = [r for r in rows if r["growth"] == growth["id"]]
        if not chosen:
            continue
        fig.add_trace(
            go.Bar(
                name=growth["label"],
                orientation="h",
                y=[r["name"] for r in chosen],
                x=[demand[r["demand"]]["rank"] for r in chosen],
                marker={"color": PALETTE[index % len(PALETTE)]},
                text=[demand[r["demand"]]["label"] for r in chosen],
                textposition="none",
                hovertemplate="<b>%{y}</b><br>%{text}<extra>%{fullData.name}</extra>",
            )
        )
    levels = sorted(market["demand_levels"], key=lambda d: d["rank"])
    fig.update_layout(
        base_layout(
            config,
            rows_height(len(rows), extra=150),
            xaxis={
                "tickvals": [d["rank"] for d in levels],
                "ticktext": [wrap(d["label"], 9) for d in levels],
                "tickangle": 0,
                "range": [0, levels[-1]["rank"] + 0.2],
            },
            **labelled_rows([r["name"] for r in rows]),
        )
    )
    growth_label = {g["id"]: g["label"] for g in market["growth_labels"]}
    table = [[r["name"], demand[r["demand"]]["label"], growth_label[r["growth"]]] for r in rows]
    return Chart("industry-demand", figure_json(fig), ChartTable(config["columns"], table), config)


@register("market-size")
def market_size(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Market sizes in USD billions on a log axis (26 and 2,025 both stay readable)."""
    projections = data["market"]["projections"]
    names = config["names"]
    symbol = data["site"]["currency_symbol"]
    fig = go.Figure()
    for index, (projected, label) in enumerate(
        ((False, names["reported"]), (True, names["projected"]))
    ):
        chosen = [p for p in projections if p["projected"] == projected]
        if not chosen:
            continue
        fig.add_trace(
            go.Bar(
                name=label,
                x=[wrap(f"{p['market']} {p['year']}", 14) for p in chosen],
                y=[p["value_usd_billions"] for p in chosen],
                marker={"color": PALETTE[index]},
                text=[f"{symbol}{p['value_usd_billions']:,.2f}B" for p in chosen],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{x}</b><br>%{text}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        base_layout(
            config,
            400,
            yaxis={
                "type": "log",
                "tickprefix": symbol,
                "ticksuffix": "B",
                "showgrid": True,
                "dtick": 1,
            },
            xaxis={"showgrid": False, "tickangle": 0},
        )
    )
    table = [
        [
            p["market"],
            str(p["year"]),
            f"{symbol}{p['value_usd_billions']:,.2f}B",
            names["projected"] if p["projected"] else names["reported"],
        ]
        for p in projections
    ]
    return Chart("market-size", figure_json(fig), ChartTable(config["columns"], table), config)
