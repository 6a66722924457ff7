"""Nothing outside the project is read or published: links that leave it are errors.

A pull request can add ``content/notes.md`` as a symbolic link to ``/etc/passwd`` or to a
file of the machine that builds it; followed, the build would publish that file. GitHub
Pages' Jekyll refuses symlinks in safe mode for this reason. Links that stay inside the
project (a shared image, a template used under two names) are fine.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problems

INPUT_FOLDERS = ("content", "data", "templates")


def check_links_stay_inside(project: Path, problems: Problems) -> None:
    """Report every symbolic link under the input folders that points outside the project."""
    root = project.resolve()
    for folder in INPUT_FOLDERS:
        top = project / folder
        if top.is_symlink():
            report_if_outside(top, root, project, problems)
            continue
        for link in symlinks_under(top):
            report_if_outside(link, root, project, problems)


def symlinks_under(top: Path) -> list[Path]:
    """Every symbolic link under ``top``, in name order, without following any: the folder
    listing says what is a link, so a thousand pages cost no extra system call each."""
    found, folders = [], [str(top)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                found.append(Path(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
    return sorted(found)


def report_if_outside(path: Path, root: Path, project: Path, problems: Problems) -> None:
    display = path.relative_to(project).as_posix()
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        problems.error(display, 1, 1, "a symbolic link that cannot be followed (a loop?)")
        return
    if target == root or target.is_relative_to(root):
        return
    message = (
        f"a symbolic link to {os.readlink(path)}, outside the project: nothing outside the"
        " project is read or published; copy the file into the project instead"
    )
    problems.error(display, 1, 1, message)
