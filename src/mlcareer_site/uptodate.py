"""Skip a build whose inputs and output are exactly as the last build left them.

An editor runs ``build`` again and again; most of those runs change nothing. Like ``make``,
the build records a digest of everything the site is made from (every file of content/,
data/ and templates/, the options, and the generator's own version and code) together with
the size and modification time of every file it wrote. When the digest and the output
folder both still match, the site on disk is already the one this build would write, byte
for byte, so nothing is rendered or written again and the recorded summary is reported.
The record lives in the git-ignored cache folder; deleting it only costs one full build.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .cache import CACHE_DIR, fingerprint, generator_version, tree_fingerprint
from .errors import Problem

RECORD_PATH = CACHE_DIR / "last-build.json"
INPUT_FOLDERS = ("content", "data", "templates")


def input_trees(project: Path) -> dict[str, str]:
    """Digest of every entry (names and bytes) of each input folder."""
    return {folder: tree_fingerprint(project / folder) for folder in INPUT_FOLDERS}


def inputs_key(trees: dict[str, str], site_url: str | None, strict: bool) -> str:
    """Digest of the input folders and of the options that shape the site."""
    return fingerprint(generator_version(), site_url, strict, sorted(trees.items()))


def output_listing(out: Path) -> dict[str, list[int]]:
    """Every file of the output folder with its size and modification time."""
    listing: dict[str, list[int]] = {}
    for folder, _dirs, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            info = os.stat(path)
            listing[os.path.relpath(path, out)] = [info.st_size, info.st_mtime_ns]
    return listing


@dataclass
class BuildRecord:
    """What the last successful build was made from and what it wrote."""

    inputs: str
    out: str
    files: dict[str, list[int]]
    pages: int
    charts: int
    warnings: list[dict[str, object]]

    @classmethod
    def load(cls, project: Path) -> BuildRecord | None:
        try:
            saved = json.loads((project / RECORD_PATH).read_text(encoding="utf-8"))
            return cls(**saved)
        except (OSError, ValueError, TypeError):
            return None

    def save(self, project: Path) -> None:
        """Keep the record for the next build; a record that cannot be written is not kept."""
        path = project / RECORD_PATH
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(asdict(self)), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass

    def still_holds(self, inputs: str, out: Path) -> bool:
        """Same inputs, same output folder, and not a file of it touched since."""
        if inputs != self.inputs or str(out.resolve()) != self.out:
            return False
        try:
            return output_listing(out) == self.files
        except OSError:
            return False

    def problems(self) -> list[Problem]:
        return [Problem(**warning) for warning in self.warnings]  # type: ignore[arg-type]
