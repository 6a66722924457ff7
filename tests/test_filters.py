"""How numbers read: one formatting rule for money, ranges and spans everywhere."""

from __future__ import annotations

from mlcareer_site.filters import format_money, format_money_range, months_label


def test_money_is_short_when_round_and_exact_otherwise() -> None:
    assert format_money(85000, "$") == "$85k"
    assert format_money(91849, "$") == "$91,849"
    assert format_money(2_025_120_000_000, "$") == "$2,025.12B"


def test_ranges_use_one_style_for_both_ends() -> None:
    assert format_money_range({"min": 85000, "max": 130000}, "$") == "$85k–$130k"
    assert format_money_range({"min": 70000, "max": 124805}, "$") == "$70,000–$124,805"
    assert format_money_range({"min": 250000, "max": 500000, "open_ended": True}, "$") == (
        "$250k–$500k+"
    )
    assert format_money_range({"min": 160000, "max": None, "open_ended": True}, "$") == "$160k+"


def test_month_spans_switch_to_years_when_whole() -> None:
    assert months_label(0, 6) == "0–6 months"
    assert months_label(24, 48) == "2–4 years"
    assert months_label(12, 18) == "12–18 months"
