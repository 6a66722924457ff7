"""Issue 17, "the schema in the open": the JSON Schemas editors read and the data reference
come from the declarations the build checks with, agree with it, and are kept current."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import REPO, make_project
from mlcareer_site.cli import main
from mlcareer_site.content import split_front_matter
from mlcareer_site.schema import (
    Boolean,
    Field,
    Id,
    ListOf,
    MapOf,
    Number,
    Record,
    Ref,
    Text,
    optional,
)
from mlcareer_site.schemafiles import (
    FRONT_MATTER_NAME,
    data_reference,
    example,
    json_schemas,
    modeline,
    schema_file,
    schema_text,
)
from mlcareer_site.schemas import DATA_SCHEMAS
from mlcareer_site.yamlfile import YamlError, load_yaml_file, parse_yaml
from test_bad_inputs import CORPUS, PROBLEM_LINE, apply_case

REGENERATE = "regenerate with: .venv/bin/python -m mlcareer_site.schemafiles ."


def yaml_value(path: Path) -> Any:
    """A data file as a YAML language server reads it: YAML 1.2, as the build does (a bare
    2026-01-31 or no is text)."""
    return load_yaml_file(path, path.name).value


def validator(name: str) -> Draft202012Validator:
    schema = json_schemas()[schema_file(name)]
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors_in(name: str, value: Any) -> list[str]:
    return [error.message for error in validator(name).iter_errors(value)]


def front_matter(path: Path) -> Any:
    text = path.read_text(encoding="utf-8-sig")
    front, _body, _line = split_front_matter(text, path.name)
    return parse_yaml(front, path.name).value


# ---------------------------------------------------------------------------------------------
# The export itself
# ---------------------------------------------------------------------------------------------


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    schemas = json_schemas()
    assert sorted(schemas) == sorted(
        [schema_file(name) for name in DATA_SCHEMAS] + [schema_file(FRONT_MATTER_NAME)]
    )
    for name, schema in schemas.items():
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == name
        assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schemas["salaries.schema.json"]["title"] == "data/salaries.yaml"


def test_nodes_map_to_their_json_schema() -> None:
    record = Record(
        {
            "name": Text(max_length=40, pattern=r"[A-Z]"),
            "count": Number(0, 10, integer=True),
            "source": Ref("source"),
            "tags": optional(ListOf(Text(), min_items=1, max_items=3), []),
            "note": Field(Text(), required=False),
        }
    )
    exported = record.json_schema({"source": "data/sources.yaml (sources[].id)"})
    assert exported["required"] == ["name", "count", "source"]
    assert exported["additionalProperties"] is False
    properties = exported["properties"]
    assert properties["name"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 40,
        "pattern": "^(?:[A-Z])",  # re.match anchors at the start; JSON Schema does not
    }
    assert properties["count"] == {"type": "integer", "minimum": 0, "maximum": 10}
    assert properties["source"]["description"] == (
        "The id of a source declared in data/sources.yaml (sources[].id)."
    )
    assert properties["tags"]["minItems"] == 1 and properties["tags"]["maxItems"] == 3
    assert properties["tags"]["default"] == []
    assert "default" not in properties["note"]


def test_cross_field_rules_are_described_not_exported() -> None:
    figure = json_schemas()["salaries.schema.json"]["properties"]["figures"]["items"]
    years = figure["properties"]["years"]
    assert "minimum exceeds its maximum" in years["description"]
    assert years["required"] == ["min"]


# ---------------------------------------------------------------------------------------------
# The guide's own files validate
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DATA_SCHEMAS))
def test_every_data_file_of_the_guide_validates(name: str) -> None:
    path = REPO / "data" / f"{name}.yaml"
    assert errors_in(name, yaml_value(path)) == []


def test_the_front_matter_of_every_page_validates() -> None:
    pages = sorted((REPO / "content").glob("*.md"))
    assert len(pages) >= 10
    for path in pages:
        assert errors_in(FRONT_MATTER_NAME, front_matter(path)) == [], path.name


def test_every_data_file_of_the_guide_names_its_schema_on_its_first_line() -> None:
    for path in sorted((REPO / "data").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == modeline(path.stem), path.name
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (REPO / "schemas" / schema_file(path.stem)).resolve()


# ---------------------------------------------------------------------------------------------
# What the build rejects as a schema matter, the JSON Schema rejects too
# ---------------------------------------------------------------------------------------------

SCHEMA_MESSAGE = re.compile(
    r"unknown key '|missing required key|expected (text|a number|a whole number|a list"
    r"|a mapping|true or false|a date|one of|an http)|text is \d+ characters; at most"
    r"|must be at (least|most)|ids use lowercase|does not match \^|front matter is empty"
    r"|expected at (least|most) \d+ item|is listed twice"
)
"""A problem of shape, type or limits: what a JSON Schema can say too (not references, not
duplicate ids, not YAML syntax)."""

SCHEMA_LEVEL_CASES = [
    "comment-only-data-file",
    "data-and-template-mistakes",
    "data-mistake-and-links-to-missing-pages",
    "data-url",
    "empty-data-file",
    "empty-required-text",
    "front-matter-empty",
    "front-matter-list",
    "front-matter-missing-title",
    "front-matter-scalar",
    "front-matter-unknown-key",
    "invalid-id",
    "javascript-url",
    "list-instead-of-mapping",
    "mapping-instead-of-list",
    "missing-required-key",
    "nav-page-twice",
    "out-of-range-number",
    "scalar-instead-of-mapping",
    "site-language-pattern",
    "template-name-escapes",
    "text-too-long",
    "unknown-key",
    "unknown-key-far-from-any",
    "unknown-key-site",
    "wrong-type-date",
    "wrong-type-list",
    "wrong-type-number",
    "wrong-type-text",
    "yaml-bare-null",
    "yaml-bare-number",
    "yaml-bare-true",
    "yaml-invalid-date",
]
"""Cases of tests/bad_inputs whose expected problems include a schema-level one in a data
file or a page's front matter."""

NOT_PARSED = [
    "data-mistake-and-block-typos",
    "front-matter-missing",
    "front-matter-runs-into-the-text",
    "front-matter-tab",
    "front-matter-unclosed",
    "front-matter-yaml-error",
    "non-utf8-data",
    "yaml-alias",
    "yaml-bad-indentation",
    "yaml-colon-in-plain-text",
    "yaml-control-character",
    "yaml-duplicate-key",
    "yaml-key-not-text",
    "yaml-merge-key",
    "yaml-python-tag",
    "yaml-no-space-after-colon",
    "yaml-second-document",
    "yaml-tab-in-folded-text",
    "yaml-tab-indentation",
    "yaml-unclosed-bracket",
    "yaml-unclosed-quote",
    "yaml-unknown-local-tag",
]
"""Cases left out: a file they change does not load (no front matter, not UTF-8, or not YAML
the build reads: a syntax error, an alias, a duplicate or merge key), so there is nothing to
hand to a JSON Schema."""

PAGE_OR_DATA = re.compile(r"data/[a-z_]+\.yaml|content/[^/]+\.md")


def case_problems(name: str) -> list[tuple[str, str]]:
    """(file, line) of each expected problem of a corpus case that is schema-level."""
    found = []
    for line in (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = line.removeprefix("re:")
        match = PROBLEM_LINE.match(line)
        if match and SCHEMA_MESSAGE.search(line):
            file = match["file"].replace("\\.", ".")
            if PAGE_OR_DATA.fullmatch(file):
                found.append((file, line))
    return found


def changed_files(name: str) -> list[str]:
    """The data files and pages a corpus case writes or edits."""
    folder = CORPUS / name
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    edits = folder / "edits.json"
    if edits.exists():
        files |= {edit["file"] for edit in json.loads(edits.read_text(encoding="utf-8"))}
    return sorted(file for file in files if PAGE_OR_DATA.fullmatch(file))


def load(project: Path, file: str) -> tuple[str, Any]:
    """(schema name, value) of a data file or of a page's front matter, as an editor reads it."""
    path = project / file
    if file.startswith("data/"):
        return path.stem, yaml_value(path)
    return FRONT_MATTER_NAME, front_matter(path)


def loads(project: Path, file: str) -> bool:
    try:
        load(project, file)
    except (YamlError, ValueError):  # UnicodeDecodeError is a ValueError
        return False
    return True


def test_the_list_of_schema_level_cases_is_complete(tmp_path: Path) -> None:
    """No case is skipped silently: each corpus case that changes a data file or a page is
    checked below when a problem it expects is schema-level, or excluded as not loading."""
    corpus = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    changing = [name for name in corpus if changed_files(name)]
    assert SCHEMA_LEVEL_CASES, "no case is checked"
    assert set(SCHEMA_LEVEL_CASES) <= set(changing)
    assert set(NOT_PARSED) <= set(changing)
    for name in changing:
        project = make_project(tmp_path / name)
        apply_case(name, project)
        loaded = [loads(project, file) for file in changed_files(name)]
        if name in NOT_PARSED:
            assert not all(loaded), f"{name}: every file it changes loads; check it"
        else:
            assert all(loaded), f"{name}: a file does not load; list it in NOT_PARSED"
            schema_level = bool(case_problems(name))
            assert schema_level == (name in SCHEMA_LEVEL_CASES), (
                f"{name}: {'add it to' if schema_level else 'remove it from'} SCHEMA_LEVEL_CASES"
            )


@pytest.mark.parametrize("name", SCHEMA_LEVEL_CASES)
def test_a_schema_level_bad_input_is_rejected_by_the_json_schema_too(
    name: str, mini_project: Path
) -> None:
    problems = case_problems(name)
    assert problems, f"{name}: no schema-level problem expected any more"
    apply_case(name, mini_project)
    for file, message in problems:
        schema, value = load(mini_project, file)
        assert errors_in(schema, value), f"{name}: the JSON Schema accepts {file} ({message})"


def test_the_unchanged_fixture_validates(mini_project: Path) -> None:
    """The cases above fail because of their change, not because of the fixture."""
    for path in sorted((mini_project / "data").glob("*.yaml")):
        assert errors_in(path.stem, yaml_value(path)) == []
    for path in sorted((mini_project / "content").glob("*.md")):
        assert errors_in(FRONT_MATTER_NAME, front_matter(path)) == [], path.name


# ---------------------------------------------------------------------------------------------
# Editors and the build read YAML 1.2 alike
# ---------------------------------------------------------------------------------------------


def test_a_bare_no_is_text_for_the_build_and_for_the_editor(mini_project: Path) -> None:
    """The Norway problem: under YAML 1.1 ``short: No`` was false, so the editor accepted it
    and the build refused it."""
    path = mini_project / "data" / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("short: Alpha", "short: No"))
    result = CliRunner().invoke(main, ["check", "--project", str(mini_project)])
    assert result.exit_code == 0, result.stderr
    value = yaml_value(path)
    assert value["sources"][0]["short"] == "No"
    assert errors_in("sources", value) == []


def test_a_bare_yes_for_a_boolean_is_refused_by_both_saying_what_to_write(
    repo_copy: Path,
) -> None:
    path = repo_copy / "data" / "market.yaml"
    where = ("projections", 0, "projected")
    document = load_yaml_file(path, "data/market.yaml")
    meant = "true" if document.value["projections"][0]["projected"] else "false"
    word = {"true": "yes", "false": "no"}[meant]
    line, column = document.position(where)
    lines = path.read_text(encoding="utf-8").split("\n")
    written = lines[line - 1]
    assert written[column - 1 :].startswith(meant)
    lines[line - 1] = written[: column - 1] + word + written[column - 1 + len(meant) :]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--project", str(repo_copy)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"data/market.yaml:{line}:{column}: projections[0].projected: expected true or false, "
        f"got '{word}' (YAML 1.2 reads a bare {word} as text); write {meant}"
    )
    assert len(result.stderr.splitlines()) == 2  # that problem, and the count
    assert f"'{word}' is not of type 'boolean'" in errors_in("market", yaml_value(path))


# ---------------------------------------------------------------------------------------------
# The command, the committed files, init
# ---------------------------------------------------------------------------------------------


def test_schema_command_writes_exactly_the_schemas(mini_project: Path) -> None:
    folder = mini_project / "schemas"
    folder.mkdir()
    (folder / "gone.schema.json").write_text("{}")  # a data file that no longer exists
    result = CliRunner().invoke(main, ["schema", "--project", str(mini_project)])
    assert result.exit_code == 0, result.output
    expected = json_schemas()
    assert result.output == f"Wrote {len(expected)} schemas -> {folder}\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)
    for name, schema in expected.items():
        text = (folder / name).read_text(encoding="utf-8")
        assert text == schema_text(schema)
        assert json.loads(text) == schema


def test_schema_command_refuses_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--project", str(tmp_path)])
    assert result.exit_code == 2
    assert not (tmp_path / "schemas").exists()


def test_the_committed_schemas_are_current() -> None:
    folder = REPO / "schemas"
    expected = json_schemas()
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(expected), REGENERATE
    for name, schema in expected.items():
        assert (folder / name).read_text(encoding="utf-8") == schema_text(schema), (
            f"schemas/{name} is stale; {REGENERATE}"
        )


def test_the_data_reference_is_current() -> None:
    committed = (REPO / "docs" / "data-reference.md").read_text(encoding="utf-8")
    assert committed == data_reference(REPO), f"docs/data-reference.md is stale; {REGENERATE}"


def test_the_data_reference_names_every_key() -> None:
    reference = data_reference(REPO)
    for name in DATA_SCHEMAS:
        assert f"\n## data/{name}.yaml\n" in reference
    for row in ("`figures[].range.min`", "`sources[].id`", "`labels`", "`aliases`"):
        assert f"| {row} |" in reference
    salaries = reference.split("\n## data/salaries.yaml\n")[1].split("\n## ")[0]
    assert "`salary-by-level`" in salaries  # a block reading data.salaries
    assert "`content/salaries.md`" in salaries  # a page placing it
    assert "`salary-ranges`" in salaries  # a chart drawn from it


EDITED_TEXT = re.compile(
    r"^(\s*(?:- )?(?:title|label|text|name|summary|description|intro|note|detail): )(?![>|])(.+)$",
    re.M,
)
EDITED_NUMBER = re.compile(r"^(\s*(?:- )?[a-z_0-9]+: )([0-9]+)$", re.M)


def test_editing_data_values_leaves_the_data_reference_unchanged(repo_copy: Path) -> None:
    """The reference documents the schema: a new salary figure or a reworded title is a data
    edit, and must not make the committed reference stale (ids, and the table each chart
    names, are left alone: they say what reads what)."""
    for path in sorted((repo_copy / "data").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        edited = EDITED_TEXT.sub(r"\1\2 (edited)", text)
        edited = EDITED_NUMBER.sub(lambda m: f"{m[1]}{int(m[2]) + 1}", edited)
        assert edited != text, path.name
        path.write_text(edited, encoding="utf-8")
    assert data_reference(repo_copy) == data_reference(REPO)


def test_the_example_of_each_file_has_the_declared_keys_and_types() -> None:
    """Each example reads (as YAML 1.2) to a value the file's JSON Schema accepts, but for
    placeholders where text must match a pattern (``id: <new source id>``)."""
    for name, schema in DATA_SCHEMAS.items():
        value = parse_yaml("\n".join(example(schema)) + "\n", name).value
        wrong = [
            f"{list(error.absolute_path)}: {error.message}"
            for error in validator(name).iter_errors(value)
            if error.validator != "pattern"
        ]
        assert wrong == [], name


def test_an_example_puts_required_keys_first_and_marks_optional_ones() -> None:
    record = Record(
        {
            "note": optional(Text()),
            "id": Id("thing"),
            "count": Number(1, 10, integer=True),
            "parts": ListOf(Record({"name": Text(), "source": Ref("source")})),
            "words": MapOf(Text()),
            "tags": optional(ListOf(Text()), []),
            "open": optional(Boolean(), False),
        }
    )
    assert example(record) == [
        "id: <new thing id>",
        "count: 1",
        "parts:",
        "  - name: <text>",
        "    source: <source id>",
        "words:",
        "  <name>: <text>",
        "note: <text>  # optional",
        "tags:  # optional",
        "  - <text>",
        "open: false  # optional",
    ]


def test_init_maps_every_data_file_to_an_existing_schema(tmp_path: Path) -> None:
    target = tmp_path / "new-guide"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    data_files = sorted((target / "data").glob("*.yaml"))
    assert len(data_files) == len(DATA_SCHEMAS)
    settings = json.loads((target / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.yamlVersion"] == "1.2"  # the editor reads data as the build does
    mapping = settings["yaml.schemas"]
    assert sorted(mapping.values()) == sorted(f"data/{p.name}" for p in data_files)
    for schema, data_file in mapping.items():
        assert (target / schema).is_file(), schema
        assert Path(schema).name == schema_file(Path(data_file).stem)
    for path in data_files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path.name
        assert (path.parent / first.split("$schema=", 1)[1]).is_file(), path.name
    for name, schema in json_schemas().items():
        assert (target / "schemas" / name).read_text(encoding="utf-8") == schema_text(schema)
