"""Renders a report's data as HTML, PDF, Excel and Word, all from the same sections; no database access.

Every function takes the plain data of `snapshot_shape.ReportData` and returns a document, so a published
report can be rendered again from its frozen data and give the same words and figures.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from partnership.reporting.chart import BRAG, brag_chart_description, brag_chart_png, brag_chart_svg
from partnership.reporting.sections import (
    Cell,
    Change,
    Section,
    Table,
    cell_text,
    report_context,
    report_period,
    report_sections,
    report_title,
)

# Text that a spreadsheet would run as a formula (CSV/formula injection); a leading quote keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAMES = {
    "exceptions": "Exceptions",
    "revised": "Revised timescales",
    "completed": "Completed",
    "scrutiny": "Scrutiny",
    "measures": "Measures",
    "decisions": "Decisions needed",
}
SUMMARY_SHEET = "Summary"
HEADER_FILL = "F3F2F1"
DATE_FORMAT = "d mmmm yyyy"
A4_LONG_CM, A4_SHORT_CM, MARGIN_CM = 29.7, 21.0, 2.0


# HTML and PDF


def render_html(data: Mapping[str, Any]) -> str:
    """A standalone, printable HTML document of the report, with its styles and chart inside it."""
    return _html(data, chart_as_image=False)


def _html(data: Mapping[str, Any], *, chart_as_image: bool) -> str:
    svg = brag_chart_svg(data)
    svg = svg[svg.index("<svg") :]
    description = brag_chart_description(data)
    if chart_as_image:
        # WeasyPrint reads the style of inline SVG as CSS and warns about every SVG property; as an image it doesn't.
        source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        chart = format_html('<img src="{}" alt="{}">', source, description)
    else:
        chart = mark_safe(svg)  # noqa: S308 - our own chart: matplotlib escapes every text it writes into the SVG
    return render_to_string(
        "reporting/quarterly.html",
        {
            "title": report_title(data),
            "period": report_period(data),
            "context": report_context(data),
            "sections": report_sections(data),
            "chart_description": description,
            "chart": chart,
            "chart_as_image": chart_as_image,
        },
    )


def render_pdf(data: Mapping[str, Any]) -> bytes:
    """The report as an A4 PDF from its HTML: title and quarter in the header, "Page N of M" in the footer."""
    from weasyprint import HTML, URLFetcher  # imported here: loading Pango is slow and only PDFs need it

    # The document is self-contained: only its own data: URL (the chart) is read, so report text can never make
    # the renderer fetch a file or a web address.
    own_data_only = URLFetcher(allowed_protocols=frozenset({"data"}))
    html = HTML(string=_html(data, chart_as_image=True), url_fetcher=own_data_only)
    # Tagged, so screen readers get the headings and tables in reading order.
    return bytes(html.write_pdf(pdf_tags=True))


# Excel


def spreadsheet_text(value: str) -> str:
    """Text that Excel will show as text, never run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _put(sheet: Worksheet, row: int, column: int, value: Cell, *, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Change):
        cell.value = int(value)
        cell.number_format = "+0;-0;0"
    elif isinstance(value, int):
        cell.value = value
    else:
        cell.value = spreadsheet_text(value)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)


def _put_table(sheet: Worksheet, table: Table, first_row: int) -> int:
    """Write a table's header and rows from first_row; return the header's row number."""
    for column, heading in enumerate(table.columns, start=1):
        _put(sheet, first_row, column, heading, bold=True)
        sheet.cell(row=first_row, column=column).fill = PatternFill("solid", fgColor=HEADER_FILL)
    for offset, values in enumerate(table.rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(sheet, first_row + offset, column, value, bold=table.total_row and offset == len(table.rows))
    if not table.rows:
        _put(sheet, first_row + 1, 1, table.empty)
    return first_row


def _widths(sheet: Worksheet, tables: list[Table]) -> None:
    widths: dict[int, int] = {}
    for table in tables:
        for column, heading in enumerate(table.columns, start=1):
            longest = max([len(heading), *(max(map(len, cell_text(r[column - 1]).split("\n"))) for r in table.rows)])
            widths[column] = max(widths.get(column, 10), min(longest + 2, 60))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary_sheet(sheet: Worksheet, data: Mapping[str, Any], brag: Section, progress: Section) -> None:
    sentences = {
        spreadsheet_text(text)
        for text in (
            f"{report_period(data)}. {report_context(data)}",
            *brag.notes,
            *progress.notes,
            *(part.empty for part in (*brag.tables, *progress.tables)),
        )
    }
    _put(sheet, 1, 1, report_title(data))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(vertical="top")
    _put(sheet, 2, 1, f"{report_period(data)}. {report_context(data)}")
    sheet.cell(row=2, column=1).alignment = Alignment(vertical="top")
    table = brag.tables[0]
    header = _put_table(sheet, table, 3)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    row = header + max(len(table.rows), 1) + 2
    if table.rows:
        _summary_chart(sheet, header, len(table.rows) - 1)
        for note in brag.notes:
            _put(sheet, row, 1, note)
            row += 1
        row += 1
    _put(sheet, row, 1, progress.heading, bold=True)
    sheet.cell(row=row, column=1).font = Font(bold=True, size=12)
    row += 1
    for note in progress.notes:
        _put(sheet, row, 1, note)
        row += 1
    for part in progress.tables:
        row += 1
        if part.caption:
            _put(sheet, row, 1, part.caption, bold=True)
            row += 1
        _put_table(sheet, part, row)
        row += max(len(part.rows), 1) + 1
    _widths(sheet, [table, *progress.tables])
    # Sentences in column A run across the empty cells beside them rather than wrap.
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if isinstance(cell.value, str) and cell.value in sentences:
            cell.alignment = Alignment(wrap_text=False, vertical="top")


def _summary_chart(sheet: Worksheet, header: int, themes: int) -> None:
    """Excel's own stacked bar chart beside the BRAG table (the total row left out)."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Actions by theme and BRAG rating"
    chart.y_axis.title = "Number of actions"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the first theme at the top, as in the table
    chart.y_axis.crosses = "max"  # which keeps the count axis at the bottom
    values = Reference(sheet, min_col=2, max_col=1 + len(BRAG), min_row=header, max_row=header + themes)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + themes))
    for series, (_key, _word, colour, _text) in zip(chart.series, BRAG, strict=True):
        series.graphicalProperties.solidFill = colour.removeprefix("#")
        series.graphicalProperties.line.solidFill = "FFFFFF"
    chart.width, chart.height = 18, 7 + 0.6 * themes
    sheet.add_chart(chart, f"{get_column_letter(len(sheet[header]) + 2)}{header}")


def render_xlsx(data: Mapping[str, Any]) -> bytes:
    """The report as an Excel workbook: a summary, then a sheet per section, headers bold and frozen."""
    sections = {section.key: section for section in report_sections(data)}
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None  # a new workbook always has one sheet  # noqa: S101
    summary.title = SUMMARY_SHEET
    _summary_sheet(summary, data, sections["brag"], sections["progress"])
    for key, name in SHEET_NAMES.items():
        if key not in sections:
            continue  # the Cabinet summary has no decisions needed
        sheet = workbook.create_sheet(name)
        tables = sections[key].tables
        _put_table(sheet, tables[0], 1)
        sheet.freeze_panes = "A2"
        _widths(sheet, tables)
    workbook.properties.title = report_title(data)
    workbook.properties.creator = "Partnership"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Word


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the document."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _shade(cell: Any, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _docx_table(document: Any, table: Table) -> None:
    if table.caption:
        caption = document.add_paragraph()
        caption.add_run(table.caption).bold = True
        caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    # Repeat the header row at the top of every page the table runs onto.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, heading in zip(header.cells, table.columns, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
        _shade(cell, HEADER_FILL)
    for number, values in enumerate(table.text_rows(), start=1):
        cells = grid.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = value
            if table.numeric and column:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if table.total_row and number == len(table.rows):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    document.add_paragraph()


def _docx_styles(document: Any) -> None:
    for name, size in (("Normal", 10), ("Title", 22), ("Heading 1", 15), ("Heading 2", 12)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        # East Asian and complex-script text in Arial too, or Word falls back to its theme fonts.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), "Arial")
        for theme_attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme_attribute), None)


def render_docx(data: Mapping[str, Any]) -> bytes:
    """The report as a Word document in the style of a Cabinet paper, with the chart as an image."""
    document = Document()
    _docx_styles(document)
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Cm(A4_LONG_CM), Cm(A4_SHORT_CM)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, margin, Cm(MARGIN_CM))
    title, period = report_title(data), report_period(data)
    header = page.header.paragraphs[0]
    stops = header.paragraph_format.tab_stops
    for stop in list(page.header.paragraphs[0].style.paragraph_format.tab_stops):
        stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)  # the style's stops suit US Letter portrait
    stops.add_tab_stop(Cm(A4_LONG_CM - 2 * MARGIN_CM), WD_TAB_ALIGNMENT.RIGHT)
    header.text = f"{title}\t{period}"
    footer = page.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    document.core_properties.title = title
    document.core_properties.author = str(data["partnership"])

    document.add_heading(title, level=0)
    document.add_paragraph().add_run(period).bold = True
    document.add_paragraph(report_context(data))
    for section in report_sections(data):
        document.add_heading(section.heading, level=1)
        for note in section.notes:
            document.add_paragraph(note)
        if section.chart:
            picture = document.add_picture(io.BytesIO(brag_chart_png(data)), width=Cm(25))
            picture._inline.docPr.set("descr", brag_chart_description(data))
        for table in section.tables:
            if table.rows:
                _docx_table(document, table)
            else:
                document.add_paragraph(table.empty)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
