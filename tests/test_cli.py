"""The command line as a user meets it: through click's runner and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from mlcareer_site import __version__
from mlcareer_site.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_prints_one_summary_line(mini_project: Path) -> None:
    code, out, err = run("build", "--project", str(mini_project))
    assert code == 0, err
    assert out.startswith("Built 3 pages, 0 charts, 0 warnings in ")
    assert out.strip().endswith("build")
    assert (mini_project / "build" / "index.html").is_file()


def test_build_out_and_site_url(mini_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    code, _, err = run(
        "build",
        "--project",
        str(mini_project),
        "--out",
        str(out),
        "--site-url",
        "https://x.github.io/guide/",
    )
    assert code == 0, err
    assert (out / "sitemap.xml").is_file()


def test_invalid_input_exits_1_with_located_errors_only(mini_project: Path) -> None:
    (mini_project / "data" / "sources.yaml").write_text("sources:\n  - id: Bad Id\n")
    code, out, err = run("build", "--project", str(mini_project))
    assert code == 1
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert lines[0].startswith("data/sources.yaml:2:5: sources[0]: missing required key")
    assert lines[-1] == (
        "6 errors; nothing was written; the pages are rendered, and links to headings"
        " checked, once these are fixed."
    )
    assert not (mini_project / "build").exists()


def test_usage_errors_exit_2(mini_project: Path, tmp_path: Path) -> None:
    assert run("build", "--nope")[0] == 2
    assert run("build", "--project", str(mini_project), "--site-url", "ftp://x")[0] == 2
    assert run("build", "--project", str(tmp_path / "missing"))[0] == 2
    assert run("frobnicate")[0] == 2


def test_check_writes_nothing_and_treats_warnings_as_errors(mini_project: Path) -> None:
    code, out, _ = run("check", "--project", str(mini_project))
    assert code == 0
    assert out.startswith("OK: 3 pages, 0 charts, no problems")
    assert not (mini_project / "build").exists()
    page = mini_project / "content" / "index.md"
    page.write_text(page.read_text() + "\n[x](gone.md)\n")
    code, _, err = run("check", "--project", str(mini_project))
    assert code == 1
    assert "content/index.md:15:5: warning: link 'gone.md'" in err  # its column
    # The summary does not call the warning an error (issue 17): it says why it stops check.
    assert err.splitlines()[-1] == "1 warning, which counts as an error here; nothing was written."


def test_check_json_format(mini_project: Path) -> None:
    (mini_project / "data" / "sources.yaml").write_text("sources: 3\n")
    code, out, _ = run("check", "--project", str(mini_project), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    assert report["problems"][0] == {
        "file": "data/sources.yaml",
        "line": 1,
        "column": 10,
        "where": "sources",
        "message": "expected a list, got 3",
        "severity": "error",
    }


def test_version_and_help_on_every_command() -> None:
    for command in ([], ["build"], ["check"]):
        code, out, _ = run(*command, "--version")
        assert code == 0 and __version__ in out
        code, out, _ = run(*command, "--help")
        assert code == 0 and "Usage:" in out


def test_real_process_python_dash_m(mini_project: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mlcareer_site", "build", "--project", str(mini_project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Built 3 pages")


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``mlcareer-site`` console script, run as an editor runs it."""
    script = Path(sys.executable).with_name("mlcareer-site")
    return subprocess.run([str(script), *args], capture_output=True, text=True, timeout=120)


def test_real_process_console_script_builds_and_prints_through_a_pipe(mini_project: Path) -> None:
    """The script ends with os._exit: what it printed must still arrive, and the site be whole."""
    proc = run_script("build", "--project", str(mini_project))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Built 3 pages") and proc.stdout.endswith("\n")
    assert (mini_project / "build" / "index.html").read_text().rstrip().endswith("</html>")


def test_real_process_console_script_reports_errors(mini_project: Path) -> None:
    (mini_project / "data" / "site.yaml").write_text("title: [\n")
    proc = run_script("check", "--project", str(mini_project))
    assert proc.returncode == 1
    assert proc.stderr.startswith("data/site.yaml:2:1: YAML syntax error")
    assert "Traceback" not in proc.stderr


def test_the_real_guide_passes_check_with_warnings_as_errors() -> None:
    """The repository's own guide must stay clean: no problem, no dangling link or anchor."""
    repo = Path(__file__).resolve().parents[1]
    code, out, err = run("check", "--project", str(repo))
    assert code == 0, out + err
    completed = subprocess.run(
        [sys.executable, "-m", "mlcareer_site", "check", "--project", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def tree_state(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def test_check_writes_nothing_anywhere_in_the_project(mini_project: Path) -> None:
    """Issue 16, item 3: check wrote .cache/mlcareer-site/build.json and template bytecode."""
    before = tree_state(mini_project)
    code, _, err = run("check", "--project", str(mini_project))
    assert code == 0, err
    assert tree_state(mini_project) == before
    # After a build (a cache on disk), check reads it and still changes nothing.
    assert run("build", "--project", str(mini_project))[0] == 0
    (mini_project / "content" / "index.md").write_text(
        (mini_project / "content" / "index.md").read_text() + "\nOne more line.\n"
    )
    built = tree_state(mini_project)
    code, _, err = run("check", "--project", str(mini_project))
    assert code == 0, err
    assert tree_state(mini_project) == built


def test_a_mistake_in_the_offline_guide_template_is_one_line_for_build_and_check(
    repo_copy: Path,
) -> None:
    """It was a traceback (TemplateFailure) from both commands."""
    guide = repo_copy / "templates" / "guide.html"
    guide.write_text(guide.read_text().replace("{{ site.title }}", "{{ site.title.nope.x }}", 1))
    for command in ("build", "check"):
        result = CliRunner().invoke(main, [command, "--project", str(repo_copy)])
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "templates/guide.html:" in result.output and "nope" in result.output
        assert "Traceback" not in result.output
    assert not (repo_copy / "build").exists()
