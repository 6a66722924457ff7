"""A small declarative schema language for the guide's YAML files.

Each schema node checks a value, reports problems at the value's own line and column, and
returns the value normalised (optional keys filled with their defaults), so templates and
chart builders can rely on every declared key being present. Ids and references between
files are collected while checking and resolved once every file has been read.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import Problems
from .freeze import FrozenDict, freeze
from .yamlfile import CORE_BOOL, CORE_FLOAT, CORE_INT, CORE_NULL, PathKey, YamlDocument

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def describe(value: Any) -> str:
    """Name a wrong value the way an editor would recognise it in their file."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def format_path(path: PathKey) -> str:
    """Render ``("levels", 2, "max")`` as ``levels[2].max``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def suggest(word: str, choices: Iterable[str]) -> str:
    """Return a "; did you mean 'x'?" hint when a close match exists."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


ALLOWED_SHOWN = 8
"""Keys listed at most when an unknown key is close to none of them."""


FILES_SHOWN = 3
"""Files named at most where a message lists where something is used."""


def listed(files: list[str]) -> str:
    """ "a, b and c", or "a, b, c and 4 more files"."""
    if len(files) > FILES_SHOWN:
        return f"{', '.join(files[:FILES_SHOWN])} and {len(files) - FILES_SHOWN} more files"
    return " and ".join([", ".join(files[:-1]), files[-1]]) if len(files) > 1 else files[0]


def allowed_keys(word: str, choices: Iterable[str]) -> str:
    """ "; allowed here: a, b, c" (the closest few when there are many)."""
    names = list(choices)
    if len(names) > ALLOWED_SHOWN:
        close = difflib.get_close_matches(word, names, n=ALLOWED_SHOWN, cutoff=0)
        return f"; allowed here are {len(names)} keys, among them: {', '.join(close)}"
    return f"; allowed here: {', '.join(names)}"


@dataclass
class Reference:
    collection: str
    value: str
    file: str
    line: int
    column: int
    where: str


@dataclass
class Checker:
    """State shared by every schema node while the data files are checked."""

    problems: Problems
    ids: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    document: YamlDocument | None = None
    unavailable: dict[str, str] = field(default_factory=dict)
    """Collection -> the data file that declares it but could not be read (missing, or not
    YAML): references into it are not checked one by one, the file's own problem says why."""

    def error(self, path: PathKey, message: str, at_key: bool = False) -> None:
        assert self.document is not None
        doc = self.document
        line, column = doc.key_position(path) if at_key else doc.position(path)
        self.problems.error(doc.file, line, column, message, format_path(path))

    def declare(self, collection: str, value: str, path: PathKey) -> None:
        assert self.document is not None
        line, _ = self.document.position(path)
        known = self.ids.setdefault(collection, {})
        if value in known:
            first_file, first_line = known[value]
            self.error(path, f"duplicate id '{value}' (first used at {first_file}:{first_line})")
        else:
            known[value] = (self.document.file, line)

    def refer(self, collection: str, value: str, path: PathKey) -> None:
        assert self.document is not None
        line, column = self.document.position(path)
        self.references.append(
            Reference(collection, value, self.document.file, line, column, format_path(path))
        )

    def resolve_references(self) -> None:
        """Report every reference to an id that no file declares; references into a file
        that could not be read are counted on that file's own problem instead (one root
        cause, not one line per reference)."""
        unchecked: dict[str, int] = {}
        unknown: dict[tuple[str, str], list[Reference]] = {}
        for ref in self.references:
            if ref.collection in self.unavailable:
                owner = self.unavailable[ref.collection]
                unchecked[owner] = unchecked.get(owner, 0) + 1
            elif ref.value not in self.ids.get(ref.collection, {}):
                unknown.setdefault((ref.collection, ref.value), []).append(ref)
        for (collection, value), refs in unknown.items():
            first = refs[0]  # an id renamed or removed: said once, at its first use
            message = (
                f"unknown {collection} id '{value}'{suggest(value, self.ids.get(collection, {}))}"
            )
            if len(refs) > 1:
                message += f" (used {len(refs) - 1} more time{'s' if len(refs) > 2 else ''}"
                message += f" in {listed(list(dict.fromkeys(ref.file for ref in refs[1:])))})"
            self.problems.error(first.file, first.line, first.column, message, first.where)
        for owner, count in unchecked.items():
            self.problems.annotate(
                owner, f"{count} reference{'s' if count != 1 else ''} into {owner} not checked"
            )


JsonSchema = dict[str, Any]
"""A JSON Schema (draft 2020-12) as plain data, ready for ``json.dumps``."""

Places = Mapping[str, str]
"""Id collection -> where its ids are declared, in words ("data/sources.yaml"), so that an
exported reference can tell the editor where to look."""


JSON_DEFAULTS = (bool, int, float, str, list, dict)
"""Defaults that JSON Schema can show as they are (``None`` means no default)."""


def json_pattern(pattern: str) -> str:
    """A Python pattern that ``re.match`` applies at the start, as a JSON Schema pattern
    (which may match anywhere): anchored at the start the same way."""
    return pattern if pattern.startswith("^") else f"^(?:{pattern})"


def one_line(text: str | None) -> str:
    """A docstring as one line of words (for a JSON Schema description)."""
    return " ".join((text or "").split())


class Schema:
    """Base class: ``check`` returns the normalised value or ``None`` after reporting."""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        raise NotImplementedError

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        """This node as JSON Schema (draft 2020-12), for editors: the structure, types and
        limits that ``check`` enforces. Cross-field rules and whether a referenced id exists
        are left to the build (``places`` only names where each collection is declared)."""
        raise NotImplementedError(f"{type(self).__name__} has no JSON Schema export")


def bare_scalar(path: PathKey, checker: Checker) -> str:
    """The scalar at ``path`` as written, without a comment or what follows it in a flow
    mapping (``2024`` of ``title: 2024  # the year`` and of ``{title: 2024, id: x}``)."""
    if checker.document is None:
        return ""
    written = checker.document.written(path)
    if quoted(written):
        return written
    return re.split(r"[,\]}]", written, maxsplit=1)[0].strip()


def quoted(written: str) -> bool:
    return written[:1] in ("'", '"')


def quote_hint(value: Any, path: PathKey, checker: Checker) -> str:
    """YAML's quoting rule in words, for a bare word or number that YAML 1.2 reads as
    something other than text (``title: 2024`` is a number, ``short: True`` a boolean,
    ``name: Null`` nothing). A bare ``No`` or ``2024-01-01`` is text in YAML 1.2 already."""
    if isinstance(value, bool):
        pattern, reading = CORE_BOOL, describe(value)
    elif isinstance(value, int | float):
        pattern, reading = CORE_FLOAT if isinstance(value, float) else CORE_INT, "a number"
    elif value is None:
        pattern, reading = CORE_NULL, "nothing"
    else:
        return ""
    written = bare_scalar(path, checker)
    if not written or not pattern.match(written):
        return ""  # an empty value, or one written in a way that this hint cannot quote
    return f' (YAML reads a bare {written} as {reading}); put it in quotes: "{written}"'


YAML11_BOOLEANS = {
    **dict.fromkeys(("yes", "y", "on"), "true"),
    **dict.fromkeys(("no", "n", "off"), "false"),
}
"""YAML 1.1's other words for true and false: text in YAML 1.2, and what an editor meant."""


def boolean_hint(value: Any, path: PathKey, checker: Checker) -> str:
    """How to write the boolean an editor meant by a text such as ``yes`` or ``"true"``."""
    if not isinstance(value, str):
        return ""
    word = value.strip().lower()
    meant = YAML11_BOOLEANS.get(word) or (word if word in ("true", "false") else "")
    if not meant:
        return ""
    written = bare_scalar(path, checker)
    if quoted(written):
        return f" (text, in quotes); write {meant} without quotes"
    if word in YAML11_BOOLEANS and written:
        return f" (YAML 1.2 reads a bare {written} as text); write {meant}"
    return f"; write {meant}"


GROUPED_NUMBER = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)+)(?:\.[0-9]+)?\Z")
"""``85,000`` or ``1_000``: a number with digit separators, which YAML 1.2 reads as text."""


def number_hint(value: Any, path: PathKey, checker: Checker) -> str:
    """How to write the number an editor meant by a text such as ``85,000`` or ``"2024"``."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if GROUPED_NUMBER.match(text):
        digits = text.replace(",", "").replace("_", "")
        return f" (YAML 1.2 reads a number with separators as text); write {digits}"
    if (CORE_INT.match(text) or CORE_FLOAT.match(text)) and quoted(bare_scalar(path, checker)):
        return f" (text, in quotes); write {text} without quotes"
    return ""


class Text(Schema):
    def __init__(self, max_length: int = 2000, pattern: str | None = None) -> None:
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, str) or isinstance(value, bool):
            checker.error(
                path, f"expected text, got {describe(value)}{quote_hint(value, path, checker)}"
            )
            return None
        if not value.strip():
            checker.error(path, "expected text, got an empty string")
        elif len(value) > self.max_length:
            checker.error(path, f"text is {len(value)} characters; at most {self.max_length}")
        elif self.pattern and not self.pattern.match(value):
            checker.error(path, f"{describe(value)} does not match {self.pattern.pattern}")
        else:
            return value
        return None

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        result: JsonSchema = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern:
            result["pattern"] = json_pattern(self.pattern.pattern)
        return result


class Number(Schema):
    def __init__(
        self, minimum: float | None = None, maximum: float | None = None, integer: bool = False
    ) -> None:
        self.minimum, self.maximum, self.integer = minimum, maximum, integer

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        kind = "a whole number" if self.integer else "a number"
        ok_type = int if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_type):
            hint = number_hint(value, path, checker)
            checker.error(path, f"expected {kind}, got {describe(value)}{hint}")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            checker.error(path, f"expected {kind}, got {value}")
            return None
        if self.minimum is not None and value < self.minimum:
            checker.error(path, f"must be at least {self.minimum:g}, got {value:g}")
        if self.maximum is not None and value > self.maximum:
            checker.error(path, f"must be at most {self.maximum:g}, got {value:g}")
        return value

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        result: JsonSchema = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            result["minimum"] = self.minimum
        if self.maximum is not None:
            result["maximum"] = self.maximum
        return result


class Boolean(Schema):
    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, bool):
            hint = boolean_hint(value, path, checker)
            checker.error(path, f"expected true or false, got {describe(value)}{hint}")
            return None
        return value

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        return {"type": "boolean"}


DATE_WRITTEN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
"""A date as YAML 1.2 (and JSON Schema's ``format: date``) has it: text, year-month-day."""


class Date(Schema):
    """A day, written 2026-01-31. YAML 1.2 reads that as text, quoted or not (as editors do),
    so the text is turned into a date here; an explicit ``!!timestamp`` date is taken too."""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and DATE_WRITTEN.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                got = f"{describe(value)}, which is not a day of the calendar"
                checker.error(path, f"expected a date like 2026-01-31, got {got}")
                return None
        checker.error(path, f"expected a date like 2026-01-31, got {describe(value)}")
        return None

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        return {"type": "string", "format": "date", "description": "A date like 2026-01-31."}


class OneOf(Schema):
    def __init__(self, *choices: str) -> None:
        self.choices = choices

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if value not in self.choices:
            allowed = ", ".join(self.choices)
            hint = suggest(value, self.choices) if isinstance(value, str) else ""
            checker.error(path, f"expected one of {allowed}, got {describe(value)}{hint}")
            return None
        return value

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        return {"enum": list(self.choices)}


class Url(Schema):
    """An http(s) link, or a relative one when ``relative`` is set; never javascript: or data:."""

    def __init__(self, relative: bool = False) -> None:
        self.relative = relative

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if Text().check(value, path, checker) is None:
            return None
        if re.match(r"^https?://[^\s/]+", value):
            return value
        if self.relative and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", value):
            return value
        checker.error(path, f"expected an http:// or https:// address, got {describe(value)}")
        return None

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        result = Text().json_schema(places)
        if self.relative:
            result["pattern"] = r"^(?:https?://[^\s/]+|(?![a-zA-Z][a-zA-Z0-9+.-]*:|//))"
            result["description"] = "An http:// or https:// address, or a relative one."
        else:
            result["pattern"] = r"^https?://[^\s/]+"
            result["description"] = "An http:// or https:// address."
        return result


class Id(Schema):
    """Declare a unique id in a named collection that other files may refer to."""

    def __init__(self, collection: str) -> None:
        self.collection = collection

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        text = Text(max_length=80).check(value, path, checker)
        if text is None:
            return None
        if not ID_PATTERN.match(text):
            checker.error(path, f"ids use lowercase letters, digits, - and _, got {describe(text)}")
            return None
        checker.declare(self.collection, text, path)
        return text

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        result = Text(max_length=80).json_schema(places)
        result["pattern"] = ID_PATTERN.pattern
        result["description"] = (
            f"A unique {self.collection} id (lowercase letters, digits, - and _); "
            "other entries refer to it by this id."
        )
        return result


class Ref(Schema):
    """Refer to an id declared with ``Id(collection)`` in any data file."""

    def __init__(self, collection: str) -> None:
        self.collection = collection

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, str) or not value:
            checker.error(path, f"expected a {self.collection} id, got {describe(value)}")
            return None
        checker.refer(self.collection, value, path)
        return value

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        where = (places or {}).get(self.collection)
        article = "an" if self.collection[:1] in tuple("aeiou") else "a"
        return {
            "type": "string",
            "minLength": 1,
            "pattern": ID_PATTERN.pattern,
            "description": f"The id of {article} {self.collection}"
            + (f" declared in {where}." if where else "."),
        }


class ListOf(Schema):
    def __init__(
        self, item: Schema, min_items: int = 0, max_items: int | None = None, unique: bool = False
    ) -> None:
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.unique = unique
        """Whether an item may stand twice (a page listed twice in the navigation shows twice)."""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, list):
            checker.error(path, f"expected a list, got {describe(value)}")
            return None
        if len(value) < self.min_items:
            checker.error(path, f"expected at least {self.min_items} item(s), got {len(value)}")
        if self.max_items is not None and len(value) > self.max_items:
            checker.error(path, f"expected at most {self.max_items} items, got {len(value)}")
        if self.unique:
            first: dict[str, int] = {}
            for index, item in enumerate(value):
                key = repr(item)
                if key in first:
                    where = format_path((*path, first[key]))
                    if checker.document is not None:
                        where += f", line {checker.document.position((*path, first[key]))[0]}"
                    checker.error((*path, index), f"{item!r} is listed twice (first at {where})")
                first.setdefault(key, index)
        return [self.item.check(item, (*path, i), checker) for i, item in enumerate(value)]

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        result: JsonSchema = {"type": "array", "items": self.item.json_schema(places)}
        if self.unique:
            result["uniqueItems"] = True
        if self.min_items:
            result["minItems"] = self.min_items
        if self.max_items is not None:
            result["maxItems"] = self.max_items
        return result


class LocatedMapping(FrozenDict):
    """A free-form mapping that remembers where it was written.

    Its keys are not declared in a schema (UI labels: the templates decide which they use),
    so a template asking for a missing key is reported here, at the mapping in the data file.
    Where it was written is kept under one underscored name: templates read keys with dot
    syntax, and Jinja looks up attributes first, so a plain ``file`` or ``line`` attribute
    would hide a label of that name (the open-data table's "file" heading once showed
    ``data/open_data.yaml``).
    """

    _origin: tuple[str, int, int, str] = ("", 1, 1, "")


class MapOf(Schema):
    """A mapping from free-form keys (such as UI label names) to values of one schema."""

    def __init__(self, value: Schema) -> None:
        self.value = value

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, dict):
            checker.error(path, f"expected a mapping, got {describe(value)}")
            return None
        result = LocatedMapping(
            {
                key: freeze(self.value.check(item, (*path, key), checker))
                for key, item in value.items()
            }
        )
        assert checker.document is not None
        line, column = checker.document.key_position(path)
        result._origin = (checker.document.file, line, column, format_path(path))
        return result

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        return {"type": "object", "additionalProperties": self.value.json_schema(places)}


@dataclass
class Field:
    schema: Schema
    required: bool = True
    default: Any = None


Rule = Callable[[dict[str, Any]], Iterable[tuple[str, str]]]
"""A cross-field rule: yields (key, message) for each problem found in a checked record."""


class Record(Schema):
    """A mapping with declared keys; unknown keys are errors with a close-match hint."""

    def __init__(self, fields: dict[str, Field | Schema], rules: Iterable[Rule] = ()) -> None:
        self.fields = {
            name: spec if isinstance(spec, Field) else Field(spec) for name, spec in fields.items()
        }
        self.rules = list(rules)

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, dict):
            checker.error(path, f"expected a mapping, got {describe(value)}")
            return None
        result: dict[str, Any] = {}
        # Absent keys that an unknown key was meant to be: one mistake, said once (not
        # again as a missing key, nor through a rule that counts the keys given).
        misspelt: set[str] = set()
        for key in value:
            if key not in self.fields:
                hint = suggest(key, self.fields) or allowed_keys(key, self.fields)
                absent = [name for name in self.fields if name not in value]
                meant = next((n for n in absent if hint == suggest(key, [n])), None)
                if meant is not None and meant not in misspelt:
                    misspelt.add(meant)
                    if self.fields[meant].required:
                        hint += f" ('{meant}' is required)"
                checker.error((*path, key), f"unknown key '{key}'{hint}", at_key=True)
        for name, spec in self.fields.items():
            if name in value:
                result[name] = spec.schema.check(value[name], (*path, name), checker)
            elif spec.required:
                if name not in misspelt:
                    checker.error(path, f"missing required key '{name}'")
                result[name] = None
            else:
                result[name] = spec.default
        given = all(result.get(name) is not None for name in self.fields if name in value)
        if given and not misspelt:
            for rule in self.rules:
                for key, message in rule(result):
                    checker.error((*path, key) if key else path, message)
        return result

    def json_schema(self, places: Places | None = None) -> JsonSchema:
        properties: JsonSchema = {}
        for name, spec in self.fields.items():
            node = spec.schema.json_schema(places)
            if not spec.required and isinstance(spec.default, JSON_DEFAULTS):
                node["default"] = copy.deepcopy(spec.default)
            properties[name] = node
        result: JsonSchema = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [name for name, spec in self.fields.items() if spec.required]
        if required:
            result["required"] = required
        notes = [one_line(rule.__doc__) for rule in self.rules if rule.__doc__]
        if notes:
            result["description"] = "The build also checks: " + " ".join(notes)
        return result


def declared_collections(schema: Schema | Field) -> set[str]:
    """The id collections a schema declares (what other files may refer into)."""
    if isinstance(schema, Field):
        return declared_collections(schema.schema)
    if isinstance(schema, Id):
        return {schema.collection}
    if isinstance(schema, Record):
        return set().union(*(declared_collections(f) for f in schema.fields.values()))
    if isinstance(schema, ListOf):
        return declared_collections(schema.item)
    if isinstance(schema, MapOf):
        return declared_collections(schema.value)
    return set()


def optional(schema: Schema, default: Any = None) -> Field:
    """Shorthand for a key that may be left out."""
    return Field(schema, required=False, default=default)
