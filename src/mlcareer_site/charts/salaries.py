"""Pay charts: ranges by level and source, AI vs ML engineer spread, the career ladder."""

from __future__ import annotations

from typing import Any

from . import Chart, bar, make_chart, register, scatter
from .style import (
    MUTED,
    PALETTE,
    bar_text,
    base_layout,
    labelled_rows,
    money_axis,
    money_text,
    rows_height,
    unique_label,
)


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


def _range_top(record: dict[str, Any]) -> float:
    return record["max"] if record["max"] is not None else record["min"]


@register("salary-ranges")
def salary_ranges(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """One row per figure, grouped by level: a bar from min to max, coloured by source.

    Total compensation is hatched so it never reads as base salary; single amounts (averages,
    medians) are diamonds; an open top gets an arrow.
    """
    salaries = data["salaries"]
    levels = _by_id(salaries["levels"])
    measures = _by_id(salaries["measures"])
    money, money_range = money_text(data)
    figures = sorted(salaries["figures"], key=lambda f: levels[f["level"]]["rank"])
    labels = [f["title"] for f in figures]
    row_of, rows, headings = _rows_grouped_by_level(figures, labels, levels)
    traces: list[dict[str, Any]] = []
    for index, source in enumerate(data["sources"]["sources"]):
        colour = PALETTE[index % len(PALETTE)]
        mine = [f for f in figures if f["source"] == source["id"]]
        for total in (False, True):
            bars = [
                f
                for f in mine
                if f["range"] is not None and measures[f["measure"]]["total_comp"] == total
            ]
            if bars:
                traces.append(
                    _range_bars(bars, row_of, source, colour, total, levels, measures, money_range)
                )
        amounts = [f for f in mine if f["amount"] is not None]
        if amounts:
            traces.append(
                scatter(
                    name=source["short"],
                    legendgroup=source["id"],
                    showlegend=False,
                    mode="markers",
                    y=[row_of[f["id"]] for f in amounts],
                    x=[f["amount"] for f in amounts],
                    marker={
                        "symbol": "diamond",
                        "size": 13,
                        "color": colour,
                        "line": {"width": 1.5, "color": "#ffffff"},
                    },
                    text=[money(f["amount"]) for f in amounts],
                    customdata=[
                        [measures[f["measure"]]["label"], levels[f["level"]]["label"]]
                        for f in amounts
                    ],
                    hovertemplate="<b>%{y}</b><br>%{text} (%{customdata[0]})<br>%{customdata[1]}"
                    "<extra>%{fullData.name}</extra>",
                )
            )
    open_tops = [f for f in figures if f["range"] is not None and f["range"]["open_ended"]]
    if open_tops:
        traces.append(
            scatter(
                name=config["names"]["open"],
                mode="markers",
                y=[row_of[f["id"]] for f in open_tops],
                x=[_range_top(f["range"]) for f in open_tops],
                marker={"symbol": "arrow-right", "size": 13, "color": MUTED},
                hoverinfo="skip",
            )
        )
    layout = base_layout(
        config,
        rows_height(len(rows), extra=170),
        barmode="overlay",
        xaxis=money_axis(data),
        **labelled_rows(rows, headings),
    )
    return make_chart("salary-ranges", config, traces, layout)


def _range_bars(
    bars: list[dict[str, Any]],
    row_of: dict[str, str],
    source: dict[str, Any],
    colour: str,
    total: bool,
    levels: dict[str, Any],
    measures: dict[str, Any],
    money_range: Any,
) -> dict[str, Any]:
    return bar(
        name=source["short"],
        legendgroup=source["id"],
        showlegend=not total,
        orientation="h",
        y=[row_of[f["id"]] for f in bars],
        base=[f["range"]["min"] for f in bars],
        x=[max(_range_top(f["range"]) - f["range"]["min"], 1) for f in bars],
        marker={
            "color": colour,
            "line": {"color": colour, "width": 1},
            "pattern": {
                "shape": "/" if total else "",
                "fgcolor": "#ffffff",
                "solidity": 0.3,
                "fillmode": "overlay",
            },
        },
        text=[money_range(f["range"]) for f in bars],
        textposition="none",
        customdata=[[measures[f["measure"]]["label"], levels[f["level"]]["label"]] for f in bars],
        hovertemplate="<b>%{y}</b><br>%{text} (%{customdata[0]})<br>%{customdata[1]}"
        "<extra>%{fullData.name}</extra>",
    )


def _rows_grouped_by_level(
    figures: list[dict[str, Any]], labels: list[str], levels: dict[str, Any]
) -> tuple[dict[str, str], list[str], frozenset[str]]:
    """Rows in level order, each level opened by a heading row; categories made unique.

    Repeated labels get invisible zero-width spaces appended, because a category axis
    merges rows with equal names.
    """
    rows: list[str] = []
    row_of: dict[str, str] = {}
    headings: set[str] = set()
    previous = None
    for figure, label in zip(figures, labels, strict=True):
        if figure["level"] != previous:
            heading = unique_label(levels[figure["level"]]["label"], rows)
            rows.append(heading)
            headings.add(heading)
            previous = figure["level"]
        row_of[figure["id"]] = unique_label(label, rows)
        rows.append(row_of[figure["id"]])
    return row_of, rows, frozenset(headings)


@register("ai-vs-ml-pay")
def ai_vs_ml_pay(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Per role: a thin 10th–90th percentile line, the salary range as a bar, the median dot."""
    distributions = data["salaries"]["distributions"]
    names = config["names"]
    money, money_range = money_text(data)
    roles = [d["label"] for d in distributions]
    traces: list[dict[str, Any]] = []
    traces.append(
        scatter(
            name=names["spread"],
            mode="lines+markers",
            x=[v for d in distributions for v in (d["p10"], d["p90"], None)],
            y=[v for d in distributions for v in (d["label"], d["label"], None)],
            text=[v for d in distributions for v in (money(d["p10"]), money(d["p90"]), "")],
            line={"color": MUTED, "width": 3},
            marker={"size": 9, "symbol": "line-ns-open"},
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
        )
    )
    traces.append(
        bar(
            name=names["range"],
            orientation="h",
            y=roles,
            base=[d["range"]["min"] for d in distributions],
            x=[d["range"]["max"] - d["range"]["min"] for d in distributions],
            marker={"color": PALETTE[0]},
            text=[money_range(d["range"]) for d in distributions],
            textposition="none",
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
        )
    )
    traces.append(
        scatter(
            name=names["median"],
            mode="markers",
            x=[d["median"] for d in distributions],
            y=roles,
            text=[money(d["median"]) for d in distributions],
            marker={
                "size": 14,
                "color": PALETTE[2],
                "symbol": "diamond",
                "line": {"width": 1.5, "color": "#ffffff"},
            },
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
        )
    )
    layout = base_layout(
        config,
        rows_height(len(roles), 70, 150),
        xaxis=money_axis(data),
        **labelled_rows(roles, per_row=70),
    )
    return make_chart("ai-vs-ml-pay", config, traces, layout)


def _rung_label(rung: dict[str, Any], figure: dict[str, Any], config: dict[str, Any]) -> str:
    """ "Title · 2–5 years": the label written above a rung's bar."""
    span = figure["years"]
    if span is None:
        return str(rung["title"])
    top = "+" if span["max"] is None else f"–{span['max']:g}"
    return f"{rung['title']} · {span['min']:g}{top} {config['names']['years']}"


BAND_ROOM = 1.3
"""Pay axis length over the highest band's top: room for the band's label after it."""

NARROW_BAND_ROOM = 1.75
"""The same on a phone, where "$250k–$500k+" takes a third of the width."""


@register("career-ladder")
def career_ladder(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Pay band per rung; an open-ended top gets an arrow and a '+' so it reads as open."""
    rungs = data["career_stages"]["ladder"]["rungs"]
    figures = _by_id(data["salaries"]["figures"])
    _, money_range = money_text(data)
    labels = [_rung_label(rung, figures[rung["salary"]], config) for rung in rungs]
    bands = [figures[rung["salary"]]["range"] for rung in rungs]
    traces: list[dict[str, Any]] = []
    traces.append(
        bar(
            name=config["names"]["band"],
            orientation="h",
            y=labels,
            base=[b["min"] for b in bands],
            x=[_range_top(b) - b["min"] for b in bands],
            marker={"color": PALETTE[0]},
            text=[money_range(b) for b in bands],
            **bar_text(),
            hovertemplate="%{y}<br>%{text}<extra></extra>",
            showlegend=False,
        )
    )
    open_tops = [(label, b) for label, b in zip(labels, bands, strict=True) if b["open_ended"]]
    if open_tops:
        traces.append(
            scatter(
                name=config["names"]["open"],
                mode="markers",
                y=[label for label, _ in open_tops],
                x=[_range_top(b) for _, b in open_tops],
                marker={"symbol": "arrow-right", "size": 16, "color": PALETTE[2]},
                hovertemplate="%{y}<extra>%{fullData.name}</extra>",
            )
        )
    highest = max(_range_top(b) for b in bands)
    layout = base_layout(
        config,
        rows_height(len(rungs), 56, 130),
        xaxis={**money_axis(data), "range": [0, highest * BAND_ROOM]},
        **labelled_rows(labels, per_row=56),
    )
    narrow = {"xaxis": {"range": [0, highest * NARROW_BAND_ROOM]}}
    return make_chart("career-ladder", config, traces, layout, narrow)
