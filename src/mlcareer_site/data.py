"""Load every ``data/*.yaml`` file and check it against its declared schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .schema import Checker, suggest
from .schemas import DATA_SCHEMAS
from .yamlfile import YamlError, load_yaml_file

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
            document = load_yaml_file(path, display)
        except YamlError as exc:
            checker.problems.extend([exc.problem])
            continue
        checker.document = document
        data[stem] = schema.check(document.value, (), checker)
    for stem in REQUIRED_DATA:
        if stem not in data and not (data_dir / f"{stem}.yaml").exists():
            checker.problems.error(
                display_path(data_dir / f"{stem}.yaml", project), 1, 1, "required file is missing"
            )
    return data
