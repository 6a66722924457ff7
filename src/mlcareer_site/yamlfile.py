"""Read YAML into plain Python values while remembering where every value came from.

PyYAML's safe loader forgets line numbers once it has built dicts and lists, and it lets a
duplicate key silently overwrite the first one. We compose the node graph instead, build the
values ourselves and keep a table of ``path -> (line, column)``, so validation can point an
editor at the exact spot. Anchors and aliases are refused outright: no data file needs them,
and refusing them makes "billion laughs" documents harmless.

Plain scalars are read by the YAML 1.2 core schema, as editors read them (the YAML language
server that checks a data file against ``schemas/`` as it is typed), not by PyYAML's YAML 1.1:
a bare ``no``, ``on`` or ``2024-01-01`` is text, ``010`` is ten. Were the build to read 1.1,
the editor would accept ``short: No`` and the build would then report "expected text, got
false" (the Norway problem).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

try:
    _FastLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - libyaml missing
    _FastLoader = yaml.SafeLoader

YAML_VERSION = "1.2"
"""The YAML version data files are read by (and editors are told to read them by)."""

CORE = "tag:yaml.org,2002:"
NULL, BOOL, INT, FLOAT, STR, MERGE = (
    f"{CORE}{name}" for name in ("null", "bool", "int", "float", "str", "merge")
)

CORE_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
CORE_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
CORE_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
CORE_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
"""The YAML 1.2 core schema's plain scalars (spec 10.3.2); any other plain scalar is text."""


Resolvers = dict[str | None, list[tuple[str, re.Pattern[str]]]]


def core_resolvers() -> Resolvers:
    """The core schema's implicit tags keyed by first character, as PyYAML looks them up
    ("" is the empty plain scalar, null). Integers come before floats: 10 matches both
    patterns and is an integer."""
    table: Resolvers = {}
    for tag, pattern, first in (
        (NULL, CORE_NULL, ["~", "n", "N", ""]),
        (BOOL, CORE_BOOL, list("tTfF")),
        (INT, CORE_INT, list("-+0123456789")),
        (FLOAT, CORE_FLOAT, list("-+.0123456789")),
    ):
        for char in first:
            table.setdefault(char, []).append((tag, pattern))
    return table


class _Loader(_FastLoader):
    """libyaml's parser and composer (the speed) with the YAML 1.2 core schema's implicit
    tags instead of YAML 1.1's, so a plain scalar gets the tag an editor would give it.
    Quoted and explicitly tagged scalars are not resolved implicitly and keep their tag."""

    yaml_implicit_resolvers = core_resolvers()


SAVE_AS_UTF8 = "save the file as UTF-8 (your editor's encoding menu)"
"""The fix for a file in another encoding (Latin-1 and UTF-16 are the usual ones)."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Data and front matter larger than this are refused before parsing (a guide's data is KBs)."""

PathKey = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass
class YamlDocument:
    """A parsed document: the plain value plus the position of each value and key."""

    file: str
    value: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)
    key_positions: dict[PathKey, Position] = field(default_factory=dict)
    line_offset: int = 0
    text: str = ""
    """The document as written (to quote a value back to the editor)."""

    def written(self, path: PathKey) -> str:
        """The scalar at ``path`` as it is written in the file (up to a comment), or ""."""
        if path not in self.positions or not self.text:
            return ""
        line, column = self.positions[path]
        lines = self.text.split("\n")
        if line > len(lines):
            return ""
        rest = lines[line - 1][column - 1 :]
        return rest.split(" #", 1)[0].strip()

    def position(self, path: PathKey) -> Position:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        line, column = self.positions.get(path, (1, 1))
        return line + self.line_offset, column

    def key_position(self, path: PathKey) -> Position:
        """Position of the key that introduces ``path`` (falls back to the value)."""
        if path in self.key_positions:
            line, column = self.key_positions[path]
            return line + self.line_offset, column
        return self.position(path)


class YamlError(Exception):
    """A document that cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


MAX_DEPTH = 100
"""Nesting deeper than this is refused: no data file needs it, and it would exhaust the stack."""

UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a block")
"""PyYAML contexts whose mark is the opening of something never closed: report that place."""


def read_text(path: str | os.PathLike[str], display: str) -> str:
    """Read a UTF-8 file (a BOM is allowed) and normalise line endings, or raise YamlError."""
    name = os.fspath(path)
    try:
        info = os.stat(name)  # one call tells folder from file and gives the size
        if stat.S_ISDIR(info.st_mode):
            raise YamlError(Problem(display, 1, 1, "is a folder, not a file"))
        size = info.st_size
        raw = b""
        if size <= MAX_FILE_BYTES:
            with open(name, "rb") as file:
                raw = file.read()
    except OSError as exc:
        raise YamlError(Problem(display, 1, 1, f"cannot read the file: {exc.strerror}")) from None
    return decode_text(raw, size, display)


def decode_text(raw: bytes, size: int, display: str) -> str:
    """The file's bytes as text with ``\n`` line ends, or a YamlError saying what is wrong."""
    if size > MAX_FILE_BYTES:
        raise YamlError(
            Problem(
                display,
                1,
                1,
                f"file is {size / 1e6:.1f} MB; input files are limited to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
            )
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(Problem(display, 1, 1, f"saved as UTF-16; {SAVE_AS_UTF8}"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); {SAVE_AS_UTF8}"
        raise YamlError(Problem(display, line, column, message)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, display: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document from text; syntax errors raise YamlError with a position."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        document = YamlDocument(display, None, line_offset=line_offset, text=text)
        if node is not None:
            document.value = _Builder(loader, document).build(node, ())
        return document
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (exc.context or "").startswith(UNCLOSED):
            mark = exc.context_mark
        if exc.context_mark is not None and (exc.context or "").startswith(SIMPLE_KEY):
            mark = exc.context_mark  # the line that is not 'key: value', not the one after
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "tab character" in (exc.problem or ""):
            line, column = _first_tab(text, line, column)
        raise YamlError(
            Problem(display, line + line_offset, column, _explain(exc, text, line, column))
        ) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_and_column(text, exc.position)
        message = f"YAML syntax error: control character #x{exc.character:04x} is not allowed"
        raise YamlError(Problem(display, line + line_offset, column, message)) from None
    except RecursionError:
        message = f"YAML is nested too deeply (more than {MAX_DEPTH} levels)"
        raise YamlError(Problem(display, 1 + line_offset, 1, message)) from None
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise YamlError(Problem(display, 1 + line_offset, 1, f"YAML error: {first_line}")) from None
    finally:
        loader.dispose()


def _first_tab(text: str, line: int, column: int) -> tuple[int, int]:
    """Where the first tab at or below ``line`` is (PyYAML may name the line above it)."""
    for number, written in enumerate(text.split("\n")[line - 1 :], start=line):
        if "\t" in written:
            return number, written.index("\t") + 1
    return line, column


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


NO_SPACE_AFTER_COLON = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S.*?)\s*$")
SIMPLE_KEY = "while scanning a simple key"
"""PyYAML's context for a line that holds no ``key: value`` where one was expected."""


def _explain(exc: yaml.MarkedYAMLError, text: str, line: int, column: int) -> str:
    """Say what went wrong in an editor's words where PyYAML's wording is obscure."""
    lines = text.split("\n")
    if (line <= len(lines) and "\t" in lines[line - 1][:column]) or "tab character" in str(exc):
        return "YAML syntax error: a tab character; YAML indents with spaces only"
    if isinstance(exc, yaml.constructor.ConstructorError) and exc.problem:
        tag = exc.problem.split("tag", 1)[-1].strip()
        return f"unsupported YAML tag {tag}"
    message = " ".join(part for part in (exc.context, exc.problem) if part)
    explained = next((said for found, said in IN_WORDS if found in message), message)
    glued = NO_SPACE_AFTER_COLON.match(lines[line - 1]) if line <= len(lines) else None
    if message.startswith(SIMPLE_KEY) and glued:
        return f"YAML syntax error: put a space after the colon: '{glued[1]}: {glued[2]}'"
    return f"YAML syntax error: {explained}"


IN_WORDS = (
    (
        "mapping values are not allowed",
        "': ' where no key can start; check this line's indentation against the lines"
        " above, or put a value that holds ': ' in quotes, such as title: \"Pay: by level\"",
    ),
    (
        SIMPLE_KEY,
        "this line is not 'key: value': put a space after the colon, or, if it continues"
        " the value above, indent it under that value",
    ),
    (
        "did not find expected '-' indicator",
        "this line is indented differently from the list items above it; line its '-' up"
        " with theirs, or its key with the keys of its item",
    ),
    (
        "while scanning a quoted scalar",
        "the quote that opens here is never closed; end the value with the same quote mark",
    ),
)
"""YAML's rule in words, instead of PyYAML's, for the mistakes editors make most."""


def load_yaml_file(path: Path, display: str) -> YamlDocument:
    """Read and parse a data file, raising YamlError for anything unreadable."""
    return parse_yaml(read_text(path, display), display)


def core_null(text: str) -> None:
    """``~``, ``null`` or nothing at all."""
    _expect(CORE_NULL, text)


def core_bool(text: str) -> bool:
    """``true`` or ``false`` (also capitalised or in capitals); ``yes`` and ``on`` are text."""
    _expect(CORE_BOOL, text)
    return text.lower() == "true"


def core_int(text: str) -> int:
    """Decimal (``010`` is ten, not YAML 1.1's octal eight), ``0o`` octal or ``0x`` hex."""
    _expect(CORE_INT, text)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


def core_float(text: str) -> float:
    """A decimal with an optional exponent, or ``.inf``, ``-.inf`` and ``.nan``."""
    _expect(CORE_FLOAT, text)
    if text.lower().endswith("inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan") if text.lower() == ".nan" else float(text)


def _expect(pattern: re.Pattern[str], text: str) -> None:
    """Refuse text its (explicit) tag cannot take: Python's ``int`` and ``float`` alone would
    take ``1_000`` and ``infinity``, which YAML 1.2 reads as text."""
    if not pattern.match(text):
        raise ValueError(text)


CORE_CONSTRUCTORS: dict[str, tuple[str, Callable[[str], Any] | None]] = {
    NULL: ("null", core_null),
    BOOL: ("boolean (true or false)", core_bool),
    INT: ("whole number", core_int),
    FLOAT: ("number", core_float),
    STR: ("text", str),
}
"""Core tag -> (what it holds, in words; how its text becomes a value by YAML 1.2)."""


def _is_merge_key(node: yaml.Node) -> bool:
    """``<<:``, YAML 1.1's merge key. YAML 1.2 reads a plain ``<<`` as the text "<<", but an
    editor who writes it means a merge: refused by name, not reported as an unknown key."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    plain = node.style in (None, "")  # libyaml marks a plain scalar "", PyYAML None
    return node.tag == MERGE or (node.tag == STR and plain and node.value == "<<")


class _Builder:
    """Turn a composed node graph into dicts, lists and scalars, recording positions."""

    def __init__(self, loader: yaml.SafeLoader, document: YamlDocument) -> None:
        self.loader = loader
        self.document = document
        self.seen: set[int] = set()

    def _fail(self, node: yaml.Node, message: str) -> YamlError:
        mark = node.start_mark
        return YamlError(
            Problem(
                self.document.file,
                mark.line + 1 + self.document.line_offset,
                mark.column + 1,
                message,
            )
        )

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if len(path) > MAX_DEPTH:
            raise self._fail(node, f"YAML is nested too deeply (more than {MAX_DEPTH} levels)")
        if id(node) in self.seen:
            raise self._fail(node, "YAML anchors and aliases are not supported in data files")
        self.seen.add(id(node))
        self.document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self._fail(node, f"unsupported YAML tag '{node.tag}'")
            return self._build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self._fail(node, f"unsupported YAML tag '{node.tag}'")
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        """Construct a scalar: the core tags by YAML 1.2's rules, any other tag (only an
        explicit one, such as ``!!timestamp``) by PyYAML, which refuses the unsafe ones; a
        value its tag cannot take (``!!int 1_000``, ``!!timestamp 2026-13-45``) is reported."""
        # Of PyYAML's other safe tags, only !!timestamp refuses a value with ValueError.
        kind, construct = CORE_CONSTRUCTORS.get(node.tag, ("date", None))
        try:
            if construct is not None:
                return construct(node.value)
            return self.loader.construct_object(node)
        except (ValueError, OverflowError):
            raise self._fail(node, f"not a valid {kind}: {node.value!r}") from None

    def _build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if _is_merge_key(key_node):
                raise self._fail(key_node, "YAML merge keys (<<) are not supported in data files")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "mapping keys must be plain text")
            key = str(self._scalar(key_node))
            if key in result:
                first_line = (
                    self.document.key_positions[(*path, key)][0] + self.document.line_offset
                )
                raise self._fail(
                    key_node, f"duplicate key '{key}' (first defined on line {first_line})"
                )
            self.document.key_positions[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, (*path, key))
        return result
