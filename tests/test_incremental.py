"""Incremental builds equal cold builds, byte for byte, whatever edits came before.

A Hypothesis state machine edits one project (pages added, edited, renamed and deleted; data
values, templates and the navigation changed) and after every step builds it three ways:

1. ``build_site`` into the same output folder every time, with the project's on-disk cache
   (``project/.cache/mlcareer-site``) warm from the previous steps;
2. ``serve.rebuild`` with one ``SiteState`` (its in-memory store) for the whole run;
3. a cold build of a fresh copy of ``content/``, ``data/`` and ``templates/`` (no cache).

The sites (every file's bytes) and the warnings of 1 and 2 must equal those of 3; when 3
fails with a ``BuildError``, 1 and 2 must fail with the same messages.

The project has more pages than ``PARALLEL_THRESHOLD``, so a cold build and a rebuild after a
layout edit render in worker processes. Some edits keep the file's size and modification time
(what ``cp -p``, ``rsync -t`` or ``touch -r`` leave behind). Those are made only once the
file's stat signature is trusted by the cache (its ctime older than the engine's racy window,
and a build that saved the store since), so the shortcut that skips reading an unchanged file
is the one under test.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from conftest import make_project
from mlcareer_site import engine, serve
from mlcareer_site.build import build_site
from mlcareer_site.errors import BuildError
from mlcareer_site.parallel import PARALLEL_THRESHOLD
from mlcareer_site.write import MARKER

GENERATED = 70
"""Small pages added to the mini fixture: with its three, more than the parallel threshold."""
FIXED = ("index", "second", "sources")
"""The fixture's pages: in the navigation (they must exist), never deleted or renamed."""
CLOCK = "clock"
"""A page edited only to give the warm build something to do (see ``trust_stat_of``)."""
RACY_WINDOW_NS = 100_000_000
"""The engine trusts a file by its stat signature once its ctime is older than its racy
window (``engine.RACY_NS``, 2 s: a file changed within one timestamp tick of being read could
change again unseen). The machine shortens it for its run, to 100 ms (still far above the
kernel's timestamp tick), so that waiting for it costs little, also when Hypothesis shrinks."""
MARGIN_NS = 50_000_000

TOKEN = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=4, max_size=4)
"""Same length as every token in the project: a swap keeps the file's size."""
WORDS = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=1, max_size=9)

TEMPLATES = {
    # template: the text after which a marker comment (and any visible text) is placed
    "templates/base.html": '<body class="page-{{ page.slug }}">',
    "templates/page.html": '{% block main %}\n<article class="page">',
    "templates/_toc.html": "{% macro toc_list(entries, nested=true) -%}\n<ol>",
    "templates/404.html": "<p>{{ page.description }}</p>",
    "templates/guide.html": '<body class="guide-offline">',
    "templates/blocks/sources-list.html": '<ul class="sources">',
    "templates/redirect.html": "<body>",
}
MARK = re.compile(r"<!--mark:([a-z]{4})-->")

DATA_VALUES = {
    # name: (file, line start, the value's fixed part); a token follows it
    "site title": ("data/site.yaml", "title: ", "Mini Guide"),
    "label next": ("data/site.yaml", "  next: ", "Next"),
    "label on this page": ("data/site.yaml", "  on_this_page: ", "On this page"),
    "label moved to": ("data/site.yaml", "  moved_to: ", "Moved to"),
    "source title": ("data/sources.yaml", "    title: ", "Alpha Article"),
    "source short": ("data/sources.yaml", "    short: ", "Alpha"),
}


def read_tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def site_difference(got: dict[str, bytes], want: dict[str, bytes]) -> str:
    """The paths that differ (and where the first one starts to), not the sites."""
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    changed = sorted(path for path in set(got) & set(want) if got[path] != want[path])
    lines = [f"missing: {missing}", f"extra: {extra}", f"differing: {changed}"]
    if changed:
        first, there = changed[0], got[changed[0]]
        cold = want[first]
        at = next(
            (index for index, (a, b) in enumerate(zip(there, cold, strict=False)) if a != b),
            min(len(there), len(cold)),
        )
        lines.append(f"{first} first differs at byte {at}:")
        lines.append(f"  here: {there[max(0, at - 80) : at + 80]!r}")
        lines.append(f"  cold: {cold[max(0, at - 80) : at + 80]!r}")
    return "\n".join(lines)


def anchor_of(heading: str) -> str:
    return heading.lower().replace(" ", "-")


class Page:
    """A page as the machine wrote it: front matter lines and body."""

    def __init__(self, front: dict[str, str], body: str) -> None:
        self.front, self.body = front, body

    @classmethod
    def parse(cls, text: str) -> Page:
        _, front, body = text.split("---\n", 2)
        pairs = (line.split(": ", 1) for line in front.splitlines())
        return cls(dict(pairs), body)

    def text(self) -> str:
        front = "".join(f"{key}: {value}\n" for key, value in self.front.items())
        return f"---\n{front}---\n{self.body}"

    @property
    def heading(self) -> str | None:
        found = re.search(r"^## (.+)$", self.body, re.M)
        return found.group(1) if found else None


class IncrementalEqualsCold(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="incremental-"))
        self.project = self.root / "project"
        self.out = self.root / "out-incremental"
        self.serve_state = serve.SiteState()
        self.touched: set[str] = set()
        """What changed since serve's last rebuild, as its file watcher reports it."""
        self.counter = 0
        self.checks = 0
        self.last_saved_build_ns = 0
        self.racy_ns = getattr(engine, "RACY_NS", None)
        if self.racy_ns is not None:
            engine.RACY_NS = RACY_WINDOW_NS
        # Without that setting (renamed?), wait out a 2 s window: slower, as thorough.
        window = RACY_WINDOW_NS if self.racy_ns is not None else 2_000_000_000
        self.trusted_after_ns = window + MARGIN_NS

    # ------------------------------------------------------------------ the project

    @initialize(data=st.data(), token=TOKEN)
    def make(self, data: st.DataObject, token: str) -> None:
        """The project, built, then one file edited as ``cp -p`` would (so every run has
        such an edit on a file the cache trusts by its stat signature)."""
        make_project(self.project, "mini")
        self.nav = list(FIXED)
        self.pages: dict[str, Page] = {}
        for slug in FIXED:
            page = Page.parse(self.path_of(slug).read_text())
            page.body += "\nRevision aaaa.\n"
            self.write_page(slug, page)
        for number in range(GENERATED):
            target = (number + 1) % GENERATED
            self.write_page(
                f"p-{number:03}",
                Page(
                    {"title": f"Page {number}", "description": f"Page {number}."},
                    f"## Part {number}\n\nText of [x](p-{target:03}.md#part-{target}).\n"
                    "\nRevision aaaa.\n",
                ),
            )
        self.write_page(CLOCK, Page({"title": "Clock", "description": "Ticks."}, "Tick 0.\n"))
        self.replace_in("data/site.yaml", "  permalink:", "  moved_to: Moved to\n  permalink:")
        for path, after in TEMPLATES.items():
            self.replace_in(path, after, after + "<!--mark:aaaa-->")
        for path, start, value in DATA_VALUES.values():
            self.replace_in(path, f"\n{start}{value}\n", f"\n{start}{value} aaaa\n")
        assert len(self.pages) > PARALLEL_THRESHOLD
        self.copy_keeping_mtime(data, token)

    def teardown(self) -> None:
        if self.racy_ns is not None:
            engine.RACY_NS = self.racy_ns
        shutil.rmtree(self.root, ignore_errors=True)

    def path_of(self, slug: str) -> Path:
        return self.project / "content" / f"{slug}.md"

    def write_page(self, slug: str, page: Page, keep_mtime: bool = False) -> None:
        self.pages[slug] = page
        self.write(self.path_of(slug), page.text(), keep_mtime)

    def replace_in(self, path: str, old: str, new: str, keep_mtime: bool = False) -> None:
        text = (self.project / path).read_text()
        assert text.count(old) == 1, (path, old)
        self.write(self.project / path, text.replace(old, new), keep_mtime)

    def note(self, *paths: Path) -> None:
        self.touched.update(path.relative_to(self.project).as_posix() for path in paths)

    def write(self, path: Path, text: str, keep_mtime: bool) -> None:
        """Write ``text`` in place; with ``keep_mtime``, as ``cp -p`` would: the mtime it
        had, and (the edits make sure of it) the same size, on a trusted stat signature."""
        if not keep_mtime:
            path.write_text(text)
            self.note(path)
            return
        self.trust_stat_of(path)
        before = os.stat(path)
        path.write_text(text)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        self.note(path)
        after = os.stat(path)
        assert after.st_mtime_ns == before.st_mtime_ns
        assert (after.st_size, after.st_ino) == (before.st_size, before.st_ino)
        event("edit keeping size and mtime")

    def trust_stat_of(self, path: Path) -> None:
        """Wait until the cache trusts ``path`` by its stat signature: its ctime older than
        the racy window when a build read it and saved the store (a build with nothing to
        do saves nothing: the clock page gives it something to do)."""
        ready = os.stat(path).st_ctime_ns + self.trusted_after_ns
        if self.last_saved_build_ns >= ready:
            return
        time.sleep(max(0, ready - time.time_ns()) / 1e9)
        self.counter += 1
        clock = self.pages[CLOCK]
        self.write_page(CLOCK, Page(clock.front, f"Tick {self.counter}.\n"))
        self.check_builds()
        assert self.last_saved_build_ns >= ready, "the warm build failed: nothing is trusted"

    def slugs(self) -> list[str]:
        return sorted(self.pages)

    def movable(self) -> list[str]:
        """Pages that may be deleted or renamed: none the navigation lists."""
        return sorted(slug for slug in self.pages if slug not in self.nav and slug != CLOCK)

    def new_slug(self) -> str:
        self.counter += 1
        return f"n-{self.counter:03}"

    # ------------------------------------------------------------------ rules: pages

    @rule(data=st.data(), heading=WORDS, valid_anchor=st.booleans())
    def add_page(self, data: st.DataObject, heading: str, valid_anchor: bool) -> None:
        target = data.draw(st.sampled_from(self.slugs()), label="links to")
        anchor = anchor_of(self.pages[target].heading or "none") if valid_anchor else "gone"
        slug = self.new_slug()
        self.write_page(
            slug,
            Page(
                {"title": f"New {heading}", "description": f"About {heading}."},
                f"## {heading}\n\nSee [{target}]({target}.md#{anchor}).\n\nRevision aaaa.\n",
            ),
        )

    @rule(
        data=st.data(),
        kind=st.sampled_from(["token", "note", "heading", "link"]),
        token=TOKEN,
        keep_mtime=st.booleans(),
    )
    def edit_body(self, data: st.DataObject, kind: str, token: str, keep_mtime: bool) -> None:
        slug = data.draw(st.sampled_from([s for s in self.slugs() if s != CLOCK]), label="page")
        page = self.pages[slug]
        if kind == "token":  # same size: may keep the mtime
            body = re.sub(r"Revision [a-z]{4}\.", f"Revision {token}.", page.body)
        elif kind == "note":
            keep_mtime = False
            body = page.body + f"\nA note: {token}.\n"
        elif kind == "heading" and page.heading is not None:
            keep_mtime = False
            body = page.body.replace(f"## {page.heading}\n", f"## Part {token}\n", 1)
        else:
            keep_mtime = False
            target = data.draw(st.sampled_from([*self.slugs(), "p-999"]), label="links to")
            heading = self.pages[target].heading if target in self.pages else None
            body = page.body + f"\nAlso [{target}]({target}.md#{anchor_of(heading or 'x')}).\n"
        if body != page.body:
            self.write_page(slug, Page(page.front, body), keep_mtime)

    @rule(data=st.data(), title=WORDS, field=st.sampled_from(["title", "description"]))
    def edit_front_matter(self, data: st.DataObject, title: str, field: str) -> None:
        slug = data.draw(st.sampled_from(self.slugs()), label="page")
        page = self.pages[slug]
        self.write_page(slug, Page({**page.front, field: f"Now {title}"}, page.body))

    @precondition(lambda self: len(self.movable()) > 4)
    @rule(data=st.data())
    def delete_page(self, data: st.DataObject) -> None:
        slug = data.draw(st.sampled_from(self.movable()), label="page")
        self.path_of(slug).unlink()
        self.note(self.path_of(slug))
        del self.pages[slug]

    @precondition(lambda self: len(self.movable()) > 4)
    @rule(data=st.data(), swap=st.booleans(), keep_address=st.booleans())
    def rename_page(self, data: st.DataObject, swap: bool, keep_address: bool) -> None:
        """Move a page to a new name (maybe keeping its old address with ``aliases:``), or
        swap two pages' files (each name then has the other file: its inode, size, mtime)."""
        first = data.draw(st.sampled_from(self.movable()), label="page")
        if swap:
            second = data.draw(
                st.sampled_from([s for s in self.movable() if s != first]), label="with"
            )
            parked = self.path_of("parked")
            os.rename(self.path_of(first), parked)
            os.rename(self.path_of(second), self.path_of(first))
            os.rename(parked, self.path_of(second))
            self.note(self.path_of(first), self.path_of(second), parked)
            self.pages[first], self.pages[second] = self.pages[second], self.pages[first]
        else:
            slug = self.new_slug()
            os.rename(self.path_of(first), self.path_of(slug))
            self.note(self.path_of(first), self.path_of(slug))
            page = self.pages.pop(first)
            self.pages[slug] = page
            if keep_address:
                kept = page.front.get("aliases", "[]").strip("[]").split(", ")
                aliases = ", ".join([alias for alias in kept if alias] + [first])
                self.write_page(slug, Page({**page.front, "aliases": f"[{aliases}]"}, page.body))

    # ------------------------------------------------------------------ rules: data, layout

    @rule(place=st.sampled_from(sorted(DATA_VALUES)), token=TOKEN, keep_mtime=st.booleans())
    def edit_data(self, place: str, token: str, keep_mtime: bool) -> None:
        path, start, value = DATA_VALUES[place]
        text = (self.project / path).read_text()
        new = re.sub(
            rf"^{re.escape(start + value)} [a-z]{{4}}$", f"{start}{value} {token}", text, flags=re.M
        )
        if new != text:
            self.write(self.project / path, new, keep_mtime)

    @rule(
        path=st.sampled_from(sorted(TEMPLATES)),
        token=TOKEN,
        visible=st.one_of(st.none(), WORDS),
        keep_mtime=st.booleans(),
    )
    def edit_template(self, path: str, token: str, visible: str | None, keep_mtime: bool) -> None:
        """Swap the marker's token (same size; maybe keeping the mtime too), or also add
        visible text after it."""
        text = (self.project / path).read_text()
        mark = f"<!--mark:{token}-->"
        new = MARK.sub(mark if visible is None else f"{mark}<b>{visible}</b>", text, count=1)
        if new == text:
            return
        self.write(self.project / path, new, keep_mtime and visible is None)

    @rule(data=st.data(), token=TOKEN)
    def copy_keeping_mtime(self, data: st.DataObject, token: str) -> None:
        """A template, data file or page given new content of the same size and the mtime it
        had (``cp -p``, ``rsync -t``, ``touch -r``, ``tar x``)."""
        kind = data.draw(st.sampled_from(["template", "data", "page"]), label="kind")
        if kind == "template":
            path = data.draw(st.sampled_from(sorted(TEMPLATES)), label="template")
            self.edit_template(path, token, visible=None, keep_mtime=True)
        elif kind == "data":
            place = data.draw(st.sampled_from(sorted(DATA_VALUES)), label="value")
            self.edit_data(place, token, keep_mtime=True)
        else:
            self.edit_body(data, "token", token, keep_mtime=True)

    @rule(data=st.data())
    def reorder_nav(self, data: st.DataObject) -> None:
        self.write_nav(data.draw(st.permutations(self.nav), label="nav"))

    @rule(data=st.data())
    def add_to_nav(self, data: st.DataObject) -> None:
        slug = data.draw(st.sampled_from(self.movable()), label="page")
        where = data.draw(st.integers(0, len(self.nav)), label="at")
        self.write_nav([*self.nav[:where], slug, *self.nav[where:]])

    @precondition(lambda self: len(self.nav) > len(FIXED))
    @rule(data=st.data())
    def remove_from_nav(self, data: st.DataObject) -> None:
        slug = data.draw(st.sampled_from([s for s in self.nav if s not in FIXED]), label="page")
        self.write_nav([s for s in self.nav if s != slug])

    def write_nav(self, nav: list[str]) -> None:
        old = "".join(f"  - {slug}\n" for slug in self.nav)
        self.replace_in(
            "data/site.yaml",
            f"\nnav:\n{old}",
            "\nnav:\n" + "".join(f"  - {slug}\n" for slug in nav),
        )
        self.nav = list(nav)

    # ------------------------------------------------------------------ the invariant

    @invariant()
    def builds_agree(self) -> None:
        self.check_builds()

    def check_builds(self) -> None:
        self.checks += 1
        started = time.time_ns()
        cold_site, cold_messages = self.cold_build()
        try:
            result = build_site(self.project, self.out)
        except BuildError as failed:
            here = [problem.format() for problem in failed.problems]
            assert cold_site is None, f"only the incremental build failed: {here}"
            assert here == cold_messages, "the incremental build's errors differ"
        else:
            assert cold_site is not None, f"only the cold build failed: {cold_messages}"
            warnings = [warning.format() for warning in result.warnings]
            assert warnings == cold_messages, "the incremental build's warnings differ"
            site = read_tree(self.out)
            if site != cold_site:
                raise AssertionError("incremental build:\n" + site_difference(site, cold_site))
            if result.revision is not None:  # None: nothing to do, nothing saved
                self.last_saved_build_ns = started

        # Told what changed, as its file watcher would tell it: it looks at nothing else,
        # and finds nothing it was not told of when it looks at every file afterwards.
        logged: list[str] = []
        serve.rebuild(self.project, self.serve_state, logged.append, set(self.touched))
        self.touched.clear()
        assert serve.UNREPORTED_CHANGE not in logged
        assert self.serve_state.problems == cold_messages, "serve's messages differ"
        if cold_site is not None:
            served = {path: serve.content_of(f) for path, f in self.serve_state.files.items()}
            cold_served = {path: data for path, data in cold_site.items() if path != MARKER}
            if served != cold_served:
                raise AssertionError("serve:\n" + site_difference(served, cold_served))

    def cold_build(self) -> tuple[dict[str, bytes] | None, list[str]]:
        """The site and messages of a build of a fresh copy (no cache): the files, or None
        and the errors when it fails."""
        copy = self.root / f"cold-{self.checks}"
        try:
            for name in ("content", "data", "templates"):
                shutil.copytree(self.project / name, copy / "project" / name)
            try:
                result = build_site(copy / "project", copy / "out")
            except BuildError as failed:
                return None, [problem.format() for problem in failed.problems]
            return read_tree(copy / "out"), [warning.format() for warning in result.warnings]
        finally:
            shutil.rmtree(copy, ignore_errors=True)


IncrementalEqualsCold.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    # The explain phase replays a failure many times under a line tracer: minutes here.
    phases=[phase for phase in Phase if phase is not Phase.explain],
)
TestIncrementalBuildsEqualColdBuilds = IncrementalEqualsCold.TestCase
