"""The chart registry: one small builder per chart, looked up by the name a page uses.

A page asks for a chart with ``::: chart name``; the builder registered under that name
turns the validated data into a Plotly figure plus the same numbers as a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChartTable:
    """The chart's data as rows, shown in a <details> for screen readers and no-JS readers."""

    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    name: str
    figure: dict[str, Any]
    table: ChartTable
    height: int = 420
    meta: dict[str, Any] = field(default_factory=dict)


ChartBuilder = Callable[[dict[str, Any]], Chart]
CHART_BUILDERS: dict[str, ChartBuilder] = {}


def register(name: str) -> Callable[[ChartBuilder], ChartBuilder]:
    """Add a builder to the registry under the name pages use."""

    def decorator(builder: ChartBuilder) -> ChartBuilder:
        CHART_BUILDERS[name] = builder
        return builder

    return decorator
