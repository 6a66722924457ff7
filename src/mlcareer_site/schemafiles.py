"""The schema in the open: JSON Schemas for editors and a data reference for people.

Both are generated from the declarations the build checks with (``schemas.py``), so they
cannot drift from it:

- ``json_schemas()`` / ``write_schemas()``: one JSON Schema (draft 2020-12) per data file and
  one for page front matter, as ``schemas/<name>.schema.json``. A YAML language server (the
  Red Hat YAML extension of VS Code, for one) reads them through the modeline at the top of
  each data file, or through ``.vscode/settings.json``, and offers completion, hover text and
  checking as the file is typed. They hold the structure, types and limits; references between
  files and cross-field rules stay the build's to check.
- ``data_reference()``: ``docs/data-reference.md``, every key of every data file with its type,
  limits and default, the ids it declares and refers to, which blocks and pages show it, and
  an example of the file's shape made from the schema (not copied from the data, so that
  editing a value never makes the committed reference stale).

``python -m mlcareer_site.schemafiles [PROJECT]`` regenerates both for a project (``mlcareer-site
schema`` writes the JSON Schemas only).
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .schema import (
    Boolean,
    Date,
    Field,
    Id,
    JsonSchema,
    ListOf,
    MapOf,
    Number,
    OneOf,
    Record,
    Ref,
    Schema,
    Text,
    Url,
    one_line,
)
from .schemas import DATA_SCHEMAS, FRONT_MATTER
from .yamlfile import YAML_VERSION, load_yaml_file, parse_yaml

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FRONT_MATTER_NAME = "front-matter"
SCHEMA_FOLDER = "schemas"
REFERENCE_FILE = "docs/data-reference.md"
SUFFIX = ".schema.json"

EXTRA_PLACES = {"page": "content/ (a page's file name without .md, such as index)"}
"""Collections whose ids are not declared in a data file."""


def schema_file(name: str) -> str:
    """``salaries`` -> ``salaries.schema.json``."""
    return f"{name}{SUFFIX}"


def modeline(name: str) -> str:
    """The first line of ``data/<name>.yaml``: where a YAML language server finds its schema."""
    return f"# yaml-language-server: $schema=../{SCHEMA_FOLDER}/{schema_file(name)}"


# ---------------------------------------------------------------------------------------------
# Walking a schema: every key with its dotted path
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One place in a data file: ``levels[].id`` and what may be written there."""

    path: str
    schema: Schema
    field: Field | None
    """The declaring field of a record's key (``None`` for list items and mapping values)."""


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def walk(schema: Schema, path: str = "", spec: Field | None = None) -> Iterator[Key]:
    """Every node below ``schema`` (itself first), as dotted paths: ``levels[].id`` for the
    ``id`` of each item of ``levels``, ``labels.<name>`` for any key of a free-form mapping."""
    yield Key(path, schema, spec)
    if isinstance(schema, Record):
        for name, field in schema.fields.items():
            yield from walk(field.schema, join(path, name), field)
    elif isinstance(schema, ListOf):
        yield from walk(schema.item, f"{path}[]")
    elif isinstance(schema, MapOf):
        yield from walk(schema.value, join(path, "<name>"))


def declarations() -> dict[str, list[tuple[str, str]]]:
    """Id collection -> every (data file stem, dotted path) that declares ids in it."""
    return keys_of_kind(Id)


def references() -> dict[str, list[tuple[str, str]]]:
    """Id collection -> every (data file stem, dotted path) that refers to ids in it."""
    return keys_of_kind(Ref)


def keys_of_kind(kind: type[Id] | type[Ref]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for name, schema in DATA_SCHEMAS.items():
        for key in walk(schema):
            if isinstance(key.schema, kind):
                found.setdefault(key.schema.collection, []).append((name, key.path))
    return found


def places(with_paths: bool = True) -> dict[str, str]:
    """Id collection -> where its ids are declared, in words: the files, and for the JSON
    Schemas (``with_paths``) the keys too when there are few."""
    result = dict(EXTRA_PLACES)
    for collection, where in declarations().items():
        files = list(dict.fromkeys(f"data/{name}.yaml" for name, _path in where))
        if with_paths and len(where) <= 3:
            paths = ", ".join(path for _name, path in where)
            result[collection] = f"{' and '.join(files)} ({paths})"
        else:
            result[collection] = " and ".join(files)
    return result


# ---------------------------------------------------------------------------------------------
# JSON Schemas
# ---------------------------------------------------------------------------------------------

GENERATED_NOTE = (
    "Generated from src/mlcareer_site/schemas.py (mlcareer-site schema); do not edit. "
    "The build checks the same declarations, and also that referenced ids exist and the "
    "cross-field rules (such as min not above max)."
)


def json_schemas() -> dict[str, JsonSchema]:
    """File name -> JSON Schema: one per data file, and ``front-matter.schema.json``."""
    where = places()
    result: dict[str, JsonSchema] = {}
    named = [(name, f"data/{name}.yaml", schema) for name, schema in DATA_SCHEMAS.items()]
    named.append((FRONT_MATTER_NAME, "front matter of content/*.md", FRONT_MATTER))
    for name, title, schema in named:
        body = schema.json_schema(where)
        notes = [GENERATED_NOTE, body.pop("description", "")]
        result[schema_file(name)] = {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": schema_file(name),
            "title": title,
            "description": " ".join(note for note in notes if note),
            **body,
        }
    return result


def schema_text(schema: JsonSchema) -> str:
    """The bytes written for a schema: sorted keys, two-space indent, a final newline."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every JSON Schema into ``folder`` (created if needed) and remove stale ones.

    A file whose text is already right is left alone, so editors do not reload it."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = json_schemas()
    for stale in sorted(folder.glob(f"*{SUFFIX}")):
        if stale.name not in wanted:
            stale.unlink()
    written = []
    for name, schema in wanted.items():
        target = folder / name
        text = schema_text(schema)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def vscode_settings(data_names: list[str]) -> JsonSchema:
    """``.vscode/settings.json``: each data file mapped to its schema for the YAML extension,
    which is also pinned to the YAML version the build reads, so that the editor and the build
    agree on what a bare ``no`` or ``2024-01-01`` is."""
    return {
        "yaml.schemas": {
            f"{SCHEMA_FOLDER}/{schema_file(name)}": f"data/{name}.yaml" for name in data_names
        },
        "yaml.yamlVersion": YAML_VERSION,
    }


# ---------------------------------------------------------------------------------------------
# Who reads a data file: block templates, layouts, charts and the pages that show them
# ---------------------------------------------------------------------------------------------

DATA_READ = re.compile(r"(?<![\w.])data\.([a-z_]+)")
SITE_READ = re.compile(r"(?<![\w./-])site\.(?!css\b|js\b)[a-z_]+|(?<![\w.])labels\.[a-z_]+")
"""``site.title`` and ``labels.x`` in a template read data/site.yaml."""
LOADS = re.compile(r"""\{%-?\s*(include|extends|import|from)\s+["']([^"']+)["']([^%]*)%\}""")
"""A template loading another: included and extended templates see the page's data, imported
macros only when imported ``with context``."""
BUILDER_READ = re.compile(r"""\bdata\[["']([a-z_]+)["']\]""")
DEFAULT_LAYOUT = "page.html"
CHART_FRAME = "chart"
"""``blocks/chart.html`` frames every chart (pages place charts, not this block)."""


@dataclass
class Readers:
    """Which templates, charts and pages read each data file."""

    blocks: dict[str, list[str]]
    layouts: dict[str, list[str]]
    charts: dict[str, list[str]]
    pages: dict[str, list[str]]
    all_pages: list[str]


def template_reads(templates: Path) -> dict[str, set[str]]:
    """Template name (``blocks/salary-by-level.html``) -> the data files it reads, counting
    the templates it includes or extends (and imports macros from ``with context``)."""
    direct: dict[str, set[str]] = {}
    loads: dict[str, set[str]] = {}
    for path in sorted(templates.glob("*.html")) + sorted(templates.glob("blocks/*.html")):
        name = path.relative_to(templates).as_posix()
        text = path.read_text(encoding="utf-8")
        reads = {stem for stem in DATA_READ.findall(text) if stem in DATA_SCHEMAS}
        if SITE_READ.search(text):
            reads.add("site")
        direct[name] = reads
        loads[name] = {
            loaded
            for verb, loaded, rest in LOADS.findall(text)
            if verb in ("include", "extends") or "with context" in rest
        }

    def closure(name: str, seen: set[str]) -> set[str]:
        if name in seen or name not in direct:
            return set()
        seen.add(name)
        result = set(direct[name])
        for loaded in loads[name]:
            result |= closure(loaded, seen)
        return result

    return {name: closure(name, set()) for name in direct}


def chart_reads(data: Path, reads: dict[str, set[str]]) -> dict[str, set[str]]:
    """Chart name -> the data files its builder reads, data/charts.yaml (its words) and what
    the block holding its table reads. Files are read as the build reads them (YAML 1.2)."""
    from .charts import CHART_BUILDERS

    tables: dict[str, str] = {}
    charts_file = data / "charts.yaml"
    if charts_file.is_file():
        loaded = load_yaml_file(charts_file, "data/charts.yaml").value or {}
        for chart in loaded.get("charts") or []:
            if isinstance(chart, dict) and "id" in chart and "table" in chart:
                tables[str(chart["id"])] = str(chart["table"])
    result: dict[str, set[str]] = {}
    for name, builder in sorted(CHART_BUILDERS.items()):
        found = {"charts"} | set(BUILDER_READ.findall(inspect.getsource(builder)))
        found |= reads.get(f"blocks/{tables.get(name, '')}.html", set())
        result[name] = found & set(DATA_SCHEMAS)
    return result


def page_uses(content: Path) -> dict[str, tuple[str, list[str], list[str]]]:
    """Page file -> (its layout, the blocks it places, the charts it places)."""
    from .content import find_directives, split_front_matter

    result = {}
    for path in sorted(content.glob("*.md")):
        name = f"content/{path.name}"
        front, body, body_line = split_front_matter(path.read_text(encoding="utf-8"), name)
        meta = parse_yaml(front, name).value or {}
        layout = str(meta.get("template") or DEFAULT_LAYOUT)
        _html, refs = find_directives(body, body_line)
        blocks = [ref.name for ref in refs if ref.kind == "block"]
        charts = [ref.name for ref in refs if ref.kind == "chart"]
        result[name] = (layout, blocks, charts)
    return result


def readers(project: Path) -> Readers:
    """Scan the project's templates and pages (and the chart builders) for what reads what."""
    reads = template_reads(project / "templates")
    charts = chart_reads(project / "data", reads)
    uses = page_uses(project / "content")
    blocks: dict[str, list[str]] = {name: [] for name in DATA_SCHEMAS}
    layouts: dict[str, list[str]] = {name: [] for name in DATA_SCHEMAS}
    chart_list: dict[str, list[str]] = {name: [] for name in DATA_SCHEMAS}
    pages: dict[str, list[str]] = {name: [] for name in DATA_SCHEMAS}
    for template, files in sorted(reads.items()):
        is_block = template.startswith("blocks/")
        short = template.removeprefix("blocks/").removesuffix(".html")
        for stem in files:
            if is_block and not short.startswith("_") and short != CHART_FRAME:
                blocks[stem].append(short)
            elif not is_block and not template.startswith("_"):
                layouts[stem].append(template)
    for chart, files in charts.items():
        for stem in files:
            chart_list[stem].append(chart)
    for page, (layout, page_blocks, page_charts) in uses.items():
        shown: set[str] = set(reads.get(layout, set()))
        for block in page_blocks:
            shown |= reads.get(f"blocks/{block}.html", set())
        if page_charts:
            shown |= reads.get(f"blocks/{CHART_FRAME}.html", set())
        for chart in page_charts:
            shown |= charts.get(chart, set())
        for stem in shown:
            pages[stem].append(page)
    tidy = [
        {stem: sorted(names) for stem, names in found.items()}
        for found in (blocks, layouts, chart_list, pages)
    ]
    return Readers(*tidy, sorted(uses))


# ---------------------------------------------------------------------------------------------
# The data reference (docs/data-reference.md)
# ---------------------------------------------------------------------------------------------


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def number(value: float) -> str:
    """``10000000`` -> ``10,000,000``; years and small counts stay as they are (2200)."""
    shown = int(value) if float(value).is_integer() else value
    return f"{shown:,}" if abs(value) >= 10_000 else str(shown)


def kind(schema: Schema) -> str:
    """What may be written at a key, in an editor's words."""
    if isinstance(schema, Id):
        return f"id (declares a `{schema.collection}`)"
    if isinstance(schema, Ref):
        return f"`{schema.collection}` id"
    if isinstance(schema, Url):
        return "web address"
    if isinstance(schema, Text):
        return "text"
    if isinstance(schema, Number):
        return "whole number" if schema.integer else "number"
    if isinstance(schema, Boolean):
        return "true or false"
    if isinstance(schema, Date):
        return "date (2026-01-31)"
    if isinstance(schema, OneOf):
        return "one of the listed words"
    if isinstance(schema, Record):
        return "group of keys (below)"
    if isinstance(schema, MapOf):
        inner = kind(schema.value)
        return f"mapping: any names → {inner}"
    if isinstance(schema, ListOf):
        item = schema.item
        if isinstance(item, Record):
            return "list of groups of keys (below)"
        if isinstance(item, Id | Ref):
            return f"list of {kind(item)}s"
        return f"list of {kind(item)}" + ("" if isinstance(item, ListOf | MapOf) else " items")
    return type(schema).__name__


def limits(schema: Schema, where: dict[str, str]) -> list[str]:
    """The limits ``check`` enforces at a key, in words."""
    if isinstance(schema, Id):
        return ["unique", "lowercase letters, digits, - and _", "at most 80 characters"]
    if isinstance(schema, Ref):
        declared = where.get(schema.collection)
        return [f"declared in {declared}"] if declared else []
    if isinstance(schema, Url):
        return ["http:// or https:// only" + (", or relative" if schema.relative else "")]
    if isinstance(schema, Text):
        words = [f"at most {number(schema.max_length)} characters"]
        if schema.pattern:
            words.append(f"matching `{schema.pattern.pattern}`")
        return words
    if isinstance(schema, Number):
        low, high = schema.minimum, schema.maximum
        if low is not None and high is not None:
            return [f"from {number(low)} to {number(high)}"]
        if low is not None:
            return [f"at least {number(low)}"]
        return [f"at most {number(high)}"] if high is not None else []
    if isinstance(schema, OneOf):
        return ["one of: " + ", ".join(f"`{choice}`" for choice in schema.choices)]
    if isinstance(schema, Record):
        notes = [one_line(rule.__doc__) for rule in schema.rules if rule.__doc__]
        return ["also checked: " + " ".join(notes)] if notes else []
    if isinstance(schema, ListOf):
        words = []
        if schema.min_items:
            words.append(f"at least {plural(schema.min_items, 'item')}")
        if schema.max_items is not None:
            words.append(f"at most {plural(schema.max_items, 'item')}")
        if not isinstance(schema.item, Record | ListOf | MapOf):
            words += [f"each {word}" for word in limits(schema.item, where)]
        return words
    if isinstance(schema, MapOf) and not isinstance(schema.value, Record | ListOf | MapOf):
        return [f"each {word}" for word in limits(schema.value, where)]
    return []


def presence(key: Key) -> str:
    """Required, optional, or optional with the value used when it is left out."""
    if key.field is None:
        return ""
    if key.field.required:
        return "required"
    default = key.field.default
    if default is None:
        return "optional"
    if default == [] or default == {}:
        return "optional (default: empty)"
    if isinstance(default, bool):
        return f"optional (default: `{'true' if default else 'false'}`)"
    return f"optional (default: `{default}`)"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def key_table(schema: Schema, where: dict[str, str]) -> list[str]:
    lines = ["| key | what to write | required? | limits |", "|---|---|---|---|"]
    for key in walk(schema):
        if not key.path:
            continue
        item_of_scalar_list = key.path.endswith("[]") and not isinstance(
            key.schema, Record | ListOf | MapOf
        )
        map_value = key.path.endswith(".<name>") and not isinstance(
            key.schema, Record | ListOf | MapOf
        )
        if item_of_scalar_list or map_value:
            continue  # described on the list's or the mapping's own row
        if key.field is None and isinstance(key.schema, Record):
            continue  # a list's items: their keys follow as path[].key
        row = [
            f"`{key.path}`",
            kind(key.schema),
            presence(key) or "—",
            "; ".join(limits(key.schema, where)) or "—",
        ]
        lines.append("| " + " | ".join(cell(part) for part in row) + " |")
    return lines


INDENT = "  "
TEXT, SHORT_TEXT = "<text>", "<…>"
"""Placeholders for text in an example (the short one where the limit is under 6 characters)."""


def placeholder(schema: Schema, default: Any = None) -> str | None:
    """What an example writes at a key that holds a single value, or ``None`` for a list or
    a group of keys. Text is a placeholder in angle brackets; numbers, true/false, dates
    and choices are values of the declared type and limits, so the example reads them
    with the right types (a number bare, a date as year-month-day)."""
    if isinstance(default, bool | int | float) and not isinstance(schema, Text):
        return yaml_scalar(default)
    if isinstance(schema, Id):
        return f"<new {schema.collection} id>"
    if isinstance(schema, Ref):
        return f"<{schema.collection} id>"
    if isinstance(schema, Url):
        return "<web address>" if schema.relative else "https://example.org/"
    if isinstance(schema, Text):
        return TEXT if len(TEXT) <= schema.max_length else SHORT_TEXT
    if isinstance(schema, Number):
        value = next((v for v in (schema.minimum, schema.maximum) if v is not None), 0)
        return yaml_scalar(int(value) if float(value).is_integer() else value)
    if isinstance(schema, Boolean):
        return "false"
    if isinstance(schema, Date):
        return "2026-01-31"
    if isinstance(schema, OneOf):
        return schema.choices[0]
    return None


def yaml_scalar(value: bool | int | float) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def ordered_fields(record: Record) -> list[tuple[str, Field]]:
    """A record's keys, required ones first (each group in declaration order)."""
    fields = list(record.fields.items())
    return [item for item in fields if item[1].required] + [
        item for item in fields if not item[1].required
    ]


def value_lines(schema: Schema, indent: str) -> list[str]:
    """The lines below ``key:`` for a list, a group of keys or a free-form mapping."""
    if isinstance(schema, Record):
        return [
            line
            for name, field in ordered_fields(schema)
            for line in key_lines(name, field.schema, indent, field)
        ]
    if isinstance(schema, MapOf):
        return key_lines("<name>", schema.value, indent)
    if isinstance(schema, ListOf):
        return item_lines(schema.item, indent)
    return []


def key_lines(name: str, schema: Schema, indent: str, field: Field | None = None) -> list[str]:
    """``name: value`` (or ``name:`` and what it holds below), marked when optional."""
    note = "  # optional" if field is not None and not field.required else ""
    value = placeholder(schema, field.default if field is not None else None)
    if value is not None:
        return [f"{indent}{name}: {value}{note}"]
    return [f"{indent}{name}:{note}", *value_lines(schema, indent + INDENT)]


def item_lines(item: Schema, indent: str) -> list[str]:
    """One item of a list, written ``- ...`` as the guide's files write them."""
    value = placeholder(item)
    if value is not None:
        return [f"{indent}- {value}"]
    inner = value_lines(item, indent + INDENT)
    if not inner:
        return [f"{indent}- "]
    return [f"{indent}- {inner[0].removeprefix(indent + INDENT)}", *inner[1:]]


def example(schema: Schema) -> list[str]:
    """A file of this schema as YAML an editor could start from: every key, required ones
    first, one item of each list. Made from the declarations alone, so editing a value in a
    data file never makes the reference stale."""
    return value_lines(schema, "")


def names(items: list[str], every: list[str] | None = None) -> str:
    if every is not None and items and sorted(items) == sorted(every):
        return "every page"
    return ", ".join(f"`{item}`" for item in items) if items else "none"


def anchor(title: str) -> str:
    """GitHub's heading id: lowercase, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^a-z0-9 _-]", "", title.lower()).replace(" ", "-")


def data_reference(project: Path) -> str:
    """The Markdown of ``docs/data-reference.md`` for ``project``: the schemas, and which
    blocks, charts and pages show each file (from its templates, its pages and the tables
    data/charts.yaml names). No data value plays a part."""
    where = places(with_paths=False)
    where["page"] = "content/*.md"
    declared = declarations()
    referred = references()
    read = readers(project)
    out = [
        "# Data reference",
        "",
        "<!-- Generated from src/mlcareer_site/schemas.py, the schemas the build checks with:",
        "     python -m mlcareer_site.schemafiles   (do not edit by hand) -->",
        "",
        "Every key of every data file in `data/`, and of the front matter of pages. For each",
        "key: what to write there, whether it may be left out (and what is used then) and its",
        "limits. `levels[].id` is the `id` of each item of the list `levels`;",
        "`labels.<name>` is any name you choose. An *id* names an entry so that other entries",
        "can point at it: a `source` id written in any file must be declared in",
        "`data/sources.yaml`. Ranges are written `{min: <number>, max: <number>}`.",
        "",
        "Each file's example shows its shape, required keys first and one item of each list:",
        "`<text>` stands for your words, `<new source id>` for an id you choose and",
        "`<source id>` for one declared elsewhere; a number shows the lowest value allowed.",
        "",
        "Your editor can check all of this as you type: see *Editing the guide* in the README",
        f"(the JSON Schemas in `{SCHEMA_FOLDER}/` hold the same declarations).",
        "",
        "## Files",
        "",
    ]
    titles = [f"data/{name}.yaml" for name in DATA_SCHEMAS] + ["Front matter of pages"]
    out += [f"- [{title}](#{anchor(title)})" for title in titles]
    for name, schema in DATA_SCHEMAS.items():
        own = sorted(c for c, spots in declared.items() if any(n == name for n, _ in spots))
        uses = sorted({c for c, spots in referred.items() if any(n == name for n, _ in spots)})
        used_by = sorted(
            {f"data/{n}.yaml" for c in own for n, _ in referred.get(c, []) if n != name}
        )
        declares = [f"`{c}` ({', '.join(p for n, p in declared[c] if n == name)})" for c in own]
        refers = [f"`{c}` ({where.get(c, 'nowhere')})" for c in uses]
        out += [
            "",
            f"## data/{name}.yaml",
            "",
            f"- Schema: `{SCHEMA_FOLDER}/{schema_file(name)}`",
            f"- Declares ids: {', '.join(declares) or 'none'}",
            f"- Refers to ids: {', '.join(refers) or 'none'}",
        ]
        if used_by:
            out.append(f"- Its ids are used in: {', '.join(f'`{f}`' for f in used_by)}")
        out += [
            f"- Read by blocks: {names(read.blocks[name])}",
        ]
        if read.layouts[name]:
            out.append(f"- Read by layouts: {names(read.layouts[name])}")
        if read.charts[name]:
            out.append(f"- Read by charts: {names(read.charts[name])}")
        out += [f"- Shown on: {names(read.pages[name], read.all_pages)}", ""]
        out += key_table(schema, where)
        out += [
            "",
            f"Example (the shape of the file; the guide's own file: `data/{name}.yaml`):",
            "",
            "```yaml",
            *example(schema),
            "```",
        ]
    out += [
        "",
        "## Front matter of pages",
        "",
        "Each `content/<page>.md` starts with these keys between two `---` lines; the file",
        "name without `.md` is the page's id (what `nav` and `page:` keys refer to).",
        f"Schema: `{SCHEMA_FOLDER}/{schema_file(FRONT_MATTER_NAME)}`.",
        "",
        *key_table(FRONT_MATTER, where),
        "",
        "Example:",
        "",
        "```yaml",
        "---",
        *example(FRONT_MATTER),
        "---",
        "```",
    ]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Regenerate ``schemas/`` and ``docs/data-reference.md`` of a project (default: here)."""
    project = Path(argv[0]) if argv else Path(".")
    written = write_schemas(project / SCHEMA_FOLDER)
    reference = project / REFERENCE_FILE
    reference.parent.mkdir(parents=True, exist_ok=True)
    reference.write_text(data_reference(project), encoding="utf-8")
    print(f"Wrote {len(written)} schemas -> {project / SCHEMA_FOLDER} and {reference}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
