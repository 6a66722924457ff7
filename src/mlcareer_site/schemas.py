"""The declared schema of every data file and of Markdown front matter.

A file ``data/<name>.yaml`` is checked against ``DATA_SCHEMAS[name]``; a data file with no
schema here is an error, so nothing reaches the templates unchecked. Enumerations that readers
see (levels, measures, demand) are declared as ids in the data itself and referenced with
``Ref``, so their labels live in ``data/`` rather than in code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .schema import (
    Boolean,
    Date,
    Id,
    ListOf,
    MapOf,
    Number,
    Record,
    Ref,
    Schema,
    Text,
    Url,
    optional,
)

MAX_MONEY = 10_000_000
"""Upper bound for a yearly amount: catches a slipped extra zero or two."""


def min_not_above_max(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """A range whose minimum exceeds its maximum is almost always a typo."""
    low, high = record.get("min"), record.get("max")
    if low is not None and high is not None and low > high:
        yield "max", f"max ({high:g}) is below min ({low:g})"


def closed_or_open(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """A range needs a max unless it is explicitly open-ended ("$250K - $500K+" keeps both)."""
    if record.get("max") is None and not record.get("open_ended"):
        yield "", "a range without 'max' must say 'open_ended: true'"


def money_range() -> Record:
    """A yearly pay range in the guide's currency, e.g. ``{min: 85000, max: 130000}``."""
    return Record(
        {
            "min": Number(0, MAX_MONEY),
            "max": optional(Number(0, MAX_MONEY)),
            "open_ended": optional(Boolean(), False),
        },
        rules=[min_not_above_max, closed_or_open],
    )


def number_range(maximum: float) -> Record:
    """A range of plain numbers (years, months) with the same min/max rules as money."""
    return Record(
        {
            "min": Number(0, maximum),
            "max": optional(Number(0, maximum)),
            "open_ended": optional(Boolean(), False),
        },
        rules=[min_not_above_max, closed_or_open],
    )


SITE = Record(
    {
        "title": Text(max_length=120),
        "description": Text(max_length=300),
        "site_url": optional(Url()),
        "language": Text(max_length=20, pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"),
        "updated": Date(),
        "footer": Text(max_length=500),
        "currency_symbol": Text(max_length=5),
        "nav": optional(ListOf(Ref("page"), min_items=1)),
        "labels": MapOf(Text(max_length=200)),
    }
)

FRONT_MATTER = Record(
    {
        "title": Text(max_length=160),
        "description": Text(max_length=300),
        "order": optional(Number(0, 100_000, integer=True)),
        "template": optional(Text(max_length=80, pattern=r"^[A-Za-z0-9_-]+\.html$")),
        "nav_title": optional(Text(max_length=40)),
    }
)

SOURCES = Record(
    {
        "sources": ListOf(
            Record(
                {
                    "id": Id("source"),
                    "title": Text(),
                    "short": Text(max_length=60),
                    "file": Text(),
                    "author": optional(Text()),
                    "url": optional(Url()),
                    "summary": Text(),
                    "contributed": ListOf(Text(), min_items=1),
                }
            ),
            min_items=1,
        ),
    }
)

DATA_SCHEMAS: dict[str, Schema] = {
    "site": SITE,
    "sources": SOURCES,
}
"""Schema for each ``data/<name>.yaml``; the key is the file's stem."""

__all__ = ["DATA_SCHEMAS", "FRONT_MATTER", "SITE", "money_range", "number_range"]
