"""Reading YAML: positions of values, and every unreadable document reported with a place."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlcareer_site.yamlfile import YamlError, load_yaml_file, parse_yaml


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
    assert caught.value.problem.format() == "data/x.yaml:2:7: not valid UTF-8 (byte 0xe9)"


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: " + b"x" * (11 * 1024 * 1024))
    with pytest.raises(YamlError) as caught:
        load_yaml_file(path, "data/x.yaml")
    assert caught.value.problem.format() == (
        "data/x.yaml:1:1: file is 11.5 MB; input files are limited to 10 MB"
    )
