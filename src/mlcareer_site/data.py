"""Load every ``data/*.yaml`` file and check it against its declared schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .schema import Checker, Reference, declared_collections, suggest
from .schemas import DATA_SCHEMAS
from .yamlfile import YamlError, parse_yaml, read_text

REQUIRED_DATA = ("site",)


def display_path(path: Path, project: Path) -> str:
    """Show paths relative to the project, as editors see them in their tree."""
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return path.as_posix()


def load_data(project: Path, checker: Checker) -> dict[str, Any]:
    """Return validated data keyed by file stem; problems go to ``checker``."""
    data_dir = project / "data"
    data: dict[str, Any] = {}
    paths = sorted([*data_dir.glob("*.yaml"), *data_dir.glob("*.yml")])
    for path in paths:
        display = display_path(path, project)
        stem = path.stem
        schema = DATA_SCHEMAS.get(stem)
        if schema is None:
            checker.problems.error(
                display,
                1,
                1,
                f"no schema is declared for data file '{path.name}'"
                f"{suggest(stem, DATA_SCHEMAS)} (known: {', '.join(sorted(DATA_SCHEMAS))})",
            )
            continue
        if stem in data:
            checker.problems.error(display, 1, 1, f"data file '{stem}' exists as .yaml and .yml")
            continue
        try:
            text = read_text(path, display)
        except YamlError as exc:
            checker.problems.extend([exc.problem])
            mark_unavailable(checker, schema, display)
            continue
        checked = replay_checked(display, text, checker)
        if checked is None:
            checked = check_data_file(display, text, schema, checker)
        if checked is not None:
            data[stem] = checked
        else:
            mark_unavailable(checker, schema, display)
    for stem, schema in DATA_SCHEMAS.items():
        if any((data_dir / f"{stem}{suffix}").exists() for suffix in (".yaml", ".yml")):
            continue
        if stem in REQUIRED_DATA or declared_collections(schema) & referred_collections(checker):
            display = display_path(data_dir / f"{stem}.yaml", project)
            checker.problems.error(display, 1, 1, "required file is missing")
            mark_unavailable(checker, schema, display)
    return data


def mark_unavailable(checker: Checker, schema: Any, display: str) -> None:
    """References into ``display``'s ids are not checked one by one: it could not be read."""
    for collection in declared_collections(schema):
        checker.unavailable.setdefault(collection, display)


def referred_collections(checker: Checker) -> set[str]:
    """The id collections the files read so far refer into."""
    return {ref.collection for ref in checker.references}


@dataclass(frozen=True)
class CheckedFile:
    """A data file that passed its schema: its value and what it declared and referred to."""

    value: Any
    declared: tuple[tuple[str, str, tuple[str, int]], ...]
    references: tuple[Reference, ...]


CHECKED: dict[tuple[str, str], CheckedFile] = {}
"""Data files checked without a problem, by (file, text): a ``serve`` rebuild re-parses
only the files that changed. Ids and references are replayed, so cross-file checks stay
whole; anything that would need a message is checked afresh instead."""
CHECKED_MAX = 1000


def check_data_file(display: str, text: str, schema: Any, checker: Checker) -> Any:
    """Parse and check one file; remember it when it raised no problem."""
    problems_before = len(checker.problems.items)
    references_before = len(checker.references)
    ids_before = {collection: set(known) for collection, known in checker.ids.items()}
    try:
        document = parse_yaml(text, display)
    except YamlError as exc:
        checker.problems.extend([exc.problem])
        return None
    checker.document = document
    value = schema.check(document.value, (), checker)
    if len(checker.problems.items) == problems_before:
        declared = tuple(
            (collection, name, where)
            for collection, known in checker.ids.items()
            for name, where in known.items()
            if name not in ids_before.get(collection, set())
        )
        if len(CHECKED) >= CHECKED_MAX:
            CHECKED.clear()
        CHECKED[display, text] = CheckedFile(
            value, declared, tuple(checker.references[references_before:])
        )
    return value


def replay_checked(display: str, text: str, checker: Checker) -> Any:
    """The remembered value of an unchanged file, its ids declared again; None to re-check
    (not seen, or one of its ids is now taken by another file: that needs its message)."""
    checked = CHECKED.get((display, text))
    if checked is None or any(
        name in checker.ids.get(collection, {}) for collection, name, _ in checked.declared
    ):
        return None
    for collection, name, where in checked.declared:
        checker.ids.setdefault(collection, {})[name] = where
    checker.references.extend(checked.references)
    return checked.value
