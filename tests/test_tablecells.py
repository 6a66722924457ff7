"""Cell labels for reflowing tables: each body cell names its column, spans included."""

from __future__ import annotations

import re

from mlcareer_site.tablecells import label_table_cells


def labels_of(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.DOTALL)
    return [re.findall(r'data-label="([^"]*)"', row) for row in rows]


def test_each_body_cell_gets_its_column_heading() -> None:
    html = label_table_cells(
        "<table><thead><tr><th>Role</th><th>Pay &amp; range</th></tr></thead>"
        '<tbody><tr><th scope="row">AI</th><td>$1</td></tr>'
        '<tr><th scope="row">ML</th><td>$2</td></tr></tbody></table>'
    )
    assert labels_of(html) == [["Role", "Pay &amp; range"], ["Role", "Pay &amp; range"]]
    assert "<thead><tr><th>Role</th>" in html  # header cells are left alone


def test_row_and_column_spans_shift_the_labels() -> None:
    html = label_table_cells(
        '<table><thead><tr><th>Level</th><th colspan="2">Pay</th><th>Source</th></tr></thead>'
        '<tbody><tr><th rowspan="2">Entry</th><td>a</td><td>b</td><td>s1</td></tr>'
        "<tr><td>c</td><td>d</td><td>s2</td></tr>"
        '<tr><th>Mid</th><td colspan="2">e</td><td>s3</td></tr></tbody></table>'
    )
    assert labels_of(html) == [
        ["Level", "Pay", "Pay", "Source"],
        ["Pay", "Pay", "Source"],
        ["Level", "Pay", "Source"],
    ]


def test_tags_in_headings_are_dropped_and_tables_without_a_header_are_untouched() -> None:
    html = label_table_cells(
        '<p>x</p><table><thead><tr><th><abbr title="p">P</abbr> <em>10</em></th></tr></thead>'
        "<tbody><tr><td>1</td></tr></tbody></table>"
        "<table><tbody><tr><td>2</td></tr></tbody></table>"
    )
    assert '<td data-label="P 10">1</td>' in html
    assert "<table><tbody><tr><td>2</td></tr></tbody></table>" in html


def test_a_markdown_table_gets_the_box_block_tables_already_have() -> None:
    bare = "<p>x</p>\n<table>\n<thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    html = label_table_cells(bare)
    assert html.startswith('<p>x</p>\n<div class="table-wrap" tabindex="0"><table>')
    assert html.endswith("</table></div>")
    boxed = '<div class="table-wrap" tabindex="0">\n  <table class="data-table"><tbody></tbody></table></div>'
    assert label_table_cells(boxed) == boxed
