"""Property-based fuzzing of the data files: a located BuildError, or a site; nothing else.

(a) Random YAML documents (nested values dumped in block or flow style, near-valid source
records, YAML-ish token soup, raw text and raw bytes) become the mini project's
``data/sources.yaml``. (b) Random mutations of the real guide's data files (delete, duplicate
or re-indent a line, swap a value for a random token, truncate). Either way ``build_site``
must succeed or raise ``BuildError`` whose every problem reads ``data/...:line:col: message``
on one line. Any other exception is a bug.

Example counts (``max_examples``): 150 + 150 + 150 + 100 for (a), 100 for (b) (the real guide
builds in about half a second, so (b) stays smaller).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlcareer_site.build import build_site
from mlcareer_site.errors import BuildError

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Hypothesis's pytest plugin, while it reports a falsifying example, imports a module that
# warns; with filterwarnings=error that would hide the real failure behind an INTERNALERROR.
pytestmark = pytest.mark.filterwarnings(
    "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
)
LOCATED = re.compile(r"^data/[^:\n]+:\d+:\d+: [^\n]+$")

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    database=None,
)


def assert_builds_or_locates(project: Path) -> None:
    try:
        build_site(project, write=False)
    except BuildError as error:
        assert error.problems, "a BuildError without problems"
        for problem in error.problems:
            text = problem.format()
            assert LOCATED.match(text), f"not a located data problem: {text!r}"
            assert problem.line >= 1 and problem.column >= 1, text


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(REPO / "templates", target / "templates")
    shutil.copytree(FIXTURES / "mini", target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "guide"
    for name in ("content", "data", "templates"):
        shutil.copytree(REPO / name, target / name)
    return target


# ---------------------------------------------------------------------------------------------
# (a) random documents as data/sources.yaml of the mini project
# ---------------------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30
)  # no lone surrogates: they cannot be written as UTF-8
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.dates(),
    st.sampled_from(["alpha", "sources", "id", "title", "2026-13-45", "0x1F", "~", "null", "yes"]),
)
KEYS = st.one_of(
    st.sampled_from(
        [
            *["sources", "labels", "disagreements", "id", "title", "short", "file", "author"],
            *["url", "summary", "contributed", "topic", "text", "salaries", "titel"],
        ]
    ),
    TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)
    ),
    max_leaves=25,
)


def source_record() -> st.SearchStrategy[dict[str, Any]]:
    """A source record whose fields are sometimes right, sometimes anything at all."""
    right = {
        "id": st.sampled_from(["alpha", "beta", "Alpha", "a b", ""]),
        "title": st.one_of(TEXT, st.just("Alpha Article")),
        "short": st.one_of(TEXT, st.just("Alpha")),
        "file": st.just("alpha.txt"),
        "author": TEXT,
        "url": st.sampled_from(
            ["https://example.org/a", "javascript:alert(1)", "data:text/html,x", "//evil", "ftp:x"]
        ),
        "summary": TEXT,
        "contributed": st.lists(TEXT, max_size=3),
    }
    fields = {
        name: st.one_of(strategy, VALUES) if name != "file" else strategy
        for name, strategy in right.items()
    }
    return st.fixed_dictionaries(
        {k: v for k, v in fields.items() if k in ("id", "title", "file")},
        optional={k: v for k, v in fields.items() if k not in ("id", "title", "file")},
    )


NEAR_VALID = st.fixed_dictionaries(
    {"sources": st.lists(source_record(), max_size=3)},
    optional={"labels": st.dictionaries(TEXT, TEXT, max_size=2), "extra": VALUES},
)
TOKENS = st.lists(
    st.sampled_from(
        [
            *["sources", "id", "title", "alpha", ":", ": ", "- ", "-", "\n", "  ", "    ", "\t"],
            *["[", "]", "{", "}", ",", "&a ", "*a", "!!python/object:os.system ", "!x ", "'", '"'],
            *["#", "---\n", "...\n", "|\n", ">-\n", "<<: ", "? ", "%YAML 1.2\n", "\\", "\x00"],
            *["\ufeff", "\r\n", "é", "😀", "2026-01-01", "0o17", ".inf", "~"],
        ]
    ),
    max_size=60,
).map("".join)


def dump(value: Any, flow: bool, width: int) -> str:
    return yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True, width=width)


def write_sources(mini: Path, content: str | bytes) -> None:
    path = mini / "data" / "sources.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


@settings(FUZZ, max_examples=150)
@given(value=VALUES, flow=st.booleans(), width=st.sampled_from([20, 80, 10_000]))
def test_random_yaml_values(mini: Path, value: Any, flow: bool, width: int) -> None:
    write_sources(mini, dump(value, flow, width))
    assert_builds_or_locates(mini)


@settings(FUZZ, max_examples=150)
@given(value=NEAR_VALID, flow=st.booleans())
def test_near_valid_sources(mini: Path, value: dict[str, Any], flow: bool) -> None:
    write_sources(mini, dump(value, flow, 80))
    assert_builds_or_locates(mini)


@settings(FUZZ, max_examples=150)
@given(text=st.one_of(TOKENS, st.text(alphabet=st.characters(blacklist_categories=("Cs",)))))
def test_yaml_token_soup_and_raw_text(mini: Path, text: str) -> None:
    write_sources(mini, text)
    assert_builds_or_locates(mini)


@settings(FUZZ, max_examples=100)
@given(
    data=st.binary(max_size=200),
    prefix=st.sampled_from([b"", b"sources:\n  - id: ", b"\xef\xbb\xbf"]),
)
def test_raw_bytes(mini: Path, data: bytes, prefix: bytes) -> None:
    write_sources(mini, prefix + data)
    assert_builds_or_locates(mini)


# ---------------------------------------------------------------------------------------------
# (b) random mutations of the real guide's data files
# ---------------------------------------------------------------------------------------------

DATA_FILES = sorted(p.name for p in (REPO / "data").glob("*.yaml"))
RANDOM_TOKENS = st.one_of(
    st.sampled_from(
        [
            *["", "0", "-1", "1e309", "true", "null", "[]", "{}", "x", "'", '"', "&a", "*a", "["],
            *[":", "2026-02-30", "breakdown", "entry", "javascript:alert(1)", "<script>"],
            *["{{ x }}", "999999999999", "- a", "!!binary x", "| ", "é"],
        ]
    ),
    TEXT,
)
SCALAR_VALUE = re.compile(r"^(?P<head>\s*(?:- )?[A-Za-z0-9_-]+:\s+|\s*- )(?P<value>\S.*)$")


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(DATA_FILES))
    lines = (REPO / "data" / name).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "indent", "swap", "truncate"]))
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            break
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "indent":
            shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
            line = lines[index]
            lines[index] = line[-shift:] if shift < 0 else " " * shift + line
            if shift < 0 and not line.startswith(" " * -shift):
                lines[index] = line.lstrip()
        elif kind == "swap":
            match = SCALAR_VALUE.match(lines[index])
            token = draw(RANDOM_TOKENS)
            lines[index] = (match["head"] if match else lines[index] + " ") + token
        else:
            cut = draw(st.integers(0, len("\n".join(lines))))
            lines = "\n".join(lines)[:cut].split("\n")
    return name, "\n".join(lines)


@settings(FUZZ, max_examples=100)
@given(mutation=mutations())
def test_mutated_real_data(guide: Path, mutation: tuple[str, str]) -> None:
    name, text = mutation
    path = guide / "data" / name
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        assert_builds_or_locates(guide)
    finally:
        path.write_bytes(original)
