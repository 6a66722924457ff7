"""Time charts: the career timeline, the learning plan and the interview process."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from ..filters import months_label
from . import Chart, ChartTable, figure_json, register
from .style import PALETTE, bar_text, base_layout, labelled_rows, rows_height


def _months_axis(maximum: float) -> dict[str, Any]:
    """Months from zero, with room on the right for the last bar's label."""
    return {"range": [0, maximum * 1.22], "dtick": 6, "rangemode": "tozero"}


@register("career-timeline")
def career_timeline(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """The five stages as bars on a months axis; focus and example roles on hover."""
    stages = data["career_stages"]["timeline"]["stages"]
    names = config["names"]
    spans = [
        months_label(s["start_month"], s["end_month"], names["months"], names["years"])
        for s in stages
    ]
    fig = go.Figure(
        go.Bar(
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
    )
    end = max(s["end_month"] for s in stages)
    fig.update_layout(
        base_layout(
            config,
            rows_height(len(stages)),
            xaxis=_months_axis(end),
            **labelled_rows([s["name"] for s in stages]),
            showlegend=False,
        )
    )
    rows = [
        [s["name"], span, s["focus"], ", ".join(s["example_roles"])]
        for s, span in zip(stages, spans, strict=True)
    ]
    return Chart("career-timeline", figure_json(fig), ChartTable(config["columns"], rows), config)


@register("learning-plan")
def learning_plan(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Plan phases on a months axis: "Months 1–3" covers the first three months."""
    phases = data["roadmap"]["plan"]["phases"]
    names = config["names"]
    spans = [f"{names['months_prefix']} {p['start_month']}–{p['end_month']}" for p in phases]
    fig = go.Figure(
        go.Bar(
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
    )
    end = max(p["end_month"] for p in phases)
    fig.update_layout(
        base_layout(
            config,
            rows_height(len(phases)),
            xaxis=_months_axis(end),
            **labelled_rows([p["name"] for p in phases]),
            showlegend=False,
        )
    )
    rows = [
        [p["name"], span, p["focus"], p["outcome"]] for p, span in zip(phases, spans, strict=True)
    ]
    return Chart("learning-plan", figure_json(fig), ChartTable(config["columns"], rows), config)


@register("interview-process")
def interview_process(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """The stages as a staircase of steps in order, each labelled with what it tests."""
    stages = data["interview_stages"]["stages"]
    steps = list(range(1, len(stages) + 1))
    labels = [f"{step}. {s['name']}\n{s['focus']}" for step, s in zip(steps, stages, strict=True)]
    fig = go.Figure(
        go.Bar(
            name=config["names"]["stage"],
            orientation="h",
            showlegend=False,
            y=labels,
            base=[step - 1 for step in steps],
            x=[1] * len(stages),
            marker={"color": [PALETTE[i % len(PALETTE)] for i in range(len(stages))]},
            text=[s["name"] for s in stages],
            customdata=[s["focus"] for s in stages],
            textposition="none",
            hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        base_layout(
            config,
            rows_height(len(stages)),
            showlegend=False,
            xaxis={
                "range": [0, len(stages)],
                "tickvals": [s - 0.5 for s in steps],
                "ticktext": [str(s) for s in steps],
                "showgrid": False,
            },
            **labelled_rows(labels, per_row=64),
        )
    )
    rows = [[str(step), s["name"], s["focus"]] for step, s in zip(steps, stages, strict=True)]
    return Chart("interview-process", figure_json(fig), ChartTable(config["columns"], rows), config)
