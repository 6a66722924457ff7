"""User-facing problems: every error or warning names a file, line and column.

Problems are collected through the whole pipeline and reported together, so an editor
fixes every mistake in one pass instead of one per build.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import click


def one_line(text: str) -> str:
    """Show line breaks and other control characters escaped: one problem, one line."""
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode()
        for char in text
    )


@dataclass(frozen=True, order=True)
class Problem:
    """One message about the input, printed as ``file:line:col: where: message``."""

    file: str
    line: int
    column: int
    message: str
    where: str = ""
    severity: str = field(default="error", compare=False)

    def format(self) -> str:
        """Render the single line an editor reads in a terminal or CI log."""
        location = f"{self.file}:{self.line}:{self.column}"
        label = "warning: " if self.severity == "warning" else ""
        where = f"{self.where}: " if self.where else ""
        return one_line(f"{location}: {label}{where}{self.message}")

    def as_dict(self) -> dict[str, object]:
        """Return the problem as plain data for ``--format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "where": self.where,
            "message": self.message,
            "severity": self.severity,
        }


class Problems:
    """Collect errors and warnings so a stage can report all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, file: str, line: int, column: int, message: str, where: str = "") -> None:
        self.items.append(Problem(file, line, column, message, where, "error"))

    def warning(self, file: str, line: int, column: int, message: str, where: str = "") -> None:
        self.items.append(Problem(file, line, column, message, where, "warning"))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def annotate(self, file: str, note: str) -> None:
        """Add ``note`` to the first error about ``file`` (what else it kept from checking)."""
        for index, problem in enumerate(self.items):
            if problem.file == file and problem.severity == "error":
                self.items[index] = replace(problem, message=f"{problem.message} ({note})")
                return

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    def raise_if_errors(self) -> None:
        """Stop the pipeline once, with every error found so far."""
        if self.errors:
            raise BuildError(self.errors)


class BuildError(click.ClickException):
    """Invalid input: the CLI prints each problem on its own line and exits 1."""

    exit_code = 1

    def __init__(self, problems: list[Problem], skipped: str = "", strict: bool = False) -> None:
        self.problems = sorted(problems)
        self.skipped = skipped
        """What these problems kept the build from checking (said in the summary)."""
        self.strict = strict
        """Whether the warnings stopped the build too (``--strict``, ``check``)."""
        super().__init__(self.format_message())

    def format_message(self) -> str:
        """Every problem, then one summary that counts warnings apart: with ``--strict`` and
        in ``check`` they stop the build too, and the summary says so instead of calling
        a line marked "warning" an error."""
        lines = [p.format() for p in self.problems]
        warnings = sum(p.severity == "warning" for p in self.problems)
        errors = len(self.problems) - warnings
        parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
        if warnings:
            counted = (
                "which count as errors here" if warnings > 1 else "which counts as an error here"
            )
            plural = "s" if warnings != 1 else ""
            parts.append(
                f"{warnings} warning{plural}, {counted}"
                if self.strict
                else f"{warnings} warning{plural}"
            )
        skipped = f"; {self.skipped}" if self.skipped else ""
        lines.append(f"{' and '.join(parts)}; nothing was written{skipped}.")
        return "\n".join(lines)

    def show(self, file: object = None) -> None:
        """Print without click's ``Error:`` prefix, so every line starts with the file name."""
        click.echo(self.format_message(), err=True)
