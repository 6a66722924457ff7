"""Whatever arrives in content/, data/ or templates/: a clear message, and the last good site.

Every case of ``tests/bad_inputs/`` (see its README) and every generated case below is applied
to a copy of the small fixture project that already holds a good ``build/``. ``build`` and
``check`` must then exit 1 with exactly the expected lines (one problem per line, sorted by
file and place, each naming ``file:line:col``), print no traceback, leave the previous
``build/`` byte for byte, and leave no temporary folder beside it. A few cases also run as real
processes (``python -m mlcareer_site``). The last test kills real builds of the full guide
with SIGKILL at several moments.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlcareer_site.build import build_site
from mlcareer_site.cli import main
from mlcareer_site.yamlfile import SAVE_AS_UTF8

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CONTROL_FILES = {"expected.txt", "delete.txt", "edits.json"}
PROBLEM_LINE = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): \S.*$")
SUMMARY_LINE = re.compile(
    r"^(?P<count>\d+) errors?(?: and (?P<warnings>\d+) warnings?)?; nothing was written"
    r"(?:; the pages are rendered, and links to headings checked, once these are fixed)?\.$"
)
TIME_LIMIT = 20.0
"""Seconds a hostile input may take to be refused (generous: refusing takes well under 1 s)."""


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(parent: Path, name: str = "build") -> list[str]:
    return sorted(
        p.name for p in parent.iterdir() if p.name.startswith((f".{name}.tmp-", f".{name}.old-"))
    )


# ---------------------------------------------------------------------------------------------
# Cases generated here because they are too big, or cannot be committed (folders, symlinks)
# ---------------------------------------------------------------------------------------------

ELEVEN_MB = 11 * 1024 * 1024


def _huge_data_file(project: Path) -> None:
    line = b"  - {id: x, title: padding padding padding padding padding padding padding}\n"
    (project / "data" / "sources.yaml").write_bytes(
        b"sources:\n" + line * (ELEVEN_MB // len(line) + 1)
    )


def _huge_content_file(project: Path) -> None:
    front = b"---\ntitle: Second page\ndescription: Huge.\n---\n"
    (project / "content" / "second.md").write_bytes(front + b"word " * (ELEVEN_MB // 5))


def _billion_laughs(project: Path) -> None:
    lines = ['lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"lol{i}: &a{i} [{refs}]")
    lines.append("sources: *a9")
    (project / "data" / "sources.yaml").write_text("\n".join(lines) + "\n")


def _deep_lists(project: Path) -> None:
    depth = 5000
    (project / "data" / "sources.yaml").write_text("sources: " + "[" * depth + "]" * depth + "\n")


def _deep_mappings(project: Path) -> None:
    depth = 3000
    (project / "data" / "sources.yaml").write_text(
        "sources: " + "{a: " * depth + "1" + "}" * depth + "\n"
    )


def _nul_byte(project: Path) -> None:
    path = project / "data" / "sources.yaml"
    path.write_text(path.read_text().replace("id: alpha", "id: alpha\x00"))


def _non_utf8_content(project: Path) -> None:
    # Generated rather than committed: a Latin-1 byte in a committed .md trips `ruff format`.
    (project / "content" / "second.md").write_bytes(
        b"---\ntitle: Second page\ndescription: Latin-1.\n---\nCaf\xe9 au lait.\n"
    )


def _data_file_is_a_folder(project: Path) -> None:
    (project / "data" / "sources.yaml").unlink()
    (project / "data" / "sources.yaml").mkdir()
    (project / "data" / "sources.yaml" / "inside.txt").write_text("not data")


def _content_file_is_a_folder(project: Path) -> None:
    (project / "content" / "extra.md").mkdir()


def _content_symlink_loop(project: Path) -> None:
    (project / "content" / "loop.md").symlink_to("loop.md")


def _links_out_of_the_project(project: Path) -> None:
    """A page, a block template and an asset that are links to files of the machine."""
    outside = project.parent / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\ndescription: Not ours.\n---\nKey.\n")
    (outside / "secret.html").write_text("<p>secret</p>\n")
    (project / "content" / "notes.md").symlink_to(outside / "secret.md")
    (project / "templates" / "blocks" / "leak.html").symlink_to(outside / "secret.html")
    (project / "templates" / "assets" / "leak.css").symlink_to(outside / "secret.html")
    # A link that stays inside the project is fine.
    (project / "content" / "also-index.txt").symlink_to("index.md")


ONE_ERROR = "1 error; nothing was written."
ONE_INPUT_ERROR = (
    "1 error; nothing was written; the pages are rendered, and links to headings"
    " checked, once these are fixed."
)
"""The summary after a mistake in data or content: the later stages did not run."""
GENERATED: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "gen-huge-data-file": (
        _huge_data_file,
        [
            "data/sources.yaml:1:1: file is 11.5 MB; input files are limited to 10 MB",
            ONE_INPUT_ERROR,
        ],
    ),
    "gen-huge-content-file": (
        _huge_content_file,
        [
            "content/second.md:1:1: file is 11.5 MB; input files are limited to 10 MB",
            ONE_INPUT_ERROR,
        ],
    ),
    "gen-billion-laughs": (
        _billion_laughs,
        [
            "data/sources.yaml:1:7: YAML anchors and aliases are not supported in data files",
            ONE_INPUT_ERROR,
        ],
    ),
    "gen-deep-nesting-lists": (
        _deep_lists,
        [r"re:data/sources\.yaml:1:\d+: .*(nest|deep).*", ONE_INPUT_ERROR],
    ),
    "gen-deep-nesting-mappings": (
        _deep_mappings,
        [r"re:data/sources\.yaml:1:\d+: .*(nest|deep).*", ONE_INPUT_ERROR],
    ),
    "gen-nul-byte": (
        _nul_byte,
        [
            r"re:data/sources\.yaml:2:14: YAML syntax error: .*(control character|#x0000|U\+0000).*",
            ONE_INPUT_ERROR,
        ],
    ),
    "gen-non-utf8-content": (
        _non_utf8_content,
        ["content/second.md:5:4: not valid UTF-8 (byte 0xe9); " + SAVE_AS_UTF8, ONE_INPUT_ERROR],
    ),
    "gen-data-file-is-a-folder": (
        _data_file_is_a_folder,
        [r"re:data/sources\.yaml:1:1: .*(folder|directory).*", ONE_INPUT_ERROR],
    ),
    "gen-content-file-is-a-folder": (
        _content_file_is_a_folder,
        [r"re:content/extra\.md:1:1: .*(folder|directory).*", ONE_INPUT_ERROR],
    ),
    "gen-links-out-of-the-project": (
        _links_out_of_the_project,
        [
            r"re:content/notes\.md:1:1: a symbolic link to .*/outside/secret\.md, outside .*",
            r"re:templates/assets/leak\.css:1:1: a symbolic link to .*/secret\.html, outside .*",
            r"re:templates/blocks/leak\.html:1:1: a symbolic link to .*/secret\.html, outside .*",
            "3 errors; nothing was written.",
        ],
    ),
    "gen-content-symlink-loop": (
        _content_symlink_loop,
        [r"re:content/loop\.md:1:1: .*(read|link).*", ONE_ERROR],
    ),
}
TIMED = {"gen-huge-data-file", "gen-huge-content-file", "gen-billion-laughs"}
"""Cases that must be refused quickly rather than parsed or expanded."""

CORPUS_CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
ALL_CASES = CORPUS_CASES + sorted(GENERATED)
SUBPROCESS_CASES = [
    "yaml-tab-indentation",
    "non-utf8-data",
    "jinja-syntax-error",
    "unknown-template",
    "crlf-data-and-content",
    "gen-billion-laughs",
    "gen-huge-data-file",
    "gen-deep-nesting-lists",
]


@dataclass
class Case:
    name: str
    expected: list[str]

    @property
    def passes(self) -> bool:
        return self.expected == ["OK"]


def apply_case(name: str, project: Path) -> Case:
    """Change ``project`` as the case says; return what the commands must print."""
    if name in GENERATED:
        writer, expected = GENERATED[name]
        writer(project)
        return Case(name, expected)
    folder = CORPUS / name
    for source in sorted(folder.rglob("*")):
        relative = source.relative_to(folder)
        if source.is_file() and relative.as_posix() not in CONTROL_FILES:
            target = project / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    edits = folder / "edits.json"
    if edits.exists():
        for edit in json.loads(edits.read_text(encoding="utf-8")):
            target = project / edit["file"]
            raw = target.read_bytes()
            if "old" in edit:
                text = raw.decode("utf-8")
                assert text.count(edit["old"]) == 1, f"{name}: edit {edit['old']!r} not found once"
                raw = text.replace(edit["old"], edit["new"]).encode("utf-8")
            if edit.get("crlf"):
                raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            if edit.get("bom"):
                raw = b"\xef\xbb\xbf" + raw
            target.write_bytes(raw)
    delete = folder / "delete.txt"
    if delete.exists():
        for line in delete.read_text().split("\n"):
            if line.strip():
                (project / line.strip()).unlink()
    return Case(name, (folder / "expected.txt").read_text(encoding="utf-8").splitlines())


def assert_lines(actual: str, expected: list[str]) -> None:
    """Every line equal (or, for ``re:`` lines, fully matched), in order, nothing more."""
    lines = actual.splitlines()
    mismatch = len(lines) != len(expected) or any(
        not re.fullmatch(want[3:], got) if want.startswith("re:") else got != want
        for got, want in zip(lines, expected, strict=False)
    )
    assert not mismatch, (
        "stderr differs\n--- actual ---\n" + actual + "--- expected ---\n" + "\n".join(expected)
    )


def assert_well_formed(stderr: str) -> None:
    """One problem per line as file:line:col, sorted by file and place, then the count."""
    lines = stderr.splitlines()
    assert lines, "no message at all"
    summary = SUMMARY_LINE.match(lines[-1])
    assert summary, f"last line is not the summary: {lines[-1]!r}"
    problems = [PROBLEM_LINE.match(line) for line in lines[:-1]]
    assert all(problems), f"a line is not 'file:line:col: message': {lines[:-1]}"
    assert int(summary["count"]) + int(summary["warnings"] or 0) == len(problems)
    places = [(m["file"], int(m["line"]), int(m["col"])) for m in problems if m]
    assert places == sorted(places), f"problems are not sorted by file and place: {places}"


@pytest.fixture
def project(mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project with a good build/ in it; the working folder is a scratch folder."""
    project = mini_project
    build_site(project)
    scratch = tmp_path / "cwd"
    scratch.mkdir()
    monkeypatch.chdir(scratch)
    return project


def run_cli(args: list[str]) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(main, args)
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.stdout, result.stderr, exception


def run_process(args: list[str]) -> tuple[int, str, str, BaseException | None]:
    completed = subprocess.run(
        [sys.executable, "-m", "mlcareer_site", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return completed.returncode, completed.stdout, completed.stderr, None


def check_case(name: str, project: Path, run: Callable[..., tuple]) -> None:
    out = project / "build"
    good = tree_digest(out)
    case = apply_case(name, project)
    for command in ("check", "build"):
        started = time.perf_counter()
        code, stdout, stderr, exception = run([command, "--project", str(project)])
        elapsed = time.perf_counter() - started
        where = f"{command} on case {name}"
        assert exception is None, f"{where}: unexpected {exception!r}"
        assert "Traceback" not in stdout + stderr, f"{where}: traceback\n{stderr}"
        if name in TIMED:
            assert elapsed < TIME_LIMIT, f"{where}: took {elapsed:.1f} s"
        if case.passes:
            assert code == 0, f"{where}: exit {code}\n{stderr}"
            assert stderr == "", f"{where}: {stderr}"
            assert stdout.startswith("OK: 3 pages" if command == "check" else "Built 3 pages")
        else:
            assert code == 1, f"{where}: exit {code}\nstdout: {stdout}\nstderr: {stderr}"
            assert stdout == "", f"{where}: {stdout}"
            assert_lines(stderr, case.expected)
            assert_well_formed(stderr)
        # A failed build keeps the last good site; a passing case here only changes line
        # endings or adds a BOM, so its new site must be the same bytes too.
        assert tree_digest(out) == good, f"{where}: the previous build/ changed"
        assert leftovers(project) == [], f"{where}: temporary folders left behind"
    assert not (project / "pwned").exists()
    assert not Path("pwned").exists()


@pytest.mark.parametrize("name", ALL_CASES)
def test_bad_input_through_the_cli(name: str, project: Path) -> None:
    check_case(name, project, run_cli)


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_bad_input_as_a_real_process(name: str, project: Path) -> None:
    check_case(name, project, run_process)


def test_the_corpus_is_complete() -> None:
    """Each corpus folder has its expected.txt; there are enough cases to mean something."""
    for name in CORPUS_CASES:
        expected = (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert expected, name
        assert expected == ["OK"] or SUMMARY_LINE.match(expected[-1]), name
        files = [
            p for p in (CORPUS / name).rglob("*") if p.is_file() and p.name not in CONTROL_FILES
        ]
        assert files or any(
            (CORPUS / name / f).exists() for f in CONTROL_FILES - {"expected.txt"}
        ), name
    assert len(ALL_CASES) >= 35


def test_json_check_output_names_every_place(project: Path) -> None:
    """``check --format json`` reports the same problems as data, and still exits 1."""
    apply_case("data-mistake-and-block-typos", project)
    code, stdout, _stderr, exception = run_cli(
        ["check", "--project", str(project), "--format", "json"]
    )
    assert exception is None
    assert code == 1
    report = json.loads(stdout)
    assert report["ok"] is False
    assert [(p["file"], p["line"], p["column"]) for p in report["problems"]] == [
        ("content/second.md", 10, 1),
        ("data/sources.yaml", 4, 12),
    ]


# ---------------------------------------------------------------------------------------------
# SIGKILL in the middle of a real build of the full guide
# ---------------------------------------------------------------------------------------------


def _set_marker(guide: Path, marker: str) -> None:
    """Make the inputs differ between two states, so old and new sites can be told apart."""
    index = guide / "content" / "index.md"
    text = index.read_text()
    text = re.sub(r"\n\nBuild marker \w+\.\n$", "\n", text)
    index.write_text(text.rstrip("\n") + f"\n\nBuild marker {marker}.\n")


def _start_build(guide: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mlcareer_site", "build", "--project", str(guide)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when(process: subprocess.Popen[bytes], guide: Path, moment: float | str) -> None:
    """Kill after ``moment`` seconds, or once the build's temporary folder holds N files
    (``"tmp+N"``), or once it has moved the old site aside (``"old"``)."""
    try:
        if isinstance(moment, str):
            prefix = ".build.old-" if moment == "old" else ".build.tmp-"
            prefix += f"{process.pid}-"
            wanted = 0 if moment == "old" else int(moment.removeprefix("tmp+"))
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and process.poll() is None:
                found = [p for p in guide.iterdir() if p.name.startswith(prefix)]
                if found and (wanted == 0 or _entries_in(found[0]) >= wanted):
                    break
        else:
            time.sleep(moment)
    finally:  # never leave a build running behind a failed test
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)


def _entries_in(folder: Path) -> int:
    """Count what a folder holds while the build may be renaming or deleting it under us.

    ``os.walk`` skips a folder that vanished mid-walk (``Path.rglob`` raises instead), and a
    folder swapped away counts what was seen so far, which is all the test needs.
    """
    return sum(len(dirs) + len(files) for _root, dirs, files in os.walk(folder))


def test_sigkill_mid_build_keeps_a_complete_site(repo_copy: Path, tmp_path: Path) -> None:
    guide = repo_copy
    reference: dict[str, dict[str, str]] = {}
    for marker in ("one", "two"):
        _set_marker(guide, marker)
        build_site(guide, tmp_path / f"ref-{marker}")
        reference[marker] = tree_digest(tmp_path / f"ref-{marker}")
    assert reference["one"] != reference["two"]
    _set_marker(guide, "one")
    build_site(guide)
    out = guide / "build"
    current = "one"

    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "mlcareer_site", "build", "--project", str(guide)],
        capture_output=True,
        check=False,
    )
    whole = time.perf_counter() - started
    assert completed.returncode == 0, completed.stderr.decode()
    assert tree_digest(out) == reference["one"]

    # Fixed delays (mostly still importing or validating), a share of a whole build's time,
    # then moments read off the disk: the temporary folder just made or part-written, and the
    # old site just moved aside (the instant between the two renames of the swap).
    moments: list[float | str] = [0.05, 0.15, 0.3, round(whole * 0.9, 3)]
    moments += ["tmp+0", "tmp+5", "tmp+15"] + ["old"] * 6
    outcomes = []
    for moment in moments:
        following = "two" if current == "one" else "one"
        _set_marker(guide, following)
        process = _start_build(guide)
        _kill_when(process, guide, moment)
        assert out.is_dir(), f"killed at {moment}: build/ is gone ({leftovers(guide)})"
        digest = tree_digest(out)
        if digest == reference[following]:
            outcomes.append((moment, process.returncode, "new"))
            current = following
        else:
            assert digest == reference[current], (
                f"killed at {moment}: build/ is neither the previous site nor the new one"
            )
            outcomes.append((moment, process.returncode, "old"))

    # The next normal build cleans up after the killed ones and succeeds.
    completed = subprocess.run(
        [sys.executable, "-m", "mlcareer_site", "build", "--project", str(guide)],
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    assert tree_digest(out) == reference[following]
    assert leftovers(guide) == [], outcomes


def assert_the_only_error_matches(project: Path, pattern: str) -> None:
    """``check`` fails with exactly one problem line, matching ``pattern``, no traceback."""
    done = CliRunner().invoke(main, ["check", "--project", str(project)])
    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    errors = done.output.splitlines()[:-1]
    assert len(errors) == 1, errors
    assert re.fullmatch(pattern, errors[0]), errors


def test_a_yaml_slip_is_reported_once_not_as_every_reference_into_the_file(
    repo_copy: Path,
) -> None:
    """Issue 17: one indentation slip in salaries.yaml printed 32 errors, the real one ninth."""
    salaries = repo_copy / "data" / "salaries.yaml"
    lines = salaries.read_text().split("\n")
    slip = next(n for n, line in enumerate(lines) if line.strip() == "title: Entry-Level")
    lines[slip] = "      title: Entry-Level"
    salaries.write_text("\n".join(lines))
    assert_the_only_error_matches(
        repo_copy,
        rf"data/salaries\.yaml:{slip + 1}:\d+: YAML syntax error: .*"
        r"\(\d+ references into data/salaries\.yaml not checked\)",
    )


def test_a_deleted_file_others_refer_to_is_reported_as_missing_once(repo_copy: Path) -> None:
    """Issue 17: a deleted sources.yaml printed 210 x "unknown source id" and never said so."""
    (repo_copy / "data" / "sources.yaml").unlink()
    assert_the_only_error_matches(
        repo_copy,
        r"data/sources\.yaml:1:1: required file is missing"
        r" \(\d+ references into data/sources\.yaml not checked\)",
    )
