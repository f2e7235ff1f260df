"""Tests for rag.ingest.tables and its use by the HTML, Markdown and .docx readers: a table's header row names the
cells under it, so a row read on its own (a passage without the header, a quote of one row) still says what each
value is ("Replicas: 6", not "6")."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from hypothesis import given
from hypothesis import strategies as st

from rag.index import Index
from rag.ingest.docx import read_docx
from rag.ingest.html import html_text
from rag.ingest.markdown import markdown_text
from rag.ingest.tables import LABEL_MAX, header_labels, label_of, labelled

HEADER = ["Environment", "Region", "Replicas"]
BODY = [["staging", "eu-west-1", "2"], ["production", "us-east-1", "6"]]
LABELLED = [
    "Environment: staging | Region: eu-west-1 | Replicas: 2",
    "Environment: production | Region: us-east-1 | Replicas: 6",
]


def test_header_labels_name_each_column_a_spanning_cell_covers():
    assert header_labels([("Name", 1), ("Limits", 2)]) == ["Name", "Limits", "Limits"]
    assert header_labels([("", 1), ("Linux", 1), ("Windows", 1)]) == ["", "Linux", "Windows"]  # a grid's corner


def test_a_caption_row_or_a_row_of_values_is_no_header():
    assert header_labels([("Lake Vostok", 2)]) is None  # one spanning cell: a caption
    assert header_labels([("Weight", 1), ("", 1)]) is None  # names one column only
    assert header_labels([("Name", 1), ("x" * (LABEL_MAX + 1), 1)]) is None  # a sentence: data, not a name


def test_label_of_colon_and_spans():
    labels = ["Name", "Default:", "Size", "Size"]
    assert label_of(labels, 0) == "Name: "
    assert label_of(labels, 1) == "Default: "  # already ends with a colon
    assert label_of(labels, 2, span=2) == "Size: "  # spans two columns of one name
    assert label_of(labels, 0, span=2) == ""  # spans two names: neither
    assert label_of(labels, 4) == label_of(None, 0) == label_of(["", "A"], 0) == ""


@given(
    st.lists(st.text(alphabet="ab:| ", max_size=8), min_size=2, max_size=5),
    st.lists(st.text(alphabet="xy ", max_size=6), min_size=1, max_size=6),
)
def test_labelled_keeps_each_cell_whole_and_in_place(names, cells):
    """Labelling only ever puts a name before a cell: every cell's text ends its labelled cell, an empty one
    stays empty, and there are as many cells as before."""
    labels = header_labels([(n, 1) for n in names])
    out = labelled(labels, cells)
    assert len(out) == len(cells)
    for cell, cell_out in zip(cells, out):
        assert cell_out.endswith(cell)
        assert (cell_out == "") == (cell == "")
    assert labelled(None, cells) == cells


def test_html_header_row_labels_body_rows():
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in BODY)
    text, _ = html_text(f"<html><body><table><tr>{head}</tr>{body}</table><p>After.</p></body></html>")
    assert text.splitlines() == [" | ".join(HEADER), *LABELLED, "", "After."]


def test_html_thead_of_td_cells_is_a_header_and_empty_or_spanning_cells_stay_bare():
    html = (
        "<table><thead><tr><td>Environment</td><td>Region</td><td>Replicas</td></tr></thead><tbody>"
        "<tr><td>production</td><td></td><td>6</td></tr><tr><td colspan=2>total</td><td>8</td></tr></tbody></table>"
    )
    assert html_text(f"<html><body>{html}</body></html>")[0].splitlines() == [
        "Environment | Region | Replicas",
        "Environment: production | | Replicas: 6",
        "total | Replicas: 8",
    ]


def test_html_key_value_table_is_left_as_it_is():
    """An infobox or a directive's table has a name in each row, not a header row: nothing to add."""
    html = "<table><tr><th>Location</th><td>Antarctica</td></tr><tr><th>Max. depth</th><td>900 m</td></tr></table>"
    assert html_text(f"<html><body>{html}</body></html>")[0] == "Location | Antarctica\nMax. depth | 900 m"


def test_markdown_header_row_labels_body_rows():
    source = "| " + " | ".join(HEADER) + " |\n|---|---|---|\n" + "".join(f"| {' | '.join(r)} |\n" for r in BODY)
    assert markdown_text(source + "\nAfter.\n")[0].splitlines() == [" | ".join(HEADER), *LABELLED, "", "After."]


def docx_table(bold_header: bool) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for i, row in enumerate([HEADER, *BODY]):
        for j, value in enumerate(row):
            table.cell(i, j).paragraphs[0].add_run(value).bold = bold_header and i == 0
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_bold_first_row_is_a_header_a_plain_one_is_not():
    text, _ = read_docx(docx_table(bold_header=True), Path("deploy.docx"))
    assert text.splitlines() == [" | ".join(HEADER), *LABELLED]
    text, _ = read_docx(docx_table(bold_header=False), Path("deploy.docx"))
    assert text.splitlines() == [" | ".join(r) for r in [HEADER, *BODY]]


def test_a_row_far_below_its_header_is_still_found_and_quoted_with_its_names(tmp_path):
    """A long table is cut into passages; the rows of a later one have no header near them. With names in each
    row, search finds the row for a question naming the column, and the quote says what the value is."""
    rows = "".join(f"| host-{i:03d} | rack {i % 7} | {10 + i % 50} GB |\n" for i in range(400))
    rows += "| db-primary | rack 9 | 256 GB |\n"
    (tmp_path / "hosts.md").write_text("# Hosts\n\n| Host | Location | Memory |\n|---|---|---|\n" + rows)
    index = Index.open(tmp_path / "index")
    index.add([tmp_path / "hosts.md"])
    hits = index.search("Memory of the db-primary host", k=1)
    assert "Host: db-primary | Location: rack 9 | Memory: 256 GB" in hits[0].text
