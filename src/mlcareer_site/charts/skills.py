"""The skills matrix as a chart: each category against the expected junior level."""

from __future__ import annotations

from typing import Any

from . import Chart, bar, make_chart, register
from .style import PALETTE, base_layout, labelled_rows, rows_height


@register("skill-levels")
def skill_levels(data: dict[str, Any], config: dict[str, Any]) -> Chart:
    """Bars reach the expected level (Basic / Intermediate / Advanced, from the data)."""
    skills = data["skills"]
    levels = sorted(skills["levels"], key=lambda level: level["rank"])
    by_id = {level["id"]: level for level in levels}
    rows = skills["matrix"]["rows"]
    traces = [
        bar(
            name=config["names"]["level"],
            orientation="h",
            showlegend=False,
            y=[r["category"] for r in rows],
            x=[by_id[r["level"]]["rank"] for r in rows],
            marker={"color": [PALETTE[by_id[r["level"]]["rank"] - 1] for r in rows]},
            text=[by_id[r["level"]]["label"] for r in rows],
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "#ffffff"},
            customdata=[", ".join(r["technologies"]) for r in rows],
            hovertemplate="<b>%{y}</b>: %{text}<br>%{customdata}<extra></extra>",
        )
    ]
    layout = base_layout(
        config,
        rows_height(len(rows)),
        showlegend=False,
        xaxis={
            "tickvals": [level["rank"] for level in levels],
            "ticktext": [level["label"] for level in levels],
            "range": [0, levels[-1]["rank"] + 0.05],
        },
        **labelled_rows([r["category"] for r in rows]),
    )
    # On a phone "Intermediate" and "Advanced" would touch under the axis; each bar names
    # its level inside it anyway.
    narrow = {"xaxis": {"showticklabels": False}}
    return make_chart("skill-levels", config, traces, layout, narrow)
