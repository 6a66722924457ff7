"""Reading YAML: positions of values, and every unreadable document reported with a place."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from mlcareer_site.content import split_front_matter
from mlcareer_site.yamlfile import (
    SAVE_AS_UTF8,
    YamlError,
    load_yaml_file,
    parse_yaml,
    read_text,
)


def error_of(text: str) -> str:
    with pytest.raises(YamlError) as caught:
        parse_yaml(text, "data/x.yaml")
    return caught.value.problem.format()


def test_positions_point_at_values_and_keys() -> None:
    doc = parse_yaml("a:\n  b:\n    - 1\n    - two\n", "data/x.yaml")
    assert doc.value == {"a": {"b": [1, "two"]}}
    assert doc.position(("a", "b", 1)) == (4, 7)
    assert doc.key_position(("a", "b")) == (2, 3)


def test_line_offset_shifts_positions_for_front_matter() -> None:
    doc = parse_yaml("title: x\n", "content/p.md", line_offset=1)
    assert doc.position(("title",)) == (2, 8)


def test_duplicate_key_is_an_error_not_an_overwrite() -> None:
    assert error_of("a: 1\nb: 2\na: 3\n") == (
        "data/x.yaml:3:1: duplicate key 'a' (first defined on line 1)"
    )


def test_tab_indentation_reports_line_and_column() -> None:
    assert error_of("a:\n\tb: 1\n") == (
        "data/x.yaml:2:1: YAML syntax error: a tab character; YAML indents with spaces only"
    )


def test_unclosed_bracket() -> None:
    message = error_of("a: [1, 2\nb: 3\n")
    assert message.startswith("data/x.yaml:")
    assert "YAML syntax error" in message


def test_aliases_are_refused() -> None:
    assert error_of("a: &x [1]\nb: *x\n") == (
        "data/x.yaml:1:4: YAML anchors and aliases are not supported in data files"
    )


def test_billion_laughs_is_refused_at_the_first_alias() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    assert "anchors and aliases are not supported" in error_of("\n".join(lines) + "\n")


def test_python_tags_are_refused() -> None:
    assert error_of("a: !!python/object/apply:os.system ['true']\n") == (
        "data/x.yaml:1:4: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"
    )
    assert error_of("a: !!python/name:os.system\n") == (
        "data/x.yaml:1:4: unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'"
    )


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    assert load_yaml_file(path, "data/x.yaml").value == {"a": 1, "b": "two"}


def test_non_utf8_bytes_report_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(YamlError) as caught:
        load_yaml_file(path, "data/x.yaml")
    assert (
        caught.value.problem.format()
        == f"data/x.yaml:2:7: not valid UTF-8 (byte 0xe9); {SAVE_AS_UTF8}"
    )


def test_a_file_saved_as_utf16_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("a: 1\n".encode("utf-16"))
    with pytest.raises(YamlError) as caught:
        load_yaml_file(path, "data/x.yaml")
    assert caught.value.problem.format() == f"data/x.yaml:1:1: saved as UTF-16; {SAVE_AS_UTF8}"


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: " + b"x" * (11 * 1024 * 1024))
    with pytest.raises(YamlError) as caught:
        load_yaml_file(path, "data/x.yaml")
    assert caught.value.problem.format() == (
        "data/x.yaml:1:1: file is 11.5 MB; input files are limited to 10 MB"
    )


# ---------------------------------------------------------------------------------------------
# Plain scalars by the YAML 1.2 core schema, as editors read them
# ---------------------------------------------------------------------------------------------


def value_of(written: str) -> Any:
    return parse_yaml(f"a: {written}\n", "data/x.yaml").value["a"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # YAML 1.1 booleans, dates, sexagesimals and separators are text in 1.2.
        *[(word, word) for word in ("no", "yes", "on", "off", "y", "n", "NO", "Yes")],
        ("2024-01-01", "2024-01-01"),
        ("2026-11-22T10:00:00", "2026-11-22T10:00:00"),
        ("1_000", "1_000"),
        ("1:20", "1:20"),
        ("0b101", "0b101"),
        ("0o9", "0o9"),
        ("<<", "<<"),
        # Integers: decimal (a leading zero is not octal), 0o octal, 0x hex.
        ("010", 10),
        ("-7", -7),
        ("+12", 12),
        ("0o10", 8),
        ("0x1F", 31),
        # Booleans and null, in their three spellings.
        *[(word, True) for word in ("true", "True", "TRUE")],
        *[(word, False) for word in ("false", "False", "FALSE")],
        *[(word, None) for word in ("~", "null", "Null", "NULL", "")],
        ("nULL", "nULL"),
        ("tRUE", "tRUE"),
        # Floats.
        ("1.5e3", 1500.0),
        ("-2.5", -2.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("6E-1", 0.6),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("+.INF", math.inf),
        # Quoted and explicitly tagged scalars keep their tag.
        ("'true'", "true"),
        ('"010"', "010"),
        ("'~'", "~"),
        ("!!str 12", "12"),
        ("!!float 3", 3.0),
        ("!!int 010", 10),
        ("!!timestamp 2026-01-31", dt.date(2026, 1, 31)),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(written: str, expected: Any) -> None:
    value = value_of(written)
    assert value == expected and type(value) is type(expected)


def test_nan_is_a_float_that_is_not_equal_to_itself() -> None:
    for written in (".nan", ".NaN", ".NAN"):
        value = value_of(written)
        assert isinstance(value, float) and math.isnan(value)


def test_keys_are_read_by_the_same_rules() -> None:
    doc = parse_yaml("no: 1\non: 2\n2024-01-01: 3\n010: 4\ntrue: 5\n", "data/x.yaml")
    assert list(doc.value) == ["no", "on", "2024-01-01", "10", "True"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("!!int 1_000", "not a valid whole number: '1_000'"),
        ("!!float infinity", "not a valid number: 'infinity'"),
        ("!!bool yes", "not a valid boolean (true or false): 'yes'"),
        ("!!null none", "not a valid null: 'none'"),
        ("!!timestamp 2026-13-45", "not a valid date: '2026-13-45'"),
    ],
)
def test_an_explicit_tag_its_value_cannot_take_is_reported(written: str, message: str) -> None:
    assert error_of(f"a: {written}\n") == f"data/x.yaml:1:4: {message}"


def test_a_plain_merge_key_is_refused_by_name_and_a_quoted_one_is_a_key() -> None:
    assert error_of("a:\n  <<: {b: 1}\n") == (
        "data/x.yaml:2:3: YAML merge keys (<<) are not supported in data files"
    )
    assert parse_yaml("'<<': 1\n", "data/x.yaml").value == {"<<": 1}


def leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every scalar with its path; keys as text, as the build makes them."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in leaves(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [leaf for i, item in enumerate(value) for leaf in leaves(item, f"{path}[{i}]")]
    return [(path, value)]


def guide_documents() -> list[tuple[str, str]]:
    """(name, YAML text) of every data file and every page's front matter of the guide."""
    found = [(p.name, read_text(p, p.name)) for p in sorted((REPO / "data").glob("*.yaml"))]
    for page in sorted((REPO / "content").glob("*.md")):
        front, _body, _line = split_front_matter(read_text(page, page.name), page.name)
        found.append((page.name, front))
    return found


def read_otherwise_by_yaml_1_1(name: str, text: str) -> list[str]:
    """The paths whose value YAML 1.1 (PyYAML's safe_load) read differently; each must be a
    text that 1.1 read as something else (``no``, ``2026-11-22``), never any other change."""
    old = leaves(yaml.safe_load(text))
    new = leaves(parse_yaml(text, name).value)
    assert [path for path, _ in old] == [path for path, _ in new], name
    changed = []
    for (path, before), (_path, after) in zip(old, new, strict=True):
        if (type(before), before) != (type(after), after):
            assert isinstance(after, str) and yaml.safe_load(after) == before, (name, path)
            changed.append(path)
    return changed


def test_the_comparison_with_yaml_1_1_sees_each_1_1_only_form() -> None:
    text = "a: no\nb: [2026-11-22, 1_000]\nc: {d: On, e: 7, f: '~'}\n"
    assert read_otherwise_by_yaml_1_1("x.yaml", text) == [".a", ".b[0]", ".b[1]", ".c.d"]
    with pytest.raises(AssertionError):
        read_otherwise_by_yaml_1_1("x.yaml", "a: 010\n")  # octal 8 in 1.1: not text in 1.2


def test_the_guide_reads_as_under_yaml_1_1_but_for_text_1_1_read_otherwise() -> None:
    """Moving to YAML 1.2 changed no value of the guide's data and front matter except where
    YAML 1.1 read a text as something else (when this was written, only the bare date of
    data/site.yaml, which the schema turns into the same date)."""
    documents = guide_documents()
    assert len(documents) >= 20
    for name, text in documents:
        read_otherwise_by_yaml_1_1(name, text)
