"""Each validation rule, with the exact message an editor sees."""

from __future__ import annotations

import datetime as dt

from mlcareer_site.errors import Problems
from mlcareer_site.schema import (
    Checker,
    Date,
    Id,
    ListOf,
    Number,
    OneOf,
    Record,
    Ref,
    Text,
    Url,
    optional,
)
from mlcareer_site.schemas import SITE, money_range
from mlcareer_site.yamlfile import parse_yaml

LEVELS = Record(
    {
        "levels": ListOf(
            Record(
                {
                    "id": Id("level"),
                    "name": Text(),
                    "pay": optional(money_range()),
                    "max": optional(Number(0, 1_000_000)),
                    "kind": optional(OneOf("base", "total")),
                    "link": optional(Url()),
                    "when": optional(Date()),
                    "next": optional(Ref("level")),
                }
            )
        )
    }
)


def check(text: str, schema=LEVELS, file: str = "data/salaries.yaml") -> list[str]:
    problems = Problems()
    checker = Checker(problems)
    checker.document = parse_yaml(text, file)
    schema.check(checker.document.value, (), checker)
    checker.resolve_references()
    return [p.format() for p in problems.errors]


def test_valid_document_has_no_problems() -> None:
    text = "levels:\n  - id: entry\n    name: Entry\n    pay: {min: 1, max: 2}\n"
    assert check(text) == []


def test_wrong_type_reports_value_position() -> None:
    text = "levels:\n  - id: a\n    name: A\n  - id: b\n    name: B\n  - id: c\n    name: C\n    max: lots\n"
    assert check(text) == ["data/salaries.yaml:8:10: levels[2].max: expected a number, got 'lots'"]


def test_missing_required_key_points_at_the_mapping() -> None:
    assert check("levels:\n  - id: a\n") == [
        "data/salaries.yaml:2:5: levels[0]: missing required key 'name'"
    ]


def test_unknown_key_suggests_close_match() -> None:
    assert check("levels:\n  - id: a\n    name: A\n    nmae: B\n") == [
        "data/salaries.yaml:4:5: levels[0].nmae: unknown key 'nmae'; did you mean 'name'?"
    ]


def test_negative_and_out_of_range_numbers() -> None:
    text = "levels:\n  - id: a\n    name: A\n    max: -5\n"
    assert check(text) == ["data/salaries.yaml:4:10: levels[0].max: must be at least 0, got -5"]


def test_min_above_max_in_a_range() -> None:
    text = "levels:\n  - id: a\n    name: A\n    pay: {min: 9, max: 3}\n"
    assert check(text) == ["data/salaries.yaml:4:24: levels[0].pay.max: max (3) is below min (9)"]


def test_range_without_max_must_say_open_ended() -> None:
    text = "levels:\n  - id: a\n    name: A\n    pay: {min: 9}\n"
    assert check(text) == [
        "data/salaries.yaml:4:10: levels[0].pay: a range without 'max' must say 'open_ended: true'"
    ]


def test_enum_lists_choices_and_suggests() -> None:
    text = "levels:\n  - id: a\n    name: A\n    kind: totl\n"
    assert check(text) == [
        "data/salaries.yaml:4:11: levels[0].kind: expected one of base, total, got 'totl'; "
        "did you mean 'total'?"
    ]


def test_duplicate_ids_name_the_first_place() -> None:
    text = "levels:\n  - id: a\n    name: A\n  - id: a\n    name: B\n"
    assert check(text) == [
        "data/salaries.yaml:4:9: levels[1].id: duplicate id 'a' (first used at data/salaries.yaml:2)"
    ]


def test_dangling_reference_suggests_known_id() -> None:
    text = "levels:\n  - id: entry\n    name: A\n    next: entyr\n"
    assert check(text) == [
        "data/salaries.yaml:4:11: levels[0].next: unknown level id 'entyr'; did you mean 'entry'?"
    ]


def test_an_id_renamed_under_its_references_is_one_message() -> None:
    """Renaming an id used in many places is one mistake: said once, at its first use, with
    how many more uses there are (not one line per reference)."""
    text = (
        "levels:\n  - id: senior\n    name: A\n    next: mid\n"
        "  - id: b\n    name: B\n    next: mid\n  - id: c\n    name: C\n    next: mid\n"
    )
    assert check(text) == [
        "data/salaries.yaml:4:11: levels[0].next: unknown level id 'mid' "
        "(used 2 more times in data/salaries.yaml)"
    ]


def test_javascript_urls_are_refused() -> None:
    text = "levels:\n  - id: a\n    name: A\n    link: javascript:alert(1)\n"
    assert check(text) == [
        "data/salaries.yaml:4:11: levels[0].link: expected an http:// or https:// address, "
        "got 'javascript:alert(1)'"
    ]


def test_list_where_mapping_expected() -> None:
    assert check("- a\n- b\n") == ["data/salaries.yaml:1:1: expected a mapping, got a list"]


def test_empty_file() -> None:
    assert check("") == ["data/salaries.yaml:1:1: expected a mapping, got nothing"]


def test_date_and_booleans_are_not_numbers() -> None:
    text = "levels:\n  - id: a\n    name: A\n    max: true\n    when: soon\n"
    assert check(text) == [
        "data/salaries.yaml:4:10: levels[0].max: expected a number, got true",
        "data/salaries.yaml:5:11: levels[0].when: expected a date like 2026-01-31, got 'soon'",
    ]


def test_all_errors_are_reported_at_once() -> None:
    text = "levels:\n  - id: A B\n    name: 3\n    max: x\n"
    assert len(check(text)) == 3


def test_site_schema_requires_labels_and_language() -> None:
    text = "title: T\ndescription: D\nlanguage: en\nupdated: 2026-01-01\nfooter: F\ncurrency_symbol: $\n"
    assert check(text, SITE, "data/site.yaml") == [
        "data/site.yaml:1:1: missing required key 'labels'"
    ]


def test_text_that_yaml_reads_as_a_boolean_number_or_nothing_says_to_quote_it() -> None:
    text = (
        "levels:\n  - {id: a, name: 2024}\n  - id: b\n    name: True\n  - id: c\n    name: Null\n"
    )
    assert check(text) == [
        'data/salaries.yaml:2:19: levels[0].name: expected text, got 2024 (YAML reads a bare 2024 as a number); put it in quotes: "2024"',
        'data/salaries.yaml:4:11: levels[1].name: expected text, got true (YAML reads a bare True as true); put it in quotes: "True"',
        'data/salaries.yaml:6:11: levels[2].name: expected text, got nothing (YAML reads a bare Null as nothing); put it in quotes: "Null"',
    ]


def test_yaml_1_1_words_are_text_so_no_is_a_name_and_not_a_boolean() -> None:
    text = "levels:\n  - id: a\n    name: No\n    pay: {min: 1, open_ended: yes}\n"
    assert check(text) == [
        "data/salaries.yaml:4:31: levels[0].pay.open_ended: expected true or false, got 'yes' (YAML 1.2 reads a bare yes as text); write true",
    ]


def test_a_boolean_or_number_in_quotes_says_to_drop_the_quotes() -> None:
    text = "levels:\n  - id: a\n    name: A\n    max: '2024'\n    pay: {min: 1, max: 2, open_ended: \"false\"}\n"
    assert check(text) == [
        "data/salaries.yaml:4:10: levels[0].max: expected a number, got '2024' (text, in quotes); write 2024 without quotes",
        "data/salaries.yaml:5:39: levels[0].pay.open_ended: expected true or false, got 'false' (text, in quotes); write false without quotes",
    ]


def test_a_number_with_separators_says_how_to_write_it() -> None:
    text = "levels:\n  - id: a\n    name: A\n    max: 85,000\n    pay: {min: 1_000, max: 2}\n"
    assert check(text) == [
        "data/salaries.yaml:4:10: levels[0].max: expected a number, got '85,000' (YAML 1.2 reads a number with separators as text); write 85000",
        "data/salaries.yaml:5:16: levels[0].pay.min: expected a number, got '1_000' (YAML 1.2 reads a number with separators as text); write 1000",
    ]


def test_a_date_is_text_in_yaml_1_2_quoted_or_not_and_must_be_on_the_calendar() -> None:
    problems = Problems()
    checker = Checker(problems)
    checker.document = parse_yaml("a: 2026-01-31\nb: '2026-02-01'\nc: 2026-02-30\n", "data/x.yaml")
    dates = Record({"a": Date(), "b": Date(), "c": Date()})
    assert dates.check(checker.document.value, (), checker) == {
        "a": dt.date(2026, 1, 31),
        "b": dt.date(2026, 2, 1),
        "c": None,
    }
    assert [p.format() for p in problems.errors] == [
        "data/x.yaml:3:4: c: expected a date like 2026-01-31, got '2026-02-30', which is not a day of the calendar"
    ]
