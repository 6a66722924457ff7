"""The build cache never changes the output: after any edit, a cached build equals a cold one."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mlcareer_site.build import CACHE_DIR, STORE_FILE, build_site
from mlcareer_site.engine import Store


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


EDITS: dict[str, Callable[[Path], None]] = {
    "markdown page": lambda p: replace_in(
        p / "content" / "interviews.md", "\n\n", "\n\nA new line.\n\n"
    ),
    "front matter title (navigation)": lambda p: replace_in(
        p / "content" / "future.md", "title:", "title: Next —"
    ),
    "data file used by a chart": lambda p: replace_in(
        p / "data" / "interview_stages.yaml", "Phone screen", "Phone call"
    ),
    "data file used by a block": lambda p: replace_in(
        p / "data" / "future.yaml", "name: ", "name: Renamed "
    ),
    "site settings": lambda p: replace_in(p / "data" / "site.yaml", "title: ", "title: The "),
    "block template": lambda p: replace_in(
        p / "templates" / "blocks" / "interview-stages.html", "<table", '<table data-x="1"'
    ),
    "layout template": lambda p: replace_in(
        p / "templates" / "base.html", "<footer", '<footer data-edited="yes"'
    ),
    "stylesheet": lambda p: replace_in(p / "templates" / "assets" / "site.css", ":root", ":root "),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_cached_build_after_an_edit_equals_a_cold_build(
    repo_copy: Path, tmp_path: Path, edit: str
) -> None:
    build_site(repo_copy, tmp_path / "warm")
    assert (repo_copy / CACHE_DIR / STORE_FILE).is_file()
    EDITS[edit](repo_copy)
    build_site(repo_copy, tmp_path / "warm")
    build_site(repo_copy, tmp_path / "cold", store=Store.in_memory())
    assert digest(tmp_path / "warm") == digest(tmp_path / "cold")


def test_edit_reaches_the_page_through_the_cache(repo_copy: Path, tmp_path: Path) -> None:
    build_site(repo_copy, tmp_path / "out")
    replace_in(repo_copy / "data" / "interview_stages.yaml", "Phone screen", "Phone call")
    build_site(repo_copy, tmp_path / "out")
    html = (tmp_path / "out" / "interviews.html").read_text()
    assert "Phone call" in html and "Phone screen" not in html


def test_corrupt_or_foreign_cache_is_ignored(repo_copy: Path, tmp_path: Path) -> None:
    build_site(repo_copy, tmp_path / "cold", store=Store.in_memory())
    cache_file = repo_copy / CACHE_DIR / STORE_FILE
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    for garbage in ('{"version": "0.0.0", "pages": {}}', "not json", '{"version": 1}'):
        cache_file.write_text(garbage)
        build_site(repo_copy, tmp_path / "out")
        assert digest(tmp_path / "out") == digest(tmp_path / "cold")


def test_cache_folder_is_safe_to_delete(repo_copy: Path, tmp_path: Path) -> None:
    build_site(repo_copy, tmp_path / "one")
    shutil.rmtree(repo_copy / ".cache")
    build_site(repo_copy, tmp_path / "two")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


def test_an_edit_re_renders_only_the_pages_it_affects(repo_copy: Path) -> None:
    cache = Store.in_memory()
    first = build_site(repo_copy, write=False, store=cache)
    assert first.rendered == first.pages == 14
    assert build_site(repo_copy, write=False, store=cache).rendered == 0
    replace_in(repo_copy / "content" / "future.md", "\n\n", "\n\nA new line.\n\n")
    assert build_site(repo_copy, write=False, store=cache).rendered == 1
    replace_in(repo_copy / "data" / "interview_stages.yaml", "Phone screen", "Phone call")
    assert build_site(repo_copy, write=False, store=cache).rendered == 1
    # The page's title is shown by the page alone (the others show its short title):
    replace_in(repo_copy / "content" / "future.md", "title:", "title: Next —")
    assert build_site(repo_copy, write=False, store=cache).rendered == 1
    # ...which every page shows in its sidebar, and two in their pager:
    replace_in(repo_copy / "content" / "future.md", "nav_title: Future", "nav_title: Ahead")
    assert build_site(repo_copy, write=False, store=cache).rendered == 14
    # A description is shown by the home page's list of sections only:
    replace_in(repo_copy / "content" / "future.md", "description: ", "description: Soon, ")
    again = build_site(repo_copy, write=False, store=cache)
    assert again.revision is not None
    assert sorted(again.revision.ran_steps("page")) == ["'future'", "'index'"]


def test_an_unchanged_project_is_not_built_again(mini_project: Path) -> None:
    """The second build of the same inputs into the same folder renders and writes nothing,
    and reports what the first one did, warnings included."""
    second = mini_project / "content" / "second.md"
    second.write_text(second.read_text() + "\nSee [nothing](missing.md).\n")
    first = build_site(mini_project)
    out = mini_project / "build"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = build_site(mini_project)
    assert again.files is None  # nothing was rendered
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    assert (again.pages, again.charts) == (first.pages, first.charts)
    assert [w.format() for w in again.warnings] == [w.format() for w in first.warnings]
    assert len(again.warnings) == 1


@pytest.mark.parametrize(
    "change",
    ["edit a data file", "add a content file", "edit the output", "delete an output file"],
)
def test_any_change_to_inputs_or_output_builds_again(
    mini_project: Path, tmp_path: Path, change: str
) -> None:
    build_site(mini_project)
    out = mini_project / "build"
    if change == "edit a data file":
        replace_in(mini_project / "data" / "site.yaml", "title: ", "title: New ")
    elif change == "add a content file":
        (mini_project / "content" / "third.md").write_text(
            "---\ntitle: Third\ndescription: A third page.\n---\nText.\n"
        )
    elif change == "edit the output":
        (out / "index.html").write_text("edited by hand")
    else:
        (out / "robots.txt").unlink()
    result = build_site(mini_project)
    assert result.files is not None
    cold = build_site(mini_project, tmp_path / "cold", store=Store.in_memory())
    assert digest(out) == digest(tmp_path / "cold")
    assert cold.pages == result.pages


SERVE_EDITS: list[tuple[str, Callable[[Path], None]]] = [
    (
        "a heading another page links to is renamed",
        lambda p: replace_in(
            p / "content" / "salaries.md", "## Salaries by experience level", "## Pay by level"
        ),
    ),
    (
        "an unrelated page is edited",
        lambda p: replace_in(p / "content" / "future.md", "\n\n", "\n\nMore.\n\n"),
    ),
    (
        "a link to a missing page is added",
        lambda p: replace_in(p / "content" / "roles.md", "\n\n", "\n\nSee [gone](gone.md).\n\n"),
    ),
    (
        "the heading gets its old name back",
        lambda p: replace_in(
            p / "content" / "salaries.md", "## Pay by level", "## Salaries by experience level"
        ),
    ),
    (
        "the missing page is created",
        lambda p: (p / "content" / "gone.md").write_text(
            "---\ntitle: Gone\ndescription: Back.\n---\nHere.\n"
        ),
    ),
    ("a page is deleted", lambda p: (p / "content" / "gone.md").unlink()),
    (
        "an image is added",
        lambda p: (p / "content" / "pic.svg").write_text(
            "<svg xmlns='http://www.w3.org/2000/svg'/>"
        ),
    ),
    ("a block template is edited", EDITS["block template"]),
    ("site settings change", EDITS["site settings"]),
    ("the stylesheet changes", EDITS["stylesheet"]),
]


def test_every_serve_rebuild_equals_a_cold_build(repo_copy: Path) -> None:
    """``serve`` keeps one cache in memory and reuses what each page, link check, search
    entry and static file made before; after every edit of a session, the site and its
    warnings must be exactly those of a cold build of the same files."""
    cache = Store.in_memory()
    build_site(repo_copy, write=False, store=cache)
    rendered = []
    for what, edit in SERVE_EDITS:
        edit(repo_copy)
        warm = build_site(repo_copy, write=False, store=cache)
        cold = build_site(repo_copy, write=False, store=Store.in_memory())
        assert warm.files is not None and cold.files is not None
        assert warm.files.files == cold.files.files, what
        assert [w.format() for w in warm.warnings] == [w.format() for w in cold.warnings], what
        rendered.append(warm.rendered)
    assert rendered[1] == 1  # an edit of one page re-rendered that page only


def test_editing_one_block_template_re_renders_only_the_pages_that_use_it(
    repo_copy: Path,
) -> None:
    """Issue 16, item 6: a page depends on the templates it loaded, not on every template."""
    cache = Store.in_memory()
    build_site(repo_copy, write=False, store=cache)
    replace_in(repo_copy / "templates" / "blocks" / "hubs.html", "<", "<!-- edited -->\n<")
    result = build_site(repo_copy, write=False, store=cache)
    assert result.revision is not None
    assert result.revision.ran_steps("page") == ["'job-market'"]
    # A template that every layout includes (through base.html) reaches every page:
    replace_in(repo_copy / "templates" / "_toc.html", "<", "<!-- edited -->\n<")
    again = build_site(repo_copy, write=False, store=cache)
    assert again.rendered == again.pages == 14
    cold = build_site(repo_copy, write=False, store=Store.in_memory())
    assert again.files is not None and cold.files is not None
    assert again.files.files == cold.files.files


def test_a_layout_that_shows_another_navigation_field_is_kept_current(repo_copy: Path) -> None:
    """Issue 16, item 5: what a page shows of the navigation is recorded field by field as
    the templates read it, so a layout that starts showing descriptions in the sidebar
    gets pages that change with the descriptions."""
    cache = Store.in_memory()
    build_site(repo_copy, write=False, store=cache)
    replace_in(
        repo_copy / "templates" / "base.html",
        "{{ item.short_title }}</a>",
        '{{ item.short_title }}<span class="hint">{{ item.description }}</span></a>',
    )
    build_site(repo_copy, write=False, store=cache)
    replace_in(repo_copy / "content" / "future.md", "description: ", "description: Soon, ")
    warm = build_site(repo_copy, write=False, store=cache)
    cold = build_site(repo_copy, write=False, store=Store.in_memory())
    assert warm.files is not None and cold.files is not None
    assert warm.files.files == cold.files.files
    assert warm.rendered == 14
    assert all(
        b"Soon, " in html
        for path, html in warm.files.files.items()
        if path in ("salaries.html", "roles.html")
    )


def test_two_stores_in_one_process_share_nothing(repo_copy: Path) -> None:
    """Issue 16, item 5: a new store is a cold build, whatever ran before in the process."""
    first = build_site(repo_copy, write=False, store=Store.in_memory())
    second = build_site(repo_copy, write=False, store=Store.in_memory())
    assert first.rendered == second.rendered == second.pages == 14


def test_a_template_cannot_change_the_data_in_place(repo_copy: Path) -> None:
    """Issue 16, item 5: data handed to templates (and chart builders) is read-only, so one
    template cannot change what every later page and rebuild reads."""
    from mlcareer_site.errors import BuildError

    block = repo_copy / "templates" / "blocks" / "hubs.html"
    block.write_text("{% set _ = data.sources.sources.append('x') %}" + block.read_text())
    with pytest.raises(BuildError) as caught:
        build_site(repo_copy, write=False, store=Store.in_memory())
    [problem] = caught.value.problems
    assert problem.file == "templates/blocks/hubs.html" and problem.line == 1
    assert "checked data is read-only" in problem.message


def test_another_markdown_jinja_or_plotly_bundle_starts_afresh(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The stored results name who made them: another release of a library that shapes the
    HTML, or another plotly.js bundle the site may ship, must not reuse them."""
    import jinja2
    import markdown

    from mlcareer_site import build

    def version() -> str:
        build.generator_version.cache_clear()
        return build.generator_version()

    first = version()
    assert version() == first
    monkeypatch.setattr(markdown, "__version__", "0.0-other")
    assert version() != first
    monkeypatch.undo()
    monkeypatch.setattr(jinja2, "__version__", "0.0-other")
    assert version() != first
    monkeypatch.undo()
    bundle = tmp_path / "plotly.min.js"
    bundle.write_text("/* another plotly.js */")
    monkeypatch.setattr(build, "plotly_bundle", lambda: bundle)
    assert version() != first
    monkeypatch.undo()
    assert version() == first


def test_a_one_page_edit_built_from_the_saved_store_reads_only_that_page(
    repo_copy: Path,
) -> None:
    """A deploy after a one-page edit (the store restored from the last one): the site is
    made from the saved outlines of the pages and the offline guide from the saved sections,
    so only the edited page's file is read and parsed again, and only its guide section is
    made again; the site equals a cold build's."""
    build_site(repo_copy)
    replace_in(repo_copy / "content" / "skills.md", "\n## ", "\nOne more sentence.\n\n## ")
    warm = build_site(repo_copy)
    assert warm.revision is not None
    assert warm.revision.ran_steps("page file") == ["'content/skills.md'"]
    assert warm.revision.ran_steps("guide section") == ["'skills'"]
    assert warm.revision.ran_steps("page") == ["'skills'"]
    built = digest(repo_copy / "build")
    shutil.rmtree(repo_copy / CACHE_DIR)
    build_site(repo_copy)
    assert digest(repo_copy / "build") == built
