"""Remember what a build produced, keyed by what it was made from, to skip repeat work.

A page is re-rendered only when something it used changed: its own Markdown and front matter,
the navigation, any template, the site URL, or one of the data files its blocks and charts
actually read (recorded while it rendered). Charts and converted Markdown are cached the same
way. ``serve`` keeps one cache in memory across rebuilds; ``build`` keeps it in
``.cache/mlcareer-site/`` beside the project (git-ignored, safe to delete). A different
generator (another package version, an edited module, another Markdown, Jinja2 or Plotly
release) starts from an empty cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from . import __version__
from .charts import Chart
from .filememo import FileMemo

CACHE_DIR = Path(".cache") / "mlcareer-site"
ALWAYS_USED = ("site", "sources")
"""Data every page reads through the layout (title, labels, footer, citations)."""


@functools.cache
def generator_version() -> str:
    """Who made the cached outputs: this package's version and code, and the libraries that
    shape the HTML and the charts. Editing a chart builder must not serve stale figures."""
    package = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for library in ("markdown", "jinja2", "plotly"):
        try:
            digest.update(f"{library}={installed_version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=?".encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def fingerprint(*parts: object) -> str:
    """A stable digest of plain values (repr of dicts is ordered, so builds repeat)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def tree_fingerprint(folder: Path) -> str:
    """Digest of every entry under ``folder``: its name, and its bytes when it is a file.

    Any template change invalidates every page. Folders and unreadable entries count too, so
    a folder named like a page, or a symlink loop, changes the digest (and gets reported).
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(file_digest(path))
    return digest.hexdigest()


FILE_DIGESTS: FileMemo[bytes] = FileMemo(limit=20_000)
"""Digests of unchanged files are not computed again (``serve`` digests the templates,
plotly.js among them, on every rebuild)."""


def file_digest(path: Path) -> bytes:
    """The sha256 of a file's bytes, or what stopped it being read (a folder, a loop)."""
    try:
        return FILE_DIGESTS.read(path, lambda content: hashlib.sha256(content).digest())
    except OSError as exc:
        return f"unreadable {exc.errno}".encode()


class TrackedData(Mapping[str, Any]):
    """The data mapping, noting which files a template or chart builder reads."""

    def __init__(self, data: Mapping[str, Any], used: set[str]) -> None:
        self._data = data
        self.used = used

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        self.used.update(self._data)
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@dataclass
class CachedPage:
    key: str
    used: dict[str, str]
    html: str
    links: list[str]
    charts: int


@dataclass
class CachedChart:
    used: dict[str, str]
    chart: Chart


@dataclass
class BuildCache:
    """Outputs of earlier builds; ``path`` is where ``build`` keeps it between runs."""

    path: Path | None = None
    pages: dict[str, CachedPage] = field(default_factory=dict)
    charts: dict[str, CachedChart] = field(default_factory=dict)
    markdown: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    search: dict[str, list[list[str]]] = field(default_factory=dict)
    """A page's search sections ([anchor, title, text]) keyed by a digest of its HTML."""
    version: str = field(default_factory=generator_version)
    runtime: dict[str, Any] = field(default_factory=dict)
    """Objects that live only in this process (the Jinja environment); never saved."""

    @classmethod
    def load(cls, path: Path) -> BuildCache:
        """Read a saved cache; anything unreadable or from another version is ignored.

        The cache is JSON, not pickle, so a planted cache file can never run code.
        """
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("version") != generator_version():
                return cls(path)
            return cls(
                path=path,
                pages={slug: CachedPage(**page) for slug, page in saved["pages"].items()},
                charts={
                    name: CachedChart(entry["used"], _chart_from_json(entry["chart"]))
                    for name, entry in saved["charts"].items()
                },
                markdown={key: (html, links) for key, (html, links) in saved["markdown"].items()},
                search=saved.get("search", {}),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def save(self) -> None:
        """Write the cache atomically; a cache that cannot be written is simply not kept."""
        if self.path is None:
            return
        saved = {
            "version": self.version,
            "pages": {slug: asdict(page) for slug, page in self.pages.items()},
            "charts": {
                name: {"used": entry.used, "chart": asdict(entry.chart)}
                for name, entry in self.charts.items()
            },
            "markdown": self.markdown,
            "search": self.search,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(saved), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass

    def still_valid(self, used: dict[str, str], data_hashes: dict[str, str]) -> bool:
        return all(data_hashes.get(name) == digest for name, digest in used.items())

    def prune(self, slugs: set[str], markdown_keys: set[str]) -> None:
        """Forget pages and Markdown that no longer exist, so the cache never only grows."""
        self.pages = {slug: page for slug, page in self.pages.items() if slug in slugs}
        self.markdown = {k: v for k, v in self.markdown.items() if k in markdown_keys}


def _chart_from_json(saved: dict[str, Any]) -> Chart:
    return Chart(saved["name"], saved["figure"], saved["meta"])
