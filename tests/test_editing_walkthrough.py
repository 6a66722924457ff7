"""The README's four common edits, done as a newcomer would: each builds and shows up."""

from __future__ import annotations

from pathlib import Path

from mlcareer_site.build import build_site


def insert_after(path: Path, anchor: str, text: str) -> None:
    content = path.read_text()
    assert content.count(anchor) == 1, (path, anchor)
    path.write_text(content.replace(anchor, anchor + text))


def test_the_four_edits_of_the_readme_build_and_show(repo_copy: Path) -> None:
    (repo_copy / "content" / "hiring-tips.md").write_text(
        "---\ntitle: Hiring tips\ndescription: One sentence for search results.\n---\n"
        "Some advice, with a link to [pay](salaries.md).\n"
    )
    insert_after(repo_copy / "data" / "site.yaml", "  - interviews\n", "  - hiring-tips\n")
    insert_after(
        repo_copy / "data" / "roadmap.yaml",
        "          - {id: python, name: Python}\n",
        "          - {id: docker, name: Docker}\n",
    )
    insert_after(
        repo_copy / "data" / "salaries.yaml",
        "figures:\n",
        "  - id: breakdown-entry-example\n    source: breakdown\n    level: entry\n"
        "    measure: salary-range\n    title: Example entry figure\n"
        "    range: {min: 81000, max: 99000}\n",
    )
    insert_after(
        repo_copy / "data" / "interview_stages.yaml",
        "stages:\n",
        "  - id: take-home\n    name: Take-home task\n    focus: A small project done at home\n",
    )
    result = build_site(repo_copy)
    out = repo_copy / "build"
    assert result.warnings == []
    assert "Some advice" in (out / "hiring-tips.html").read_text()
    assert 'href="hiring-tips.html"' in (out / "index.html").read_text()
    assert "Docker" in (out / "roadmap.html").read_text()
    assert "Example entry figure" in (out / "salaries.html").read_text()
    assert "Take-home task" in (out / "interviews.html").read_text()
