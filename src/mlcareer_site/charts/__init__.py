"""The chart registry: one small builder per chart, looked up by the name a page uses.

A page asks for a chart with ``::: chart name``; the builder registered under that name turns
the validated data into a Plotly figure. The words around a chart (title, caption, axis titles,
legend names) come from ``data/charts.yaml``, which also names the block whose sourced table
the chart shows under its plot: the chart's one table, for every reader, with or without
JavaScript, on screen and in print.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Chart:
    name: str
    figure: dict[str, Any]
    meta: dict[str, Any]

    @property
    def height(self) -> int:
        """The drawn figure's height: the page reserves exactly this, so nothing shifts."""
        return int(self.figure["layout"]["height"])

    @property
    def table_block(self) -> str:
        """The block template (``templates/blocks/<name>.html``) holding the chart's table."""
        return str(self.meta["table"])


ChartBuilder = Callable[[dict[str, Any], dict[str, Any]], Chart]
CHART_BUILDERS: dict[str, ChartBuilder] = {}


def register(name: str) -> Callable[[ChartBuilder], ChartBuilder]:
    """Add a builder to the registry under the name pages use."""

    def decorator(builder: ChartBuilder) -> ChartBuilder:
        CHART_BUILDERS[name] = builder
        return builder

    return decorator


TEXT_KEYS = frozenset(
    {"x", "y", "text", "customdata", "name", "ticktext", "hovertext", "categoryarray"}
)
"""Trace and axis fields that carry words from the data; templates and styles are ours."""


def escape_labels(value: Any, key: str = "") -> Any:
    """Make data text inert for Plotly, which renders a subset of HTML (links, spans) in labels.

    Plotly shows ``&lt;`` as ``<``, so a label reads the same but can never become markup.
    Builders break long labels with a newline, which becomes Plotly's ``<br>`` only here.
    """
    if isinstance(value, dict):
        return {k: escape_labels(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escape_labels(v, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return escaped.replace("\n", "<br>")
    return value


def bar(**fields: Any) -> dict[str, Any]:
    """A Plotly bar trace, as the plain data plotly.js reads."""
    return {"type": "bar", **fields}


def scatter(**fields: Any) -> dict[str, Any]:
    """A Plotly scatter trace (markers, lines), as the plain data plotly.js reads."""
    return {"type": "scatter", **fields}


def make_chart(
    name: str,
    config: dict[str, Any],
    traces: list[dict[str, Any]],
    layout: dict[str, Any],
    narrow: dict[str, Any] | None = None,
) -> Chart:
    """The chart a builder returns: its figure as JSON and its words from charts.yaml.

    Figures are plain data, not Plotly's Python objects: checking every field against
    Plotly's schema took a quarter of a second of every cold build, for mistakes only a
    changed builder can make, so the tests check each chart against the schema instead.

    ``narrow`` holds layout changes for a plot narrower than a phone's width (charts.js
    applies them): a wider axis range so the last bar's label fits, fewer ticks. They must
    never change the height, which the page reserves before the chart draws.
    """
    figure: dict[str, Any] = {"data": traces, "layout": layout}
    if narrow:
        if "height" in narrow:
            raise ValueError("a narrow layout may not change the height the page reserves")
        figure["narrow"] = narrow
    return Chart(name, escape_labels(figure), config)


def build_chart(name: str, data: dict[str, Any]) -> Chart:
    """Run the registered builder with the chart's own text from data/charts.yaml."""
    config = {chart["id"]: chart for chart in data["charts"]["charts"]}[name]
    return CHART_BUILDERS[name](data, config)


from . import market, salaries, skills, timelines  # noqa: E402,F401 - fill the registry
