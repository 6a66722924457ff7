"""The pipeline end to end on the small fixture guide: output, atomicity, reproducibility."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from mlcareer_site.build import build_site, embed_json
from mlcareer_site.errors import BuildError
from mlcareer_site.write import MARKER, Staging


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def messages(exc: pytest.ExceptionInfo[BuildError]) -> list[str]:
    return [p.format() for p in exc.value.problems]


def test_build_writes_every_page_and_host_files(mini_project: Path) -> None:
    result = build_site(mini_project)
    out = mini_project / "build"
    assert result.pages == 3
    for name in (
        "index.html",
        "second.html",
        "sources.html",
        "404.html",
        ".nojekyll",
        "robots.txt",
        "assets/site.css",
        "assets/site.js",
        "assets/favicon.svg",
    ):
        assert (out / name).is_file(), name
    assert not (out / "sitemap.xml").exists()
    html = (out / "second.html").read_text()
    assert '<a href="index.html">home</a>' in html
    assert '<a href="second.html" aria-current="page">Second</a>' in html


def test_sitemap_and_canonical_when_site_url_is_given(mini_project: Path) -> None:
    build_site(mini_project, site_url="https://user.github.io/repo")
    out = mini_project / "build"
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://user.github.io/repo/second.html</loc>" in sitemap
    assert "<lastmod>2026-11-22</lastmod>" in sitemap
    assert (
        '<link rel="canonical" href="https://user.github.io/repo/second.html">'
        in (out / "second.html").read_text()
    )
    assert "Sitemap: https://user.github.io/repo/sitemap.xml" in (out / "robots.txt").read_text()


def test_two_builds_are_byte_identical(mini_project: Path, tmp_path: Path) -> None:
    build_site(mini_project, tmp_path / "one")
    build_site(mini_project, tmp_path / "two")
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_no_url_starts_at_the_server_root(mini_project: Path) -> None:
    build_site(mini_project)
    for page in (mini_project / "build").glob("*.html"):
        urls = re.findall(r'(?:href|src)="([^"]*)"', page.read_text())
        assert urls
        assert [u for u in urls if u.startswith("/")] == [], page.name


def test_internal_links_resolve(mini_project: Path) -> None:
    build_site(mini_project)
    out = mini_project / "build"
    for page in out.glob("*.html"):
        for url in re.findall(r'(?:href|src)="([^"#:]+)(?:#[^"]*)?"', page.read_text()):
            assert (out / url).is_file(), f"{page.name} -> {url}"


def test_broken_yaml_leaves_previous_build_untouched(mini_project: Path) -> None:
    build_site(mini_project)
    before = tree_digest(mini_project / "build")
    (mini_project / "data" / "sources.yaml").write_text("sources: [\n")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught)[0].startswith("data/sources.yaml:2:1: YAML syntax error")
    assert tree_digest(mini_project / "build") == before
    assert [p.name for p in mini_project.iterdir() if p.name.startswith(".build")] == []


def test_schema_error_leaves_previous_build_untouched(mini_project: Path) -> None:
    build_site(mini_project)
    before = tree_digest(mini_project / "build")
    path = mini_project / "data" / "sources.yaml"
    path.write_text(path.read_text().replace("short: Alpha", "short: 42"))
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == [
        "data/sources.yaml:4:12: sources[0].short: expected text, got 42 (YAML reads a bare 42 as"
        ' a number); put it in quotes: "42"'
    ]
    assert tree_digest(mini_project / "build") == before


def test_a_build_failing_after_pages_were_staged_keeps_the_site(
    mini_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are written into a hidden folder as they are rendered; a later failure (here
    --strict and a broken link, found after every page) removes that folder."""
    build_site(mini_project)
    before = tree_digest(mini_project / "build")
    staged: list[str] = []
    write_soon = Staging.write_soon
    monkeypatch.setattr(
        Staging,
        "write_soon",
        lambda self, path, data: [staged.append(path), write_soon(self, path, data)],
    )
    page = mini_project / "content" / "sources.md"
    page.write_text(page.read_text() + "\nSee [gone](gone.md).\n")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project, strict=True)
    assert "link 'gone.md' points to a page or file that does not exist" in messages(caught)[0]
    assert "sources.html" in staged and "index.html" in staged
    assert tree_digest(mini_project / "build") == before
    assert [p.name for p in mini_project.iterdir() if p.name.startswith(".build")] == []


def test_an_output_folder_that_cannot_be_made_is_one_line(mini_project: Path) -> None:
    (mini_project / "taken").write_text("a file where a folder should go")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project, out=mini_project / "taken" / "build")
    assert messages(caught) == [
        f"{mini_project / 'taken' / 'build'}:1:1: cannot write the site: File exists: "
        f"{mini_project / 'taken'}"
    ]


def test_files_of_an_earlier_build_never_linger(mini_project: Path) -> None:
    build_site(mini_project)
    (mini_project / "content" / "second.md").unlink()
    site = mini_project / "data" / "site.yaml"
    site.write_text(site.read_text().replace("  - second\n", ""))
    build_site(mini_project)
    assert not (mini_project / "build" / "second.html").exists()


def test_a_rebuild_links_the_files_it_would_write_again_and_writes_the_rest(
    mini_project: Path,
) -> None:
    """After a one-page edit, the other files of the site are the previous site's, linked;
    the edited page is written anew, and the previous site's folder is gone."""
    build_site(mini_project)
    out = mini_project / "build"
    before = {name: (out / name).stat().st_ino for name in ("index.html", "second.html")}
    page = mini_project / "content" / "second.md"
    page.write_text(page.read_text() + "\nA sentence added to the second page.\n")
    build_site(mini_project)
    assert (out / "index.html").stat().st_ino == before["index.html"]
    assert (out / "second.html").stat().st_ino != before["second.html"]
    assert "A sentence added to the second page." in (out / "second.html").read_text()
    assert (out / "index.html").stat().st_nlink == 1  # the old folder holds no copy
    assert tree_digest(out) == tree_digest(build_again_from_nothing(mini_project))


def test_a_file_the_previous_site_changed_or_links_elsewhere_is_written_anew(
    mini_project: Path, tmp_path: Path
) -> None:
    """Only a regular file of the previous site with the very bytes is linked: a file
    edited by hand in the output is written again, and a symlink there is never followed
    (its target, outside the site, stays untouched and unlinked)."""
    build_site(mini_project)
    out = mini_project / "build"
    right = (out / "index.html").read_bytes()
    (out / "index.html").write_bytes(right.replace(b"<title>", b"<title>X", 1))
    outside = tmp_path / "outside.html"
    outside.write_bytes((out / "second.html").read_bytes())
    (out / "second.html").unlink()
    (out / "second.html").symlink_to(outside)
    page = mini_project / "content" / "sources.md"
    page.write_text(page.read_text() + "\nOne more line.\n")
    build_site(mini_project)
    assert (out / "index.html").read_bytes() == right
    assert not (out / "second.html").is_symlink()
    assert outside.stat().st_nlink == 1
    assert tree_digest(out) == tree_digest(build_again_from_nothing(mini_project))


def build_again_from_nothing(project: Path) -> Path:
    """The same project built cold into a folder of its own."""
    copy = project.parent / f"{project.name}-cold"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build", ".cache"))
    build_site(copy)
    return copy / "build"


def test_leftovers_of_a_killed_build_are_removed(mini_project: Path) -> None:
    stale = mini_project / ".build.tmp-999999999-abc"
    stale.mkdir()
    (stale / "index.html").write_text("half")
    build_site(mini_project)
    assert not stale.exists()


def test_site_lost_between_renames_is_restored(mini_project: Path) -> None:
    build_site(mini_project)
    (mini_project / "build").rename(mini_project / ".build.old-999999999-abc")
    (mini_project / "content" / "index.md").write_text("no front matter\n")
    with pytest.raises(BuildError):
        build_site(mini_project)
    assert (mini_project / "build" / MARKER).exists()


def test_refuses_to_replace_a_folder_it_did_not_make(mini_project: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project, precious)
    assert "was not made by mlcareer-site" in messages(caught)[0]
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_refuses_to_write_over_the_project(mini_project: Path) -> None:
    with pytest.raises(BuildError) as caught:
        build_site(mini_project, mini_project)
    assert "contains the project" in messages(caught)[0]


def test_broken_link_is_a_warning_and_an_error_when_strict(mini_project: Path) -> None:
    page = mini_project / "content" / "second.md"
    page.write_text(page.read_text() + "\nSee [gone](missing.md) and [nowhere](index.md#nope).\n")
    result = build_site(mini_project)
    warnings = [w.format() for w in result.warnings]
    assert warnings == [
        "content/second.md:16:12: warning: link 'missing.md' points to a page or file that does not exist",
        "content/second.md:16:38: warning: link 'index.md#nope': no heading or element with id 'nope'",
    ]
    with pytest.raises(BuildError):
        build_site(mini_project, strict=True)


def test_a_broken_link_names_the_closest_page_or_heading(mini_project: Path) -> None:
    """Issue 17: a link is reported at its real column, with did-you-mean."""
    page = mini_project / "content" / "second.md"
    page.write_text(
        page.read_text() + "\nSee [a](secnd.md), [b](index.md#fact) and [c](gone.md).\n"
    )
    warnings = [w.format() for w in build_site(mini_project).warnings]
    assert warnings == [
        "content/second.md:16:9: warning: link 'secnd.md' points to a page or file that does not"
        " exist; did you mean 'second.md'?",
        "content/second.md:16:24: warning: link 'index.md#fact': no heading or element with id"
        " 'fact'; did you mean 'facts'?",
        "content/second.md:16:47: warning: link 'gone.md' points to a page or file that does not"
        " exist",
    ]


def test_a_link_in_the_wrong_case_names_the_right_one(mini_project: Path) -> None:
    """A Mac finds 'Second.md' and 'Favicon.svg'; GitHub Pages does not. A link written
    without '.md' is told the '.md' form, and is found where it stands, not inside an
    earlier link that starts the same."""
    page = mini_project / "content" / "second.md"
    page.write_text(
        page.read_text() + "\n[a](Second.md), [b](second) and ![c](assets/Favicon.svg).\n"
    )
    warnings = [w.format() for w in build_site(mini_project).warnings]
    missing = "points to a page or file that does not exist"
    assert warnings == [
        f"content/second.md:16:5: warning: link 'Second.md' {missing}; did you mean 'second.md'?",
        f"content/second.md:16:21: warning: link 'second' {missing}; did you mean 'second.md'?",
        f"content/second.md:16:38: warning: link 'assets/Favicon.svg' {missing}; did you mean"
        " 'assets/favicon.svg'?",
    ]


def test_root_relative_link_in_content_is_reported(mini_project: Path) -> None:
    page = mini_project / "content" / "index.md"
    page.write_text(page.read_text() + "\n[abs](/second.html)\n")
    warnings = [w.message for w in build_site(mini_project).warnings]
    assert any("starts at the server root" in w for w in warnings)


def test_markdown_without_front_matter(mini_project: Path) -> None:
    (mini_project / "content" / "second.md").write_text("# Just text\n")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == [
        "content/second.md:1:1: missing front matter: start the file with '---', then 'title:' "
        "and 'description:', then '---'"
    ]


def test_front_matter_that_is_not_a_mapping(mini_project: Path) -> None:
    (mini_project / "content" / "second.md").write_text("---\n- a\n- b\n---\nText\n")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == ["content/second.md:2:1: expected a mapping, got a list"]


def test_front_matter_errors_have_file_lines(mini_project: Path) -> None:
    (mini_project / "content" / "second.md").write_text(
        "---\ntitle: T\ndescription: D\nordr: 3\n---\nText\n"
    )
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == [
        "content/second.md:4:1: ordr: unknown key 'ordr'; did you mean 'order'?"
    ]


def test_unknown_block_and_chart_names_are_errors_at_their_line(mini_project: Path) -> None:
    page = mini_project / "content" / "second.md"
    page.write_text(page.read_text() + "\n::: sources-lst\n\n::: chart no-such-chart\n")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    found = messages(caught)
    assert found[0] == (
        "content/second.md:16:1: unknown block (templates/blocks/*.html) 'sources-lst'; "
        "did you mean 'sources-list'?"
    )
    assert found[1].startswith("content/second.md:18:1: unknown chart 'no-such-chart'")


def test_nav_entry_for_a_missing_page(mini_project: Path) -> None:
    site = mini_project / "data" / "site.yaml"
    site.write_text(site.read_text().replace("  - second\n", "  - secnd\n"))
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == [
        "data/site.yaml:19:5: nav[1]: unknown page id 'secnd'; did you mean 'second'?"
    ]


def test_template_typo_names_template_file_and_line(mini_project: Path) -> None:
    block = mini_project / "templates" / "blocks" / "sources-list.html"
    block.write_text(block.read_text().replace("source.title", "source.titel"))
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == [
        "templates/blocks/sources-list.html:3:1: template error: 'dict object' has no attribute "
        "'titel' (while rendering content/sources.md)"
    ]


def test_jinja_syntax_error(mini_project: Path) -> None:
    (mini_project / "templates" / "page.html").write_text("{% block main %}\n{{ oops(\n")
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught)[0].startswith("templates/page.html:")
    assert "template syntax error" in messages(caught)[0]


def test_template_that_includes_itself(mini_project: Path) -> None:
    (mini_project / "templates" / "blocks" / "sources-list.html").write_text(
        '{% include "blocks/sources-list.html" %}\n'
    )
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == [
        "templates/blocks/sources-list.html:1:1: templates include each other without end "
        "(while rendering content/sources.md)"
    ]


def test_embedded_json_cannot_close_its_script_element() -> None:
    text = embed_json({"label": "</script><script>alert('x')</script>&"})
    assert "</" not in text and "<" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text


def test_block_headings_get_anchors_and_join_the_toc(mini_project: Path) -> None:
    block = mini_project / "templates" / "blocks" / "sources-list.html"
    block.write_text("<h3>Les sources détaillées</h3>\n" + block.read_text())
    page = mini_project / "content" / "sources.md"
    page.write_text(page.read_text().replace("::: sources-list", "## 来源 🚀\n\n::: sources-list"))
    build_site(mini_project)
    html = (mini_project / "build" / "sources.html").read_text()
    assert '<h2 id="来源">来源 🚀<a class="heading-anchor" href="#来源"' in html
    assert '<h3 id="les-sources-détaillées">Les sources détaillées<a class="heading-anchor"' in html
    toc = html.split('class="page-toc-menu"')[1]
    assert 'href="#les-sources-détaillées"' in toc


def test_every_heading_gets_one_unique_id_in_document_order(mini_project: Path) -> None:
    """Markdown and block headings share one id space; h4 gets an id but no permalink."""
    block = mini_project / "templates" / "blocks" / "sources-list.html"
    block.write_text("<h2>Details</h2>\n<h4>Fine print</h4>\n" + block.read_text())
    page = mini_project / "content" / "sources.md"
    page.write_text(
        page.read_text().replace(
            "::: sources-list",
            "## Details\n\n#### Fine print\n\n## Kept {#chosen}\n\n::: sources-list\n\n## Details",
        )
    )
    build_site(mini_project)
    html = (mini_project / "build" / "sources.html").read_text()
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    ids = re.findall(r'<h[2-4] id="([^"]+)"', article)
    assert ids == ["details", "fine-print", "chosen", "details_1", "fine-print_1", "details_2"]
    assert '<h4 id="fine-print">Fine print</h4>' in html


def test_broken_link_inside_a_block_is_reported(mini_project: Path) -> None:
    block = mini_project / "templates" / "blocks" / "sources-list.html"
    block.write_text('<a href="nowhere.html">x</a>\n' + block.read_text())
    warnings = [w.format() for w in build_site(mini_project).warnings]
    assert warnings == [
        "content/sources.md:1:1: warning: link 'nowhere.html' points to a page or file that "
        "does not exist (in a block or the layout)"
    ]


def test_duplicate_ids_are_reported(mini_project: Path) -> None:
    block = mini_project / "templates" / "blocks" / "sources-list.html"
    block.write_text('<p id="details">a</p><p id="twice">b</p><p id="twice">c</p>\n')
    page = mini_project / "content" / "sources.md"
    page.write_text(page.read_text().replace("::: sources-list", "## Details\n\n::: sources-list"))
    warnings = [w.message for w in build_site(mini_project).warnings]
    assert "id 'twice' is used more than once" in warnings


def add_numbered_pages(project: Path, count: int) -> None:
    """A large site: ``count`` pages ordered by front matter (no ``nav`` list)."""
    site = project / "data" / "site.yaml"
    site.write_text(re.sub(r"nav:\n(  - .*\n)+", "", site.read_text()))
    for number in range(count):
        (project / "content" / f"page-{number:03}.md").write_text(
            f"---\ntitle: Page {number}\ndescription: Page {number}.\norder: {number + 10}\n---\n"
            f"Text of page {number}.\n"
        )


def test_navigation_stays_bounded_on_large_sites(mini_project: Path) -> None:
    add_numbered_pages(mini_project, 120)
    build_site(mini_project)
    out = mini_project / "build"
    sizes = []
    for name in ("page-000.html", "page-060.html", "page-119.html"):
        html = (out / name).read_text()
        nav = html.split('id="site-nav"')[1].split("</nav>")[0]
        assert nav.count("<li>") <= 40
        assert f'href="{name}" aria-current="page"' in nav
        sizes.append(len(html))
    assert max(sizes) - min(sizes) < 200
    middle = (out / "page-060.html").read_text()
    assert (
        'href="page-059.html" rel="prev"' in middle and 'href="page-061.html" rel="next"' in middle
    )


def test_a_title_change_on_a_large_site_re_renders_the_pages_that_show_it(
    mini_project: Path,
) -> None:
    """Each page lists a window of the navigation; renaming a page must re-render exactly
    the pages whose window shows it, and leave the site equal to a cold build."""
    from mlcareer_site.engine import Store

    add_numbered_pages(mini_project, 120)
    cache = Store.in_memory()
    first = build_site(mini_project, write=False, store=cache)
    renamed = mini_project / "content" / "page-100.md"
    renamed.write_text(renamed.read_text().replace("title: Page 100", "title: Renamed 100"))
    warm = build_site(mini_project, write=False, store=cache)
    cold = build_site(mini_project, write=False, store=Store.in_memory())
    assert warm.files is not None and cold.files is not None
    assert warm.files.files == cold.files.files
    showing = [
        path
        for path, html in cold.files.files.items()
        if path.startswith("page-") and b"Renamed 100" in html
    ]
    assert len(showing) >= 30
    # The pages whose window lists it (a layout may not print the window), not the site:
    assert len(showing) <= warm.rendered <= 41 + 3 < first.pages


def test_a_page_template_removed_between_builds_is_reported_at_its_line(
    mini_project: Path,
) -> None:
    """Parsed pages are remembered between builds of one process (``serve``); a template
    that disappears must still be reported, at the front matter line that names it."""
    layouts = mini_project / "templates"
    (layouts / "special.html").write_text((layouts / "page.html").read_text())
    second = mini_project / "content" / "second.md"
    second.write_text(
        second.read_text().replace(
            "nav_title: Second\n", "nav_title: Second\ntemplate: special.html\n"
        )
    )
    build_site(mini_project)
    (layouts / "special.html").unlink()
    with pytest.raises(BuildError) as failure:
        build_site(mini_project)
    assert [p.format() for p in failure.value.problems] == [
        "content/second.md:5:11: template: template 'special.html' not found in templates/;"
        " the layouts there: 404.html, base.html, guide.html, home.html, page.html, redirect.html"
    ]


def test_a_layout_not_found_is_never_matched_to_a_piece_that_layouts_include(
    mini_project: Path,
) -> None:
    """``_toc.html`` is included by layouts; a page cannot use it as its own. With no
    layout close to the name, the message lists those there are."""
    layouts = mini_project / "templates"
    (layouts / "_such.html").write_text("<nav></nav>")
    second = mini_project / "content" / "second.md"
    second.write_text(
        second.read_text().replace(
            "nav_title: Second\n", "nav_title: Second\ntemplate: nosuch.html\n"
        )
    )
    with pytest.raises(BuildError) as failure:
        build_site(mini_project)
    [message] = [p.format() for p in failure.value.problems]
    assert "_such.html" not in message
    names = sorted(p.name for p in layouts.glob("*.html") if not p.name.startswith("_"))
    assert message.endswith(f"; the layouts there: {', '.join(names)}"), message


def ignore_cache(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == ".cache"]


def test_unchanged_data_files_still_take_part_in_cross_file_checks(repo_copy: Path) -> None:
    """Data files checked once are remembered by their text (``serve`` re-reads only what
    changed); their references must still be checked against the files that did change."""
    build_site(repo_copy, write=False)
    sources = repo_copy / "data" / "sources.yaml"
    sources.write_text(sources.read_text().replace("- id: selfdriven\n", "- id: self-driven\n"))
    with pytest.raises(BuildError) as failure:
        build_site(repo_copy, write=False)
    unknown = [p for p in failure.value.problems if "unknown source id 'selfdriven'" in p.message]
    assert len(unknown) == 1  # said once, at its first use, with the other files it is used in
    assert unknown[0].file == "data/career_stages.yaml" and unknown[0].line > 1
    fresh = shutil.copytree(repo_copy, repo_copy.parent / "fresh", ignore=ignore_cache)
    with pytest.raises(BuildError) as cold:
        build_site(fresh, write=False)  # the same inputs, nothing remembered
    assert failure.value.problems == cold.value.problems


def test_a_renamed_page_keeps_its_old_address(mini_project: Path) -> None:
    """Issue 17: ``aliases:`` in front matter leaves a redirect page at each old address."""
    site = mini_project / "data" / "site.yaml"
    site.write_text(
        site.read_text().replace("  permalink:", '  moved_to: "Moved to:"\n  permalink:')
    )
    second = mini_project / "content" / "second.md"
    second.write_text(
        second.read_text().replace(
            "nav_title: Second\n", "nav_title: Second\naliases: [old-second, older]\n"
        )
    )
    result = build_site(mini_project)
    out = mini_project / "build"
    for old in ("old-second", "older"):
        html = (out / f"{old}.html").read_text()
        assert '<meta http-equiv="refresh" content="0; url=second.html">' in html
        assert '<a href="second.html">Second page</a>' in html and "Moved to:" in html
        assert '<meta name="robots" content="noindex">' in html
    assert result.pages == 3  # a redirect is not a page: not in search, sitemap or guide
    assert "old-second" not in (out / "assets" / "search-index.js").read_text()


def test_an_alias_that_is_taken_is_reported_at_its_line(mini_project: Path) -> None:
    second = mini_project / "content" / "second.md"
    second.write_text(
        second.read_text().replace("nav_title: Second\n", "nav_title: Second\naliases: [sources]\n")
    )
    with pytest.raises(BuildError) as caught:
        build_site(mini_project)
    assert messages(caught) == [
        "content/second.md:5:1: aliases: 'sources' is the page content/sources.md; an alias is an"
        " address no page has"
    ]


def test_editor_backups_in_content_are_neither_published_nor_errors(mini_project: Path) -> None:
    """Emacs leaves 'page.md~' and '#page.md#' beside the page being edited."""
    for name in ("second.md~", "#second.md#"):
        (mini_project / "content" / name).write_text("a backup\n")
    result = build_site(mini_project)
    assert result.warnings == []
    published = {p.name for p in (mini_project / "build").rglob("*")}
    assert "second.html" in published
    assert not {"second.md~", "#second.md#"} & published


@pytest.mark.parametrize(
    "markup",
    [
        '<h2 id="a">A</h2><p id="b"id="c" data-id="x" grid="y">',
        '<div\tid=\'d\'>\n<span\nid="e f"> xid="g" id="" id=\'h"',
        'id="start" <a href="#a" id="i">id="j"</a> <img\xa0id="k">',
    ],
)
def test_page_ids_are_the_values_of_id_attributes_after_white_space(markup: str) -> None:
    """The link check reads a page's ids with a quicker search than ``\\sid="..."``; it must
    find exactly what that pattern finds, in order, duplicates included."""
    from mlcareer_site.links import ids_in

    assert ids_in(markup) == re.findall(r"""\sid=["']([^"']+)["']""", markup)
