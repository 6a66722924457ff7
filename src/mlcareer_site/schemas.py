"""The declared schema of every data file and of Markdown front matter.

A file ``data/<name>.yaml`` is checked against ``DATA_SCHEMAS[name]``; a data file with no
schema here is an error, so nothing reaches the templates unchecked. Enumerations that readers
see (levels, measures, demand) are declared as ids in the data itself and referenced with
``Ref``, so their labels live in ``data/`` rather than in code.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
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

HEADLINE_KINDS = ("salary", "growth", "projection", "takeaway")
"""What a headline figure of the home page can point at; exactly one per figure."""

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
        "short_title": optional(Text(max_length=30)),
        "description": Text(max_length=300),
        "site_url": optional(Url()),
        "language": Text(max_length=20, pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"),
        "updated": Date(),
        "footer": Text(max_length=500),
        "currency_symbol": Text(max_length=5),
        "nav": optional(ListOf(Ref("page"), min_items=1, unique=True)),
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
        "aliases": optional(
            ListOf(Text(max_length=80, pattern=r"^[a-z0-9][a-z0-9_-]*$"), max_items=20), []
        ),
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
        "labels": optional(MapOf(Text(max_length=200)), {}),
        # Where the articles disagree; figures are referenced, never retyped.
        "disagreements": optional(
            ListOf(
                Record(
                    {
                        "id": Id("disagreement"),
                        "topic": Text(max_length=120),
                        "text": Text(max_length=800),
                        "sources": ListOf(Ref("source"), min_items=1),
                        "salaries": optional(ListOf(Ref("salary")), []),
                    }
                )
            ),
            [],
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# Building blocks shared by the guide's data files
# ---------------------------------------------------------------------------------------------

MAX_MONTHS = 120
"""Longest span in months any timeline may use (ten years)."""

MAX_YEARS = 60
"""Longest span of working years (a career)."""

MAX_PERCENT = 1000
"""Growth percentages may exceed 100; anything above this is a typo."""

MAX_BILLIONS = 100_000
"""Upper bound for a market size in USD billions (100 trillion dollars)."""

SOURCE = Ref("source")


def labels() -> MapOf:
    """Words the blocks show around data (table captions and column headings)."""
    return MapOf(Text(max_length=200))


def enumeration(collection: str, ranked: bool = False) -> ListOf:
    """A list of ``{id, label}`` values that readers see, optionally ordered by ``rank``."""
    fields: dict[str, Any] = {
        "id": Id(collection),
        "label": Text(max_length=80),
        "description": optional(Text(max_length=300)),
    }
    fields["rank"] = Number(0, 1000) if ranked else optional(Number(0, 1000))
    return ListOf(Record(fields), min_items=1)


def sourced_note(collection: str) -> Record:
    """A single sourced statement, e.g. a takeaway or an advice line."""
    return Record({"id": Id(collection), "text": Text(max_length=600), "source": SOURCE})


def named_points(collection: str, point_max: int = 400) -> Record:
    """A titled group of short points, e.g. a responsibility area with its tasks."""
    return Record(
        {
            "id": Id(collection),
            "title": Text(max_length=120),
            "detail": optional(Text(max_length=600)),
            "points": ListOf(Text(max_length=point_max), min_items=1),
        }
    )


def named_item(collection: str) -> Record:
    """A name with an optional short explanation ("Linear algebra" — "matrices, vectors")."""
    return Record(
        {
            "id": Id(collection),
            "name": Text(max_length=160),
            "detail": optional(Text(max_length=600)),
        }
    )


def sourced_item(collection: str, name_max: int = 160, detail_max: int = 600) -> Record:
    """A named item with an optional explanation and the source it comes from."""
    return Record(
        {
            "id": Id(collection),
            "name": Text(max_length=name_max),
            "detail": optional(Text(max_length=detail_max)),
            "source": SOURCE,
        }
    )


def sourced_group(collection: str, item: Schema) -> Record:
    """A titled list of items that all come from one source."""
    return Record(
        {
            "id": Id(collection),
            "title": Text(max_length=120),
            "source": SOURCE,
            "intro": optional(Text(max_length=600)),
            "items": ListOf(item, min_items=1),
            "note": optional(Text(max_length=600)),
        }
    )


def months_in_order(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    start, end = record.get("start_month"), record.get("end_month")
    if start is not None and end is not None and start > end:
        yield "end_month", f"end_month ({end:g}) is before start_month ({start:g})"


def years_in_order(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    start, end = record.get("start_year"), record.get("end_year")
    if start is not None and end is not None and start > end:
        yield "end_year", f"end_year ({end:g}) is before start_year ({start:g})"


YEAR = Number(1900, 2200, integer=True)
MONTH = Number(0, MAX_MONTHS)

# ---------------------------------------------------------------------------------------------
# overview.yaml — the home page's headline figures and key points
# ---------------------------------------------------------------------------------------------

OVERVIEW = Record(
    {
        "labels": labels(),
        # The figure cards at the top of the home page; each points at the record that holds
        # its number, so the card can show that record's source.
        "headline": ListOf(
            Record(
                {
                    "id": Id("headline"),
                    "label": Text(max_length=160),
                    "salary": optional(Ref("salary")),
                    "growth": optional(Ref("growth")),
                    "projection": optional(Ref("projection")),
                    "takeaway": optional(Ref("takeaway")),
                    # Where the reader finds more: a page and an optional heading id on it.
                    "page": Ref("page"),
                    "anchor": optional(Text(max_length=80, pattern=r"^[a-z0-9_-]+$")),
                },
                rules=[
                    lambda r: (
                        []
                        if sum(r.get(k) is not None for k in HEADLINE_KINDS) == 1
                        else [("", f"give exactly one of {', '.join(HEADLINE_KINDS)}")]
                    )
                ],
            ),
            min_items=1,
            max_items=6,
        ),
        # One list of the points a newcomer should take away, short enough to read.
        "key_points": ListOf(sourced_note("key_point"), min_items=1, max_items=7),
        "takeaways": ListOf(
            Record(
                {
                    "id": Id("takeaway"),
                    "text": Text(max_length=400),
                    "source": SOURCE,
                    # A duration the takeaway states, e.g. job readiness in 18–24 months.
                    "months": optional(number_range(MAX_MONTHS)),
                }
            ),
            min_items=1,
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# salaries.yaml — every pay figure of every source
# ---------------------------------------------------------------------------------------------


def amount_or_range(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """A figure is either one amount (an average, a median) or a range, never both."""
    if (record.get("amount") is None) == (record.get("range") is None):
        yield "", "give exactly one of 'amount' (a single figure) or 'range' ({min, max})"


def percentiles_in_order(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    p10, median, p90 = record.get("p10"), record.get("median"), record.get("p90")
    if None not in (p10, median, p90) and not p10 <= median <= p90:
        yield "median", "expected p10 <= median <= p90"


SALARY_FIGURE = Record(
    {
        "id": Id("salary"),
        "source": SOURCE,
        "level": Ref("level"),
        "measure": Ref("measure"),
        # The source's own name for the group the figure describes.
        "title": Text(max_length=160),
        "role": optional(Ref("role")),
        "years": optional(number_range(MAX_YEARS)),
        "amount": optional(Number(0, MAX_MONEY)),
        "range": optional(money_range()),
        "market": optional(Text(max_length=60)),
        "year": optional(YEAR),
        "note": optional(Text(max_length=400)),
    },
    rules=[amount_or_range],
)

SALARIES = Record(
    {
        "labels": labels(),
        "levels": enumeration("level", ranked=True),
        "measures": ListOf(
            Record(
                {
                    "id": Id("measure"),
                    "label": Text(max_length=80),
                    # True for total compensation (salary plus bonus, equity...).
                    "total_comp": Boolean(),
                    # True for a single central value (average or median) rather than a range.
                    "central": Boolean(),
                }
            ),
            min_items=1,
        ),
        "figures": ListOf(SALARY_FIGURE, min_items=1),
        # Pay distribution of one role: bottom 10 %, typical range, median, top 10 %.
        "distributions": ListOf(
            Record(
                {
                    "id": Id("salary"),
                    "source": SOURCE,
                    "role": Ref("role"),
                    "label": Text(max_length=80),
                    "level": Ref("level"),
                    "market": Text(max_length=60),
                    "year": YEAR,
                    "p10": Number(0, MAX_MONEY),
                    "range": money_range(),
                    "median": Number(0, MAX_MONEY),
                    "p90": Number(0, MAX_MONEY),
                },
                rules=[percentiles_in_order],
            ),
            min_items=1,
        ),
        "factors": ListOf(
            Record(
                {
                    "id": Id("salary_factor"),
                    "name": Text(max_length=120),
                    "detail": optional(Text(max_length=400)),
                    "sources": ListOf(SOURCE, min_items=1),
                }
            ),
            min_items=1,
        ),
        "total_compensation": Record(
            {
                "source": SOURCE,
                "intro": Text(max_length=300),
                "components": ListOf(Text(max_length=200), min_items=1),
                "advice": Text(max_length=400),
            }
        ),
        "top_paying_industries": ListOf(
            sourced_item("pay_industry", name_max=80, detail_max=120),
            min_items=1,
        ),
        "notes": ListOf(sourced_note("salary_note"), min_items=1),
    }
)

# ---------------------------------------------------------------------------------------------
# career_stages.yaml — the 5-stage timeline, the career ladder, progression titles
# ---------------------------------------------------------------------------------------------

CAREER_STAGES = Record(
    {
        "labels": labels(),
        "timeline": Record(
            {
                "source": SOURCE,
                "stages": ListOf(
                    Record(
                        {
                            "id": Id("career_stage"),
                            "name": Text(max_length=80),
                            "start_month": MONTH,
                            "end_month": MONTH,
                            "focus": Text(max_length=160),
                            "example_roles": ListOf(Text(max_length=80), min_items=1),
                        },
                        rules=[months_in_order],
                    ),
                    min_items=1,
                ),
            }
        ),
        # Pay and years of each rung live in salaries.yaml; ``salary`` points there.
        "ladder": Record(
            {
                "source": SOURCE,
                "rungs": ListOf(
                    Record(
                        {
                            "id": Id("ladder_rung"),
                            "title": Text(max_length=120),
                            "salary": Ref("salary"),
                            "work": ListOf(Text(max_length=160), min_items=1),
                            "expertise": optional(Text(max_length=200)),
                            "credentials": optional(Text(max_length=200)),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
        "progression": Record(
            {
                "source": SOURCE,
                "titles": ListOf(
                    Record({"id": Id("progression_title"), "title": Text(max_length=80)}),
                    min_items=1,
                ),
            }
        ),
        "growth": ListOf(
            sourced_group("career_growth", named_item("career_growth_item")), min_items=1
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# roadmap.yaml — the 4-part roadmap, the 12–18-month plan, how to start, next steps
# ---------------------------------------------------------------------------------------------


def phases_follow(record: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """Learning-plan phases run in order and stay within the plan's stated duration."""
    phases = [p for p in record.get("phases") or [] if p]
    for index, (before, after) in enumerate(pairwise(phases)):
        if None not in (before["end_month"], after["start_month"]) and (
            after["start_month"] < before["end_month"]
        ):
            yield "phases", f"phase {index + 2} starts before phase {index + 1} ends"
    duration = record.get("duration") or {}
    top = duration.get("max")
    if (
        top is not None
        and phases
        and phases[-1]["end_month"] is not None
        and (phases[-1]["end_month"] > top)
    ):
        yield "phases", f"the last phase ends after month {top:g}, the plan's maximum"


ROADMAP = Record(
    {
        "labels": labels(),
        "source": SOURCE,
        "intro": Text(max_length=400),
        "parts": ListOf(
            Record(
                {
                    "id": Id("roadmap_part"),
                    "title": Text(max_length=80),
                    "summary": Text(max_length=400),
                    "groups": ListOf(
                        Record(
                            {
                                "id": Id("roadmap_group"),
                                "title": Text(max_length=80),
                                "topics": ListOf(
                                    Record(
                                        {
                                            "id": Id("roadmap_topic"),
                                            "name": Text(max_length=120),
                                            "detail": optional(Text(max_length=200)),
                                        }
                                    ),
                                    min_items=1,
                                ),
                            }
                        ),
                        min_items=1,
                    ),
                    "notes": ListOf(Text(max_length=400)),
                }
            ),
            min_items=1,
        ),
        "plan": Record(
            {
                "source": SOURCE,
                "duration": number_range(MAX_MONTHS),
                "phases": ListOf(
                    Record(
                        {
                            "id": Id("plan_phase"),
                            "name": Text(max_length=80),
                            "start_month": Number(1, MAX_MONTHS),
                            "end_month": Number(1, MAX_MONTHS),
                            "focus": Text(max_length=120),
                            "outcome": Text(max_length=120),
                            "roadmap_parts": ListOf(Ref("roadmap_part")),
                        },
                        rules=[months_in_order],
                    ),
                    min_items=1,
                ),
            },
            rules=[phases_follow],
        ),
        "how_to_start": Record(
            {
                "source": SOURCE,
                "steps": ListOf(named_points("start_step"), min_items=1),
            }
        ),
        "next_steps": Record(
            {
                "source": SOURCE,
                "steps": ListOf(
                    Record(
                        {
                            "id": Id("next_step"),
                            "text": Text(max_length=200),
                            # A count the step names, e.g. 3–4 portfolio projects.
                            "count": optional(number_range(100)),
                            "count_unit": optional(Text(max_length=40)),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# skills.yaml
# ---------------------------------------------------------------------------------------------

SKILLS = Record(
    {
        "labels": labels(),
        "levels": enumeration("skill_level", ranked=True),
        "matrix": Record(
            {
                "source": SOURCE,
                "intro": Text(max_length=300),
                "rows": ListOf(
                    Record(
                        {
                            "id": Id("skill_category"),
                            "category": Text(max_length=80),
                            "technologies": ListOf(Text(max_length=80), min_items=1),
                            "level": Ref("skill_level"),
                            "roadmap_part": optional(Ref("roadmap_part")),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
        "math_stats": ListOf(sourced_group("skill_group", named_item("skill_item")), min_items=1),
        "languages_frameworks": ListOf(
            sourced_group("skill_group", named_item("skill_item")), min_items=1
        ),
        "algorithms": ListOf(sourced_group("skill_group", named_item("skill_item")), min_items=1),
        "fields": Record(
            {
                "source": SOURCE,
                "items": ListOf(
                    Record(
                        {
                            "id": Id("ai_field"),
                            "name": Text(max_length=80),
                            "scope": Text(max_length=80),
                            "points": ListOf(Text(max_length=200), min_items=1),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
        "soft_skills": ListOf(sourced_group("skill_group", named_item("skill_item")), min_items=1),
        "requirements": ListOf(sourced_group("skill_group", named_item("skill_item")), min_items=1),
        "ml_jobs_skills": sourced_group("skill_group", named_item("skill_item")),
    }
)

# ---------------------------------------------------------------------------------------------
# roles.yaml
# ---------------------------------------------------------------------------------------------

ROLES = Record(
    {
        "labels": labels(),
        "job_types": ListOf(
            Record(
                {
                    "id": Id("role"),
                    "name": Text(max_length=80),
                    "profiles": ListOf(
                        Record(
                            {
                                "source": SOURCE,
                                "name": Text(max_length=80),
                                "does": ListOf(Text(max_length=200), min_items=1),
                                "needs": ListOf(Text(max_length=200)),
                            }
                        ),
                        min_items=1,
                    ),
                }
            ),
            min_items=1,
        ),
        "specializations": sourced_group("specialization", named_item("specialization_item")),
        "entry_titles": Record(
            {
                "source": SOURCE,
                "intro": Text(max_length=200),
                "titles": ListOf(
                    Record({"id": Id("role"), "name": Text(max_length=80)}), min_items=1
                ),
                "advice": Text(max_length=200),
            }
        ),
        "responsibilities": Record(
            {
                "source": SOURCE,
                "summary": ListOf(Text(max_length=200), min_items=1),
                "areas": ListOf(named_points("responsibility"), min_items=1),
            }
        ),
        "entry_positions": Record(
            {
                "source": SOURCE,
                "positions": ListOf(
                    Record(
                        {
                            "id": Id("role"),
                            "name": Text(max_length=80),
                            "focus": Text(max_length=300),
                            "requirement": optional(Text(max_length=200)),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# market.yaml
# ---------------------------------------------------------------------------------------------

MARKET = Record(
    {
        "labels": labels(),
        "demand_levels": enumeration("demand_level", ranked=True),
        "growth_labels": enumeration("growth_label"),
        "industries": Record(
            {
                "source": SOURCE,
                "rows": ListOf(
                    Record(
                        {
                            "id": Id("industry"),
                            "name": Text(max_length=80),
                            "demand": Ref("demand_level"),
                            "growth": Ref("growth_label"),
                        }
                    ),
                    min_items=1,
                ),
                "note": Text(max_length=300),
            }
        ),
        "adopting_sectors": ListOf(
            Record(
                {
                    "id": Id("sector_list"),
                    "source": SOURCE,
                    "text": Text(max_length=300),
                    "sectors": ListOf(Text(max_length=80), min_items=1),
                }
            ),
            min_items=1,
        ),
        "hubs": Record(
            {
                "source": SOURCE,
                "tiers": ListOf(
                    Record(
                        {
                            "id": Id("hub_tier"),
                            "label": Text(max_length=80),
                            "cities": ListOf(Text(max_length=80), min_items=1),
                        }
                    ),
                    min_items=1,
                ),
                "note": Text(max_length=300),
            }
        ),
        "hotspots": sourced_group("hotspot", named_item("hotspot_item")),
        # Market size in USD billions for a year (actual or projected).
        "projections": ListOf(
            Record(
                {
                    "id": Id("projection"),
                    "market": Text(max_length=80),
                    "value_usd_billions": Number(0, MAX_BILLIONS),
                    "year": YEAR,
                    "projected": Boolean(),
                    "source": SOURCE,
                }
            ),
            min_items=1,
        ),
        # Growth in jobs or roles, in percent, over a stated period.
        "growth": ListOf(
            Record(
                {
                    "id": Id("growth"),
                    "subject": Text(max_length=200),
                    "percent": Number(0, MAX_PERCENT),
                    "start_year": optional(YEAR),
                    "end_year": optional(YEAR),
                    "period_years": optional(Number(0, MAX_YEARS)),
                    "projected": Boolean(),
                    "reported_by": optional(Text(max_length=120)),
                    "source": SOURCE,
                },
                rules=[years_in_order],
            ),
            min_items=1,
        ),
        "outlook": ListOf(sourced_note("market_note"), min_items=1),
    }
)

# ---------------------------------------------------------------------------------------------
# education.yaml
# ---------------------------------------------------------------------------------------------

EDUCATION = Record(
    {
        "labels": labels(),
        "backgrounds": sourced_group("education_group", named_item("education_item")),
        "entry_routes": sourced_group("education_group", named_item("education_item")),
        "degree_requirements": sourced_group("education_group", named_item("education_item")),
        "degrees": ListOf(
            sourced_group("education_group", named_item("education_item")), min_items=1
        ),
        "paths": Record(
            {
                "source": SOURCE,
                "options": ListOf(
                    Record(
                        {
                            "id": Id("education_path"),
                            "name": Text(max_length=80),
                            "duration_months": number_range(MAX_MONTHS),
                            "points": ListOf(Text(max_length=200), min_items=1),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
        "courses": ListOf(
            Record(
                {
                    "id": Id("course"),
                    "name": Text(max_length=120),
                    "detail": optional(Text(max_length=200)),
                    "sources": ListOf(SOURCE, min_items=1),
                }
            ),
            min_items=1,
        ),
        "books": Record(
            {
                "source": SOURCE,
                "items": ListOf(
                    Record(
                        {
                            "id": Id("book"),
                            "title": Text(max_length=160),
                            "author": optional(Text(max_length=120)),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
        "certifications": ListOf(
            sourced_item("certification", name_max=160, detail_max=300),
            min_items=1,
        ),
        "notes": ListOf(sourced_note("education_note"), min_items=1),
    }
)

# ---------------------------------------------------------------------------------------------
# portfolio.yaml
# ---------------------------------------------------------------------------------------------

PORTFOLIO = Record(
    {
        "labels": labels(),
        "qualities": sourced_group("portfolio_group", named_item("portfolio_item")),
        "pipeline": sourced_group("portfolio_group", named_item("portfolio_item")),
        "principles": ListOf(
            Record(
                {
                    "id": Id("portfolio_principle"),
                    "title": Text(max_length=120),
                    "text": Text(max_length=400),
                    "source": SOURCE,
                }
            ),
            min_items=1,
        ),
        "recommended_projects": sourced_group("portfolio_group", named_item("portfolio_item")),
        "practical_experience": ListOf(
            sourced_group("portfolio_group", named_item("portfolio_item")), min_items=1
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# interview_stages.yaml
# ---------------------------------------------------------------------------------------------

INTERVIEW_STAGES = Record(
    {
        "labels": labels(),
        "source": SOURCE,
        "intro": Text(max_length=300),
        # In the order candidates meet them.
        "stages": ListOf(
            Record(
                {
                    "id": Id("interview_stage"),
                    "name": Text(max_length=80),
                    "focus": Text(max_length=160),
                }
            ),
            min_items=1,
        ),
        "preparation": ListOf(
            Record({"id": Id("prep_item"), "text": Text(max_length=400), "source": SOURCE}),
            min_items=1,
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# challenges.yaml
# ---------------------------------------------------------------------------------------------

CHALLENGES = Record(
    {
        "labels": labels(),
        "beginner": Record(
            {
                "source": SOURCE,
                "items": ListOf(
                    Record(
                        {
                            "id": Id("challenge"),
                            "challenge": Text(max_length=120),
                            "solution": Text(max_length=200),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
        "common": Record(
            {
                "source": SOURCE,
                "items": ListOf(
                    Record(
                        {
                            "id": Id("challenge"),
                            "name": Text(max_length=120),
                            "challenge": Text(max_length=300),
                            "impact": Text(max_length=300),
                            "solution": Text(max_length=300),
                        }
                    ),
                    min_items=1,
                ),
            }
        ),
        "best_practices": Record(
            {
                "source": SOURCE,
                "areas": ListOf(named_points("best_practice"), min_items=1),
            }
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# future.yaml
# ---------------------------------------------------------------------------------------------

FUTURE = Record(
    {
        "labels": labels(),
        "trends": ListOf(sourced_group("future_group", named_item("future_item")), min_items=1),
        "emerging_roles": sourced_group("future_group", named_item("future_item")),
        "outlook": ListOf(sourced_note("future_note"), min_items=1),
    }
)

# ---------------------------------------------------------------------------------------------
# charts.yaml — the words around each chart (written by the chart author; numbers live elsewhere)
# ---------------------------------------------------------------------------------------------

BLOCK_NAME = r"^[A-Za-z0-9_-]+$"
"""A block template's name as ``::: name`` writes it (no folders, no extension)."""

CHARTS = Record(
    {
        "charts": ListOf(
            Record(
                {
                    "id": Id("chart"),
                    "title": Text(max_length=160),
                    "caption": Text(max_length=400),
                    "x_title": optional(Text(max_length=120)),
                    "y_title": optional(Text(max_length=120)),
                    # The block whose sourced table the chart shows: the file name of
                    # templates/blocks/<table>.html (a missing one fails the build where the
                    # chart is rendered, naming the template).
                    "table": Text(max_length=80, pattern=BLOCK_NAME),
                    "names": optional(MapOf(Text(max_length=120)), {}),
                }
            ),
            min_items=1,
        ),
    }
)

# ---------------------------------------------------------------------------------------------
# open_data.yaml — the catalogue of the published data files (JSON and CSV) and their sources
# ---------------------------------------------------------------------------------------------

OPEN_DATA = Record(
    {
        "labels": labels(),
        "files": ListOf(
            Record(
                {
                    # The stem of a data file (data/<id>.yaml); checked when the files are made.
                    "id": Id("open_data_file"),
                    "title": Text(max_length=120),
                    "description": Text(max_length=600),
                    # Tables published as CSV too: dotted paths to lists of records.
                    "csv": optional(
                        ListOf(Text(max_length=120, pattern=r"^[a-z_]+(\.[a-z_]+)*$")), []
                    ),
                    "sources": optional(ListOf(SOURCE), []),
                }
            ),
            min_items=1,
        ),
    }
)

DATA_SCHEMAS: dict[str, Schema] = {
    "site": SITE,
    "sources": SOURCES,
    "overview": OVERVIEW,
    "salaries": SALARIES,
    "career_stages": CAREER_STAGES,
    "roadmap": ROADMAP,
    "skills": SKILLS,
    "roles": ROLES,
    "market": MARKET,
    "education": EDUCATION,
    "portfolio": PORTFOLIO,
    "interview_stages": INTERVIEW_STAGES,
    "challenges": CHALLENGES,
    "future": FUTURE,
    "charts": CHARTS,
    "open_data": OPEN_DATA,
}
"""Schema for each ``data/<name>.yaml``; the key is the file's stem."""

__all__ = ["DATA_SCHEMAS", "FRONT_MATTER", "SITE", "money_range", "number_range"]
