"""The command line: parse options, call the library, print one summary line.

Heavy modules (Markdown, Jinja, Plotly) are imported inside the commands, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from pathlib import Path

import click

from . import __version__

PROJECT_OPTION = click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Folder holding content/, data/ and templates/.",
)


def _check_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not re.match(r"^https?://[^\s/]+(/\S*)?$", value):
        raise click.BadParameter("expected an http:// or https:// address")
    return value


def _check_project(project: Path) -> None:
    if not project.is_dir():
        raise click.UsageError(f"project folder '{project}' does not exist")
    if not (project / "data").is_dir() or not (project / "content").is_dir():
        raise click.UsageError(
            f"'{project}' is not a guide project: it needs data/, content/ and templates/"
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlcareer-site")
def main() -> None:
    """Build the junior ML engineer career guide from data/ and content/."""


@main.command()
@PROJECT_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder.  [default: PROJECT/build]",
)
@click.option(
    "--site-url",
    callback=_check_url,
    default=None,
    help="Public address of the site, for sitemap.xml and canonical links.",
)
@click.option("--strict", is_flag=True, help="Treat warnings (such as broken links) as errors.")
@click.version_option(__version__, prog_name="mlcareer-site")
def build(project: Path, out: Path | None, site_url: str | None, strict: bool) -> None:
    """Validate everything, then write the complete site."""
    from .build import build_site

    _check_project(project)
    result = build_site(project, out, site_url=site_url, strict=strict)
    for warning in result.warnings:
        click.echo(warning.format(), err=True)
    target = out if out is not None else project / "build"
    click.echo(
        f"Built {result.pages} pages, {result.charts} charts, {len(result.warnings)} "
        f"warning{'s' if len(result.warnings) != 1 else ''} in {result.seconds:.2f} s -> {target}"
    )


@main.command()
@PROJECT_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print problems.",
)
@click.version_option(__version__, prog_name="mlcareer-site")
def check(project: Path, output_format: str) -> None:
    """Validate data, content, templates and links without writing anything.

    Warnings count as errors here, so CI catches broken links.
    """
    from .build import build_site
    from .errors import BuildError

    _check_project(project)
    try:
        result = build_site(project, strict=True, write=False)
    except BuildError as exc:
        if output_format == "json":
            click.echo(
                json.dumps({"ok": False, "problems": [p.as_dict() for p in exc.problems]}, indent=2)
            )
            sys.exit(1)
        raise
    if output_format == "json":
        click.echo(
            json.dumps(
                {"ok": True, "problems": [], "pages": result.pages, "charts": result.charts},
                indent=2,
            )
        )
    else:
        click.echo(
            f"OK: {result.pages} pages, {result.charts} charts, no problems "
            f"({result.seconds:.2f} s)"
        )


def _normalise_base_path(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not value.startswith("/") or "//" in value or ".." in value.split("/"):
        raise click.BadParameter("expected a path such as /repo-name/")
    return value if value.endswith("/") else value + "/"


def _log(line: str) -> None:
    click.echo(line, err=True)


@main.command()
@PROJECT_OPTION
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; only this machine can connect by default.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on; 0 picks any free port.",
)
@click.option(
    "--base-path",
    default="/",
    show_default=True,
    callback=_normalise_base_path,
    help="Serve under this path, as a GitHub Pages project site does (/repo-name/).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.version_option(__version__, prog_name="mlcareer-site")
def serve(project: Path, host: str, port: int, base_path: str, open_browser: bool) -> None:
    """Build, serve and rebuild on every save; open tabs reload by themselves."""
    from .serve import run_server

    _check_project(project)
    run_server(project, host, port, base_path, open_browser, echo=click.echo, log=_log)


@main.command()
@PROJECT_OPTION
@click.version_option(__version__, prog_name="mlcareer-site")
def schema(project: Path) -> None:
    """Write the JSON Schema of every data file into PROJECT/schemas/ for editors.

    The modeline at the top of each data file (and .vscode/settings.json) points a YAML
    language server at them: completion, hover text and checking while typing.
    """
    from .schemafiles import SCHEMA_FOLDER, write_schemas

    _check_project(project)
    folder = project / SCHEMA_FOLDER
    written = write_schemas(folder)
    click.echo(f"Wrote {len(written)} schemas -> {folder}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.version_option(__version__, prog_name="mlcareer-site")
def init(directory: Path) -> None:
    """Write a new guide project (content, data, templates, Pages workflow) into DIRECTORY."""
    from .scaffold import init_project

    written = init_project(directory)
    click.echo(
        f"Created {len(written)} files in {directory}; next: cd {directory} && mlcareer-site serve"
    )


def run() -> None:
    """The console script: run the command, then leave without tearing the interpreter down.

    Freeing a thousand-page build's objects one by one at exit costs about 0.4 s, longer than
    the build's whole write phase, and nothing is left to do by then: every file is written and
    swapped in, every pool and writer thread joined, inside the command.  So flush what was
    printed and end the process with the command's exit code.
    """
    try:
        main(prog_name="mlcareer-site")
        code: int = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader closed the pipe early
            stream.flush()
    os._exit(code)
