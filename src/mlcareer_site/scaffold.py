"""``mlcareer-site init``: write a new, complete guide project that builds as it is.

The default guide (content, data, templates) ships inside the package under ``skeleton/``,
so a fork of the idea starts from a working site rather than an empty folder.
"""

from __future__ import annotations

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
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
