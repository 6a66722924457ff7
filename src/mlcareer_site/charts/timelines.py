"""Time charts: the career timeline, the learning plan and the interview process."""

from __future__ import annotations

from typing import Any

from ..filters import months_label
from . import Chart, bar, make_chart, register
from .style import PALETTE, bar_text, base_layout, labelled_rows, rows_height

MONTHS_TICK = 6
"""Months between ticks: half-years read naturally on a study plan."""

ROOM_FOR_LABEL = 1.22
"""Axis length over the last bar's end, leaving room for the label written after the bar."""

NARROW_ROOM_FOR_LABEL = 1.6
"""The same on a phone, where the label takes a larger share of the width."""


def _months_axis(maximum: float) -> dict[str, Any]:
    """Months from zero, with room on the right for the last bar's label."""
    return {"range": [0, maximum * ROOM_FOR_LABEL], "dtick": MONTHS_TICK, "rangemode": "tozero"}


def _narrow_months(maximum: float) -> dict[str, Any]:
    """On a phone: a longer axis so the last label fits, and ticks no closer than a year
    apart once there are many months."""
    length = maximum * NARROW_ROOM_FOR_LABEL
    tick = MONTHS_TICK if length <= 5 * MONTHS_TICK else 2 * MONTHS_TICK
    return {"xaxis": {"range": [0, length], "dtick": tick}}


def _months_chart(
    name: str,
    config: dict[str, Any],
    traces: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    end: float,
) -> Chart:
    """A chart of named rows (stages, phases) on a months axis that runs past ``end``."""
    layout = base_layout(
        config,
        rows_height(len(rows)),
        xaxis=_months_axis(end),
        **labelled_rows([row["name"] for row in rows]),
        showlegend=False,
    )
    return make_chart(name, config, traces, layout, _narrow_months(end))


@register("career-timeline")
def career_timeline(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """The five stages as bars on a months axis; focus and example roles on hover."""
    stages = data["career_stages"]["timeline"]["stages"]
    names = config["names"]
    spans = [
        months_label(s["start_month"], s["end_month"], names["months"], names["years"])
        for s in stages
    ]
    traces = [
        bar(
            name=names["stage"],
            orientation="h",
            showlegend=False,
            y=[s["name"] for s in stages],
            base=[s["start_month"] for s in stages],
            x=[s["end_month"] - s["start_month"] for s in stages],
            marker={"color": [PALETTE[i % len(PALETTE)] for i in range(len(stages))]},
            text=spans,
            **bar_text(),
            customdata=[[s["focus"], ", ".join(s["example_roles"])] for s in stages],
            hovertemplate=(
                "<b>%{y}</b> (%{text})<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"
            ),
        )
    ]
    end = max(s["end_month"] for s in stages)
    return _months_chart("career-timeline", config, traces, stages, end)


@register("learning-plan")
def learning_plan(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Plan phases on a months axis: "Months 1–3" covers the first three months."""
    phases = data["roadmap"]["plan"]["phases"]
    names = config["names"]
    spans = [f"{names['months_prefix']} {p['start_month']}–{p['end_month']}" for p in phases]
    traces = [
        bar(
            name=names["phase"],
            orientation="h",
            showlegend=False,
            y=[p["name"] for p in phases],
            base=[p["start_month"] - 1 for p in phases],
            x=[p["end_month"] - p["start_month"] + 1 for p in phases],
            marker={"color": [PALETTE[i % len(PALETTE)] for i in range(len(phases))]},
            text=spans,
            **bar_text(),
            customdata=[[p["focus"], p["outcome"]] for p in phases],
            hovertemplate="<b>%{y}</b> (%{text})<br>%{customdata[0]}<br>→ %{customdata[1]}"
            "<extra></extra>",
        )
    ]
    end = max(p["end_month"] for p in phases)
    return _months_chart("learning-plan", config, traces, phases, end)
