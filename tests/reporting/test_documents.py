"""The Excel workbook, the Word document and the HTML of a quarterly report, read back."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from partnership.reporting import renderers
from partnership.reporting.renderers import spreadsheet_text
from tests.reporting.sample import EVIDENCE_SHA256, FORMULA_TITLE, LEAD_NAMES, THEMES, empty_report, sample_report

SHEETS = ["Summary", "Exceptions", "Revised timescales", "Completed", "Scrutiny", "Measures", "Decisions needed"]
HEADER_ROWS = {
    "Exceptions": ["Ref", "Action", "Owner", "Lead", "Rating", "Due date", "Reason", "Mitigation"],
    "Revised timescales": ["Ref", "Action", "Owner", "Lead", "Original due date", "Current due date", "Reason"],
    "Completed": ["Ref", "Action", "Owner", "Lead", "Status", "Evidence"],
    "Scrutiny": ["Ref", "Action", "Owner", "Lead", "Scrutiny or audit done this quarter"],
    "Measures": ["Ref", "Action", "Measure", "Baseline", "Target", "Values"],
    "Decisions needed": ["Ref", "Action", "Owner", "Lead", "Decision needed"],
}
COUNTS = ["Red", "Amber", "Green", "Blue", "Not rated", "Total", "Timescale revised"]
HEADINGS = [
    "BRAG by theme",
    "Progress since last quarter",
    "Exceptions",
    "Revised timescales",
    "Delivered and impact evidenced",
    "Scrutiny and audit",
    "Success measures",
    "Decisions needed",
]


def workbook(kind: str = "quarterly", *, empty: bool = False) -> Workbook:
    data = empty_report(kind) if empty else sample_report(kind)
    return load_workbook(io.BytesIO(renderers.render_xlsx(data)))


def cells(book: Workbook) -> Iterator[str]:
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield from (str(value) for value in row if value is not None)


# Excel


def test_the_workbook_has_a_summary_then_a_sheet_per_section() -> None:
    assert workbook().sheetnames == SHEETS


def test_every_section_sheet_has_a_bold_frozen_header_row() -> None:
    book = workbook()
    for name, header in HEADER_ROWS.items():
        sheet = book[name]
        assert [cell.value for cell in sheet[1]] == header
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"


def test_the_summary_has_brag_by_theme_and_the_totals() -> None:
    sheet = workbook()["Summary"]
    assert sheet["A1"].value == "Improvement plan progress, 2019-Q2"
    assert [cell.value for cell in sheet[3]] == ["Theme", *COUNTS]
    assert all(cell.font.bold for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert [cell.value for cell in sheet[4]] == [THEMES[0], 1, 1, 6, 2, 0, 10, 1]
    assert [cell.value for cell in sheet[9]] == ["All themes", 2, 4, 31, 9, 1, 47, 3]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Previous report (2019-Q1)"] == (0, 3, 38, 2, 0, 43, 1)
    assert rows["Change"] == (2, 1, -7, 7, 1, 4, 2)
    assert rows["Missing"][0] == 5
    assert len(sheet._charts) == 1  # Excel's own chart beside the table


def test_dates_are_dates_and_counts_are_numbers() -> None:
    sheet = workbook()["Revised timescales"]
    assert sheet["E2"].value.date().isoformat() == "2019-03-31"
    assert sheet["F2"].value.date().isoformat() == "2019-09-30"
    assert sheet["E2"].number_format == "d mmmm yyyy"


def test_formula_looking_text_is_neutralised() -> None:
    sheet = workbook()["Completed"]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert f"'{FORMULA_TITLE}" in titles
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert f"SHA-256 {EVIDENCE_SHA256[:12]}" in sheet["F2"].value


@pytest.mark.parametrize("text", ["=1+1", "+44 191 383 3000", "-2 since last quarter", "@SUM(A1)", "\t=1"])
def test_every_formula_start_gets_a_quote(text: str) -> None:
    assert spreadsheet_text(text) == f"'{text}"


def test_ordinary_text_is_left_alone() -> None:
    assert spreadsheet_text("Police attend 1 = 1") == "Police attend 1 = 1"


def test_empty_sections_keep_their_headers_and_say_so() -> None:
    book = workbook(empty=True)
    assert book["Exceptions"]["A2"].value == "There are no exceptions this quarter."
    assert book["Decisions needed"]["A2"].value == "There are no decisions needed this quarter."
    assert [cell.value for cell in book["Completed"][1]] == HEADER_ROWS["Completed"]
    assert "This is the first report. There is no earlier report to compare with." in set(cells(book))
    assert "There are no actions in the plan." in set(cells(book))


def test_the_cabinet_workbook_names_nobody_and_has_no_decisions() -> None:
    book = workbook("cabinet")
    assert book.sheetnames == SHEETS[:-1]
    assert "Lead" not in [cell.value for cell in book["Exceptions"][1]]
    text = " ".join(cells(book))
    for name in LEAD_NAMES:
        assert name not in text
    assert book["Summary"]["A1"].value.startswith("Cabinet summary: ")


# Word


def word_text(document: Document) -> str:  # type: ignore[valid-type]
    parts = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    for table in document.tables:  # type: ignore[attr-defined]
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:  # type: ignore[attr-defined]
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def test_the_word_document_has_every_heading_and_the_chart() -> None:
    document = Document(io.BytesIO(renderers.render_docx(sample_report())))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == HEADINGS
    title = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Title"]
    assert title == ["Improvement plan progress, 2019-Q2"]
    assert len(document.inline_shapes) == 1
    images = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 1 and images[0].blob.startswith(b"\x89PNG")


def test_word_tables_have_bold_header_rows_that_repeat() -> None:
    document = Document(io.BytesIO(renderers.render_docx(sample_report())))
    brag = document.tables[0]
    assert [cell.text for cell in brag.rows[0].cells] == ["Theme", *COUNTS]
    assert [cell.text for cell in brag.rows[-1].cells] == ["All themes", "2", "4", "31", "9", "1", "47", "3"]
    for table in document.tables:
        header = table.rows[0]
        assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
        assert header._tr.trPr is not None and header._tr.trPr.xpath("./w:tblHeader")
    text = word_text(document)
    assert "31 March 2019" in text and "30 September 2019" in text
    assert "Page" in text and "PAGE" in document.sections[0].footer._element.xml


def test_the_cabinet_word_document_names_nobody() -> None:
    document = Document(io.BytesIO(renderers.render_docx(sample_report("cabinet"))))
    text = word_text(document)
    for name in LEAD_NAMES:
        assert name not in text
    assert "Decisions needed" not in text
    assert text.startswith("Cabinet summary: ")


def test_an_empty_word_document_says_so() -> None:
    document = Document(io.BytesIO(renderers.render_docx(empty_report())))
    text = word_text(document)
    assert "This is the first report." in text
    assert "There are no exceptions this quarter." in text
    assert len(document.inline_shapes) == 0  # no chart without figures


# HTML


def test_the_html_has_a_table_with_the_totals() -> None:
    html = renderers.render_html(sample_report())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<style>" in html and "<script" not in html
    total = re.search(r'<tr class="total"><th scope="row">All themes</th>(.*?)</tr>', html)
    assert total is not None
    assert re.findall(r"<td>(\d+)</td>", total.group(1)) == ["2", "4", "31", "9", "1", "47", "3"]
    assert html.count("<table") >= 8
    assert "<svg" in html and 'aria-label="Bar chart of actions by theme' in html


def test_the_html_escapes_what_people_typed() -> None:
    data = sample_report()
    data["exceptions"][0]["mitigation"] = "<script>alert(1)</script>"
    html = renderers.render_html(data)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_cabinet_html_names_nobody() -> None:
    html = renderers.render_html(sample_report("cabinet"))
    for name in LEAD_NAMES:
        assert name not in html
    assert "<title>Cabinet summary: " in html
    assert ">Lead<" not in html
