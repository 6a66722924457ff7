"""Render pages and blocks with Jinja2, turning template mistakes into located problems.

The environment uses autoescape and StrictUndefined: a typo in a template or a missing data
key fails the build with the template's file and line instead of printing an empty string.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import traceback
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .content import HTML_BLOCK_START, BlockRef, Page
from .engine import Reads, Revision
from .errors import Problem
from .filters import make_filters
from .parallel import can_fork
from .schema import LocatedMapping, suggest
from .schemas import DATA_SCHEMAS
from .sources import TEMPLATES_DIR, DataReads


@dataclass
class TemplateFailure(Exception):
    problem: Problem


class MissingDataKey(jinja2.UndefinedError):
    """A template asked a data mapping (such as ``labels``) for a key it does not have."""

    def __init__(self, owner: LocatedMapping, name: str) -> None:
        super().__init__(f"missing key '{name}'")
        self.owner, self.name = owner, name


class MissingDataFile(jinja2.UndefinedError):
    """A template read a data file (``data.sources``) that the project does not have."""

    def __init__(self, name: str) -> None:
        super().__init__(f"missing data file '{name}'")
        self.name = name


class DataUndefined(jinja2.StrictUndefined):
    """StrictUndefined that blames the data file when the missing key belongs to its mapping."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        owner = self._undefined_obj
        if isinstance(owner, LocatedMapping) and isinstance(self._undefined_name, str):
            raise MissingDataKey(owner, self._undefined_name)
        if isinstance(owner, DataReads) and self._undefined_name in DATA_SCHEMAS:
            raise MissingDataFile(str(self._undefined_name))
        return super()._fail_with_undefined_error(*args, **kwargs)


for _name, _value in {**vars(jinja2.Undefined), **vars(jinja2.StrictUndefined)}.items():
    if (
        _value is jinja2.Undefined._fail_with_undefined_error
        and _name != "_fail_with_undefined_error"
    ):
        setattr(DataUndefined, _name, DataUndefined._fail_with_undefined_error)


class RecordingLoader(jinja2.BaseLoader):
    """Templates read through the build's revision: a compiled template stays in use while
    the digest of its file's bytes is the same (Jinja's own loader trusts the modification
    time, which ``cp -p``, ``rsync -t`` or ``tar`` keep while the content changes)."""

    def __init__(self, templates_dir: Path) -> None:
        self.templates_dir = templates_dir
        self.revision: Revision | None = None

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = template_path(template)
        revision = self.revision
        assert revision is not None, "templates are read within a revision"
        content, digest = revision.read_file(path)
        if content is None:
            raise jinja2.TemplateNotFound(template)
        loaded_by = revision

        def uptodate() -> bool:
            current = self.revision
            return current is loaded_by or (
                current is not None and current.file_digest(path) == digest
            )

        filename = str(self.templates_dir / template)
        return content.decode("utf-8", "replace"), filename, uptodate

    def list_templates(self) -> list[str]:
        return sorted(
            path.relative_to(self.templates_dir).as_posix()
            for path in self.templates_dir.rglob("*")
            if path.is_file()
        )


def template_path(name: str) -> str:
    """The project path of template ``name`` (Jinja refuses names with ``..``)."""
    return "/".join(["templates", *jinja2.loaders.split_template_path(name)])


class RecordingEnvironment(jinja2.Environment):
    """An environment that records, for the step rendering, every template it loads: the
    one rendered, and each one it extends, includes or imports."""

    readers: list[Reads]

    @contextlib.contextmanager
    def recording(self, reads: Reads) -> Iterator[None]:
        self.readers.append(reads)
        try:
            yield
        finally:
            self.readers.pop()

    def _load_template(
        self, name: str, globals: MutableMapping[str, Any] | None
    ) -> jinja2.Template:
        if self.readers:
            try:
                path = template_path(name)
            except jinja2.TemplateNotFound:
                path = None
            if path is not None:
                self.readers[-1].exists(path)  # recorded by the digest of its bytes
        return super()._load_template(name, globals)


def make_environment(templates_dir: Path, bytecode_dir: Path | None = None) -> RecordingEnvironment:
    """Create a Jinja environment; templates compile once and are reused.

    ``bytecode_dir`` keeps compiled templates between processes, so a warm ``build`` does
    not compile them again; a changed template is recompiled (Jinja checks its source).
    """
    bytecode_cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = jinja2.FileSystemBytecodeCache(str(bytecode_dir))
    env = RecordingEnvironment(
        loader=RecordingLoader(templates_dir),
        autoescape=True,
        undefined=DataUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
        auto_reload=True,
    )
    env.readers = []
    return env


def set_filters(env: jinja2.Environment, site: dict[str, Any], sources: dict[str, Any]) -> None:
    """Bind the filters to this build's currency symbol and sources."""
    env.filters.update(make_filters(site, sources))


TEMPLATE_SUFFIX = ".html"
COMPILE_SHARE_MIN = 16
"""Templates to compile at the least before a second process helps."""


def compile_on_two_cores(env: jinja2.Environment) -> None:
    """Compile every template before rendering, half of them in a forked process.

    Compiling is a third of a cold build of the guide (76 templates, ~4 ms each), and it
    happens before anything else can use the second core. So in a cold build (the on-disk
    bytecode cache is empty) a forked process compiles every other template into that cache
    and exits; this process compiles the rest, then loads those from the cache as they are
    needed. A template that fails to compile is skipped here: rendering meets it again and
    reports it at its line.
    """
    cache = env.bytecode_cache
    if not isinstance(cache, jinja2.FileSystemBytecodeCache) or not _is_empty(cache.directory):
        return  # no cache to share through, or a warm one: templates load from it quickly
    if not can_fork():
        return
    names = [
        name
        for name in env.list_templates()
        if name.endswith(TEMPLATE_SUFFIX) and not name.startswith("assets/")
    ]
    if len(names) < COMPILE_SHARE_MIN:
        return
    child = os.fork()
    if child == 0:
        try:
            _compile_each(env, names[1::2])
        finally:
            os._exit(0)
    try:
        _compile_each(env, names[::2])
    finally:
        os.waitpid(child, 0)


def _is_empty(folder: str) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _compile_each(env: jinja2.Environment, names: list[str]) -> None:
    for name in names:
        try:
            env.get_template(name)
        except Exception:  # reported where the template is rendered
            continue


def template_syntax_problems(revision: Revision) -> list[Problem]:
    """Every template's syntax mistakes, found without rendering: what can still be checked
    when the data the pages need has mistakes of its own (all is reported in one run)."""
    env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    problems = []
    for name in revision.tree("templates"):
        if not name.endswith(TEMPLATE_SUFFIX) or name.startswith("assets/"):
            continue
        path = f"templates/{name}"
        content, _ = revision.read_file(path)
        try:
            env.parse((content or b"").decode("utf-8", "replace"), name, path)
        except jinja2.TemplateSyntaxError as exc:
            message = f"template syntax error: {exc.message}"
            problems.append(Problem(path, exc.lineno or 1, 1, message))
    return problems


def embed_json(value: Any) -> Markup:
    """JSON that is safe inside <script>: no '<', '>' or '&' can end the element early."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


def locate_template_error(
    exc: BaseException, templates_dir: Path, project: Path
) -> tuple[str, int]:
    """Find the template file and line a rendering error came from."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return _display(Path(exc.filename), project), exc.lineno or 1
    templates_root = str(templates_dir.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(templates_root):
            return _display(Path(frame.filename), project), frame.lineno or 1
    return TEMPLATES_DIR, 1


def _display(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


UNKNOWN_NAME = re.compile(r"No (filter|test) named '([^']+)'")


def describe_exception(exc: BaseException, env: jinja2.Environment | None = None) -> str:
    """The mistake in a sentence; an unknown filter or test gets did-you-mean."""
    unknown = (
        UNKNOWN_NAME.search(str(exc.message or ""))
        if isinstance(exc, jinja2.TemplateSyntaxError)
        else None
    )
    if unknown and env is not None:
        known = env.filters if unknown[1] == "filter" else env.tests
        return f"template syntax error: {exc.message.rstrip('.')}{suggest(unknown[2], known)}"
    if isinstance(exc, RecursionError):
        return "templates include each other without end"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template '{exc.name}' not found"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"template error: {exc.message}"
    return f"template error: {type(exc).__name__}: {exc}"


INTERNAL_TYPE = re.compile(
    r"'mlcareer_site\.[\w.]*\.(?:FrozenDict|FrozenList|LocatedMapping|Page) object'"
)
PLAIN_TYPE = {"FrozenDict": "dict", "FrozenList": "list", "LocatedMapping": "dict", "Page": "page"}
"""Checked data is frozen; an editor reads it as the mapping or list they wrote (and the
page as ``page``, the name templates give it)."""


def plain_type(found: re.Match[str]) -> str:
    name = found.group(0).rsplit(".", 1)[1].split(" ")[0]
    return f"'{PLAIN_TYPE[name]} object'"


class Renderer:
    """Render templates by name, converting any failure into a TemplateFailure."""

    def __init__(self, env: jinja2.Environment, templates_dir: Path, project: Path) -> None:
        self.env = env
        self.templates_dir = templates_dir
        self.project = project

    def render(self, name: str, context: dict[str, Any], while_doing: str) -> str:
        try:
            return self.env.get_template(name).render(context)
        except Exception as exc:  # any template bug becomes a located message, not a traceback
            raise self._failure(exc, while_doing) from None

    def _failure(self, exc: BaseException, while_doing: str) -> TemplateFailure:
        file, line = locate_template_error(exc, self.templates_dir, self.project)
        if isinstance(exc, MissingDataKey):
            data_file, data_line, data_column, where = exc.owner._origin
            message = f"missing key '{exc.name}', which {file}:{line} uses"
            return TemplateFailure(Problem(data_file, data_line, data_column, message, where))
        if isinstance(exc, MissingDataFile):
            message = "required file is missing: the templates read it"
            return TemplateFailure(Problem(f"data/{exc.name}.yaml", 1, 1, message))
        if isinstance(exc, jinja2.TemplateNotFound) and file == TEMPLATES_DIR:
            file = f"{TEMPLATES_DIR}/{exc.name}"  # the layout itself is missing: name it
        described = INTERNAL_TYPE.sub(plain_type, describe_exception(exc, self.env))
        message = f"{described} (while rendering {while_doing})"
        return TemplateFailure(Problem(file, line, 1, message))


def substitute_blocks(page: Page, render_block: Callable[[BlockRef], str]) -> str:
    """Replace each placeholder paragraph in the page body with its rendered block.

    A placeholder that is not a paragraph of its own was swallowed by raw HTML left open
    above it (Markdown copies everything after an unclosed ``<div>`` as it is): the page
    would show the placeholder's text instead of the block, so that is a mistake to report.
    """
    html = page.html
    for block in page.blocks:
        placeholder = f"<p>{block.token}</p>"
        if placeholder not in html:
            raise TemplateFailure(Problem(page.source, block.line, 1, swallowed(page, block)))
        html = html.replace(placeholder, render_block(block), 1)
    return html


def swallowed(page: Page, block: BlockRef) -> str:
    """Why a block's line did not become a block: name the HTML line that opened it."""
    written = f"'{block.written}'"
    lines = page.source_body.split("\n")[: block.line - page.body_line]
    for offset in range(len(lines) - 1, -1, -1):
        opened = HTML_BLOCK_START.match(lines[offset])
        if opened and f"</{opened.group(1)}>" not in lines[offset]:
            return (
                f"{written} is inside the HTML element that line {page.body_line + offset} "
                f"opens ('{opened.group()}'), which Markdown copies as it is: put the block "
                f"line after its '</{opened.group(1)}>', with a blank line between"
            )
    return f"{written} is inside raw HTML, which Markdown copies as it is: move it out"


def as_markup(html: str) -> Markup:
    """Mark HTML built from trusted Markdown and templates as safe for the layout."""
    return Markup(html)
