"""`init` writes a complete guide project that builds as it is, and never overwrites."""

from __future__ import annotations

from pathlib import Path

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
