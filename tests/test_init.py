"""`init` writes a complete guide project that builds as it is, and never overwrites."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlcareer_site.build import build_site
from mlcareer_site.cli import main


def test_init_then_build(tmp_path: Path) -> None:
    target = tmp_path / "new-guide"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    for name in (
        "README.md",
        ".gitignore",
        ".github/workflows/pages.yml",
        "data/site.yaml",
        "content/index.md",
        "templates/base.html",
    ):
        assert (target / name).is_file(), name
    built = build_site(target)
    assert built.pages >= 13
    assert (target / "build" / "index.html").is_file()


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.output
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert not (tmp_path / "data").exists()


def test_leftovers_of_a_killed_build_are_ignored_by_git(tmp_path: Path) -> None:
    """A build killed mid-way leaves its staging folder beside build/; git must not show it."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to check the .gitignore of a new project")
    target = tmp_path / "guide"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    for leftover in (".build.tmp-4242-abc123", ".build.old-4242-xyz"):
        (target / leftover).mkdir()
        (target / leftover / "index.html").write_text("x")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=target,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".build." not in status, status
    assert "content/index.md" in status  # git does see the project's own files
