"""``mlcareer-site init``: write a new, complete guide project that builds as it is.

The default guide (content, data, templates) ships inside the package under ``skeleton/``,
so a fork of the idea starts from a working site rather than an empty folder. The JSON
Schemas that editors read (``schemas/``, mapped in ``.vscode/settings.json``) are generated
here from the package's own declarations rather than copied, so they are never stale.
"""

from __future__ import annotations

import json
import shutil
from importlib.resources import as_file, files
from pathlib import Path

import click

COPIED = ("content", "data", "templates")


def init_project(target: Path) -> list[str]:
    """Copy the default guide into ``target``; refuse a folder that already has files."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise click.ClickException(
            f"'{target}' is not empty; choose a new or empty folder so nothing is overwritten"
        )
    with as_file(files("mlcareer_site") / "skeleton") as skeleton:
        target.mkdir(parents=True, exist_ok=True)
        for name in COPIED:
            shutil.copytree(skeleton / name, target / name, symlinks=False)
        shutil.copyfile(skeleton / "README.md", target / "README.md")
        shutil.copyfile(skeleton / "gitignore", target / ".gitignore")
        workflows = target / ".github" / "workflows"
        workflows.mkdir(parents=True)
        shutil.copyfile(skeleton / "pages.yml", workflows / "pages.yml")
    write_editor_files(target)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def write_editor_files(target: Path) -> None:
    """``schemas/*.schema.json`` and ``.vscode/settings.json`` mapping each data file of the
    project to its schema (the Red Hat YAML extension reads it; the modeline at the top of each
    data file does the same for other editors)."""
    from .schemafiles import SCHEMA_FOLDER, vscode_settings, write_schemas
    from .schemas import DATA_SCHEMAS

    write_schemas(target / SCHEMA_FOLDER)
    present = [name for name in DATA_SCHEMAS if (target / "data" / f"{name}.yaml").is_file()]
    settings = target / ".vscode" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(
        json.dumps(vscode_settings(present), indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
