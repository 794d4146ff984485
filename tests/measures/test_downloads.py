"""The dashboard and an indicator as CSV and Excel: the same suppression as the screen for the reader, text that a
spreadsheet could run as a formula neutralised, the right content types, and file names without personal data."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partnership.measures.downloads import CSV_TYPE, XLSX_TYPE, Table, csv_response, xlsx_bytes
from partnership.measures.rules import SUPPRESSED
from tests.measures.builders import make_indicator, put_value, quarter

pytestmark = pytest.mark.django_db

Q1, Q2 = quarter("2026-01-01"), quarter("2026-04-01")


def csv_rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"] == CSV_TYPE
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict[str, object]]:
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def midwives():
    """A count of strategy meetings a midwife attended: 12 in one quarter, 3 (fewer than 5) in the next."""
    indicator = make_indicator(key="midwife-attended", name="Meetings a midwife attended", unit="count", target=10)
    put_value(indicator, Q1, 12, None)
    put_value(indicator, Q2, 3, None)
    return indicator


@pytest.fixture
def by_agency():
    """A rate broken down by agency, one agency's cell counting fewer than 5, one agency named like a formula."""
    indicator = make_indicator(key="information-shared", name="Information shared", breakdowns=["agency"], target=90)
    put_value(indicator, Q2, 45, 50)
    put_value(indicator, Q2, 18, 20, breakdown="agency", key="police", label="Durham Constabulary")
    put_value(indicator, Q2, 2, 3, breakdown="agency", key="gp", label="Riverside GP practice")
    put_value(indicator, Q2, 25, 27, breakdown="agency", key="odd", label='=HYPERLINK("http://evil.example","x")')
    return indicator


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_the_dashboard_file_suppresses_small_numbers_for_a_viewer_only(signed_in, midwives, reader) -> None:
    url = reverse(f"measures:dashboard-{reader}")
    read = csv_rows if reader == "csv" else xlsx_rows
    (viewer_row,) = read(signed_in("viewer").get(url))
    (front_row,) = read(signed_in("front_door").get(url))
    assert viewer_row["Indicator"] == "Meetings a midwife attended" and viewer_row["Latest period"] == "Apr–Jun 2026"
    assert viewer_row["Latest value"] == SUPPRESSED and viewer_row["BRAG"] == "Not rated"
    assert str(front_row["Latest value"]) in {"3", "3.00"} and front_row["BRAG"] == "Red"
    assert str(viewer_row["Previous value"]) in {"12", "12.00"}
    assert "3" not in {str(value) for value in viewer_row.values()}


@pytest.mark.parametrize("reader", ["csv", "xlsx"])
def test_the_indicator_file_has_every_period_and_breakdown_cell_suppressed_for_a_viewer(
    signed_in, by_agency, reader
) -> None:
    url = reverse(f"measures:indicator-{reader}", args=[by_agency.key])
    read = csv_rows if reader == "csv" else xlsx_rows
    rows = read(signed_in("viewer").get(url))
    assert [(row["Breakdown"], row["Group"]) for row in rows] == [
        ("Whole partnership", "Whole partnership"),
        ("Agency", '\'=HYPERLINK("http://evil.example","x")'),
        ("Agency", "Durham Constabulary"),
        ("Agency", "Riverside GP practice"),
    ]
    gp = rows[3]
    assert gp["Value"] == SUPPRESSED and gp["Numerator"] in ("", None) and gp["Denominator"] in ("", None)
    police = rows[2]
    assert str(police["Value"]) in {"90", "90.00"} and str(police["Numerator"]) == "18" and police["BRAG"] == "Green"
    front = read(signed_in("front_door").get(url))
    assert str(front[3]["Numerator"]) == "2" and str(front[3]["Denominator"]) == "3"


def test_a_formula_is_never_written_as_a_formula_in_the_workbook(signed_in, by_agency) -> None:
    response = signed_in("viewer").get(reverse("measures:indicator-xlsx", args=[by_agency.key]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert any(cell.value == '\'=HYPERLINK("http://evil.example","x")' for cell in cells)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd", "'=1+1"])
def test_text_that_starts_like_a_formula_is_quoted_in_both_formats(text: str) -> None:
    table = Table(title="Test", header=["Text", "Number"], rows=[[text, Decimal("-5")]])
    (row,) = list(csv.reader(io.StringIO(csv_response(table, filename="t.csv").content.decode("utf-8-sig"))))[1:]
    assert row == ["'" + text, "-5"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(table))).active
    assert sheet["A2"].value == "'" + text and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -5  # a number stays a number


def test_plain_text_is_written_as_it_is() -> None:
    table = Table(title="Test", header=["Text"], rows=[["Durham Constabulary"], ["fewer than 5"]])
    sheet = load_workbook(io.BytesIO(xlsx_bytes(table))).active
    assert [sheet["A2"].value, sheet["A3"].value] == ["Durham Constabulary", "fewer than 5"]


def test_the_files_are_attachments_named_without_personal_data(signed_in, by_agency) -> None:
    client = signed_in("front_door")
    csv_file = client.get(reverse("measures:indicator-csv", args=[by_agency.key]), {"kind": "year"})
    assert csv_file["Content-Disposition"] == 'attachment; filename="information-shared-by-year.csv"'
    xlsx_file = client.get(reverse("measures:indicator-xlsx", args=[by_agency.key]))
    assert xlsx_file["Content-Disposition"] == 'attachment; filename="information-shared-by-quarter.xlsx"'
    dashboard = client.get(reverse("measures:dashboard-xlsx"), {"kind": "month"})
    assert dashboard["Content-Disposition"].startswith('attachment; filename="measures-by-month-')
    assert client.user.username not in dashboard["Content-Disposition"]


def test_a_bad_kind_in_a_download_falls_back_to_quarters(signed_in, by_agency) -> None:
    response = signed_in("viewer").get(reverse("measures:indicator-csv", args=[by_agency.key]), {"kind": "=cmd"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="information-shared-by-quarter.csv"'
    assert len(csv_rows(response)) == 4


def test_an_unknown_indicator_file_is_not_found(signed_in) -> None:
    assert signed_in("viewer").get(reverse("measures:indicator-csv", args=["nothing-here"])).status_code == 404
