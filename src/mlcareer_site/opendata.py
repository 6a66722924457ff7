"""Publish the guide's data as open data: every data file as JSON, its tables also as CSV.

The figures were gathered from four articles and checked against a schema; publishing them
lets others reuse them without scraping the pages. What each file holds, which tables get a
CSV and which sources it cites are written in ``data/open_data.yaml`` (the catalogue the
open-data page shows), never in code. Output repeats byte for byte: data order is kept and
dates are ISO strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Mapping
from typing import Any

from .errors import Problem, Problems
from .schema import suggest

CATALOGUE = "open_data"
CATALOGUE_FILE = "data/open_data.yaml"
OUTPUT_DIR = "data"
RANGE_KEYS = ("min", "max", "open_ended")
LIST_SEPARATOR = "; "


def json_path(name: str) -> str:
    return f"{OUTPUT_DIR}/{name}.json"


def csv_path(name: str, table: str) -> str:
    """``salaries`` + ``figures`` -> ``data/salaries.figures.csv``."""
    return f"{OUTPUT_DIR}/{name}.{table}.csv"


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot publish {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    """Pretty JSON in the data's own key order (the order editors chose), dates as ISO."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_plain) + "\n"


def is_range(value: Any) -> bool:
    return isinstance(value, Mapping) and "min" in value and set(value) <= set(RANGE_KEYS)


def is_cell(value: Any) -> bool:
    """A value that fits one CSV cell: a scalar, or a list of scalars joined with '; '."""
    if isinstance(value, list):
        return all(is_cell(item) and not isinstance(item, list) for item in value)
    return value is None or isinstance(value, (str, int, float, bool, dt.date))


def is_table(value: Any) -> bool:
    """A list of records whose fields are all scalars, lists of scalars or ranges."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(row, Mapping) and all(is_cell(v) or is_range(v) for v in row.values())
            for row in value
        )
    )


def lookup(value: Any, dotted: str) -> Any:
    """``timeline.stages`` -> ``value["timeline"]["stages"]``; None when it is not there."""
    for key in dotted.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def flatten(row: Mapping[str, Any], ranges: set[str]) -> dict[str, str]:
    """One CSV row: a range ``pay`` becomes ``pay_min``, ``pay_max``, ``pay_open_ended``.

    ``ranges`` names the fields that are a range in any row, so a row without one still
    gets the same (empty) columns.
    """
    flat: dict[str, str] = {}
    for key, value in row.items():
        if key in ranges:
            for part in RANGE_KEYS:
                flat[f"{key}_{part}"] = cell(value.get(part)) if value is not None else ""
        else:
            flat[key] = cell(value)
    return flat


def to_csv(rows: list[Mapping[str, Any]]) -> str:
    """The table as CSV; columns in first-seen order, so optional fields keep their place."""
    ranges = {key for row in rows for key, value in row.items() if is_range(value)}
    flat_rows = [flatten(row, ranges) for row in rows]
    columns: list[str] = []
    for flat in flat_rows:
        columns.extend(key for key in flat if key not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat_rows)
    return out.getvalue()


Locate = Callable[[tuple[str | int, ...]], tuple[int, int]]
"""Where a value of the catalogue is written: its (line, column) in the file."""


def check_catalogue(
    data: Mapping[str, Any], problems: Problems, locate: Locate = lambda path: (1, 1)
) -> None:
    """Each catalogue entry must name a data file and real tables; each file needs an entry."""
    catalogue = data.get(CATALOGUE)
    if catalogue is None:
        return
    listed = set()
    for number, entry in enumerate(catalogue["files"]):
        where = f"files[{number}]"
        listed.add(entry["id"])
        if entry["id"] not in data:
            line, column = locate(("files", number, "id"))
            message = f"{where}.id: no data file '{entry['id']}'{suggest(entry['id'], data)}"
            problems.error(CATALOGUE_FILE, line, column, message)
            continue
        for index, table in enumerate(entry["csv"]):
            if not is_table(lookup(data[entry["id"]], table)):
                line, column = locate(("files", number, "csv", index))
                problems.error(
                    CATALOGUE_FILE,
                    line,
                    column,
                    f"{where}.csv: '{table}' in data/{entry['id']}.yaml is not a list of "
                    "records with plain or range fields",
                )
    for name in sorted(set(data) - listed):
        line, column = locate(("files",))
        problems.warning(CATALOGUE_FILE, line, column, f"data file '{name}' is not described")


def check_catalogue_problems(data: Mapping[str, Any], locate: Locate) -> tuple[Problem, ...]:
    problems = Problems()
    check_catalogue(data, problems, locate)
    return tuple(problems.items)


def table_csv(value: Any, table: str) -> str | None:
    """The CSV of the table at ``table`` in a data file's value (None if it is not one)."""
    rows = lookup(value, table)
    return to_csv(rows) if is_table(rows) else None


def open_data_files(
    data: Mapping[str, Any],
    json_of: Callable[[str], str] | None = None,
    csv_of: Callable[[str, str], str | None] | None = None,
) -> dict[str, str]:
    """Output path -> content: every data file as JSON, the catalogue's tables as CSV.

    ``json_of`` and ``csv_of`` make one file's JSON and one table's CSV (the build passes
    steps, so editing one data file remakes its own files only)."""
    json_of = json_of or (lambda name: to_json(data[name]))
    csv_of = csv_of or (lambda name, table: table_csv(data.get(name), table))
    files = {json_path(name): json_of(name) for name in sorted(data)}
    for entry in data.get(CATALOGUE, {"files": []})["files"]:
        for table in entry["csv"]:
            made = csv_of(entry["id"], table)
            if made is not None:
                files[csv_path(entry["id"], table)] = made
    return files
