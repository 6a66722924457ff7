"""Jinja filters that format the guide's numbers the same way on every page.

Money is stored as plain numbers in the data; only these filters decide how it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

DASH = "\u2013"


def format_money(amount: float, symbol: str, exact: bool = False) -> str:
    """85000 -> "$85k", 91849 -> "$91,849", 2_025_120_000_000 -> "$2,025.12B"."""
    if amount >= 1_000_000_000:
        return f"{symbol}{amount / 1e9:,.2f}".rstrip("0").rstrip(".") + "B"
    if not exact and amount >= 1000 and amount % 1000 == 0:
        return f"{symbol}{amount // 1000:,.0f}k"
    return f"{symbol}{amount:,.0f}"


def format_money_range(record: Mapping[str, Any], symbol: str) -> str:
    """Both ends in one style: "$85k–$130k", but "$70,000–$124,805" when one end is exact."""
    ends = [value for value in (record["min"], record.get("max")) if value is not None]
    exact = any(value % 1000 for value in ends)
    return format_range(record, lambda value: format_money(value, symbol, exact))


def format_range(record: Mapping[str, Any], show: Callable[[float], str], unit: str = "") -> str:
    """Render ``{min, max, open_ended}`` as "a–b", "a–b+" or "a+"; open tops stay open."""
    low, high = record["min"], record.get("max")
    suffix = f" {unit}" if unit else ""
    if high is None:
        return f"{show(low)}+{suffix}"
    plus = "+" if record.get("open_ended") else ""
    if low == high:
        return f"{show(low)}{plus}{suffix}"
    return f"{show(low)}{DASH}{show(high)}{plus}{suffix}"


def plain_number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else f"{value:,}"


def months_label(
    start: float, end: float, unit_months: str = "months", unit_years: str = "years"
) -> str:
    """0, 6 -> "0–6 months"; 24, 48 -> "2–4 years" (how the articles state long spans)."""
    if start >= 12 and end >= 12 and start % 12 == 0 and end % 12 == 0:
        return f"{start // 12:g}{DASH}{end // 12:g} {unit_years}"
    return f"{start:g}{DASH}{end:g} {unit_months}"


def make_filters(
    site: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]]
) -> dict[str, Callable[..., Any]]:
    """Build the filter set bound to this site's currency symbol and source list."""
    symbol = site["currency_symbol"]

    def money(amount: float) -> str:
        return format_money(amount, symbol)

    def money_range(record: Mapping[str, Any]) -> str:
        return format_money_range(record, symbol)

    def number_range(record: Mapping[str, Any], unit: str = "") -> str:
        return format_range(record, plain_number, unit)

    def cite(source_id: str) -> Markup:
        source = sources[source_id]
        return Markup('<a class="cite" href="sources.html#source-{}">{}</a>').format(
            source_id, source["short"]
        )

    return {
        "money": money,
        "money_range": money_range,
        "number_range": number_range,
        "months_label": months_label,
        "cite": cite,
        "escape_text": escape,
    }
