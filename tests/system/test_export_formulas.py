"""Every CSV and xlsx export writes formula-looking text as text: the plan workbook, the audit pack's CSV files, the
measures downloads, Annex A, the published report's workbook, the audit round report, a child's chronology and the
downloads of list and dashboard tables.

Records are given text starting with each character a spreadsheet would run ('=', '+', '-', '@', tab, carriage
return); every exported cell is then read back: no cell is a formula, and each such text is there behind one quote.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partnership.access.models import Role
from partnership.audits.report import ReportTable, RoundReport
from partnership.audits.report import render_xlsx as render_round_xlsx
from partnership.children import services as children_services
from partnership.children.models import EventType
from partnership.measures import downloads
from partnership.measures.annex_a_exporting import annex_a_export
from partnership.plans.audit_pack import build_audit_pack
from partnership.plans.exporting import plan_export
from partnership.plans.models import Action, DeliveryGroup, Finding, Theme
from partnership.reporting.renderers import render_xlsx as render_report_xlsx
from tests.children.builders import build_child
from tests.factories import AgencyFactory, make_person
from tests.measures.test_annex_a_export import contact_at
from tests.plans.builders import build_plan
from tests.reporting.sample import sample_report
from tests.system.hostile_files import FORMULAS
from tests.trust import tally

pytestmark = pytest.mark.django_db

STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (*FORMULAS, "\t=cmd|' /C calc'!A0", "\r=1+1")


def looks_like_formula(text: str) -> bool:
    return text.startswith(STARTS)


def workbook_cells(content: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(content), data_only=False)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_workbook_neutral(content: bytes, expected: Iterable[str]) -> None:
    """No cell is a formula, no text cell starts as one would, and each expected text is there quoted."""
    cells = workbook_cells(content)
    formulas = [f"{cell.coordinate}={cell.value!r}" for cell in cells if cell.data_type == "f"]
    assert not formulas, formulas
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [text for text in texts if looks_like_formula(text)]
    found = "\n".join(texts)
    for text in expected:
        # Quoted as written, or quoted after trimming; a carriage return may be read back as a line feed, which no
        # spreadsheet runs (and the cell is text: no cell is a formula, checked above).
        variants = [f"'{text}", f"'{text.strip()}", f"'{text.replace(chr(13), chr(10))}"]
        variants += ["\n" + text[1:]] if text.startswith("\r") else []
        assert any(variant in found for variant in variants), f"{text!r} is not there quoted"


def assert_csv_neutral(content: bytes, expected: Iterable[str]) -> None:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if looks_like_formula(cell)]
    for text in expected:
        assert any(cell.startswith((f"'{text}", f"'{text.strip()}")) for cell in cells), text


def test_the_plan_workbook_and_the_audit_pack_write_every_formula_like_text_as_text() -> None:
    inspection = build_plan(actions=len(HOSTILE))
    inspection.title, inspection.notes = HOSTILE[0], HOSTILE[1]
    inspection.save()
    actions = list(Action.objects.filter(inspection=inspection).order_by("reference"))
    for action, text in zip(actions, HOSTILE, strict=False):
        action.title = action.description = action.expected_impact = action.progress_note = action.lead_name = text
        action.save()
    Theme.objects.filter(inspection=inspection).update(description=HOSTILE[2])
    Finding.objects.filter(inspection=inspection).update(text=HOSTILE[3])
    group = DeliveryGroup.objects.create(name=HOSTILE[4])
    Action.objects.filter(pk=actions[-1].pk).update(owner_agency=None, owner_group=group)
    tally("hostile_values", len(HOSTILE) * 6)
    stream = io.BytesIO()
    plan_export(inspection=inspection, file_format="xlsx", stream=stream)
    assert_workbook_neutral(stream.getvalue(), HOSTILE)

    pack = zipfile.ZipFile(io.BytesIO(build_audit_pack(user=make_person(Role.ADMIN), inspection=inspection)))
    assert_csv_neutral(pack.read("actions.csv"), HOSTILE)


def test_the_measures_downloads_write_formula_like_text_as_text() -> None:
    tally("hostile_values", len(HOSTILE) * 2)
    table = downloads.Table(
        title="=Sheet", header=["Agency", *HOSTILE], rows=[[text, 5, date(2026, 1, 1)] for text in HOSTILE]
    )
    assert_workbook_neutral(downloads.xlsx_bytes(table), HOSTILE)
    assert_csv_neutral(downloads.csv_response(table, filename="x.csv").content, HOSTILE)


def test_the_annex_a_export_writes_formula_like_child_ids_as_text() -> None:
    council = AgencyFactory(kind="childrens_social_care")
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    children = [build_child(agency=council, local_child_id=text[:40]) for text in HOSTILE]
    for child in children:
        contact_at([child], by=worker, received="2026-01-10 10:00", decided="2026-01-10 15:00", outcome="nfa")
    tally("hostile_values", len(HOSTILE))
    stream = io.BytesIO()
    annex_a_export(stream=stream, first=date(2026, 1, 1), last=date(2026, 3, 31))
    assert_workbook_neutral(stream.getvalue(), [text[:40] for text in HOSTILE])


def poisoned(value: Any, counter: list[int]) -> Any:
    """The report's data with hostile text put before every title, name, reason and question (the same way each
    time for the same text, so themes still match across tables)."""
    words = ("title", "theme", "owner", "lead", "reason", "question", "name", "activity", "text")
    if isinstance(value, dict):
        return {key: poisoned(item, counter) if not _free(key, item, words) else _hostile(item) for key, item in
                value.items()}  # fmt: skip
    if isinstance(value, list):
        return [poisoned(item, counter) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _hostile(getattr(value, field.name))
            if _free(field.name, getattr(value, field.name), words)
            else poisoned(getattr(value, field.name), counter)
            for field in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value


def _free(key: str, item: Any, words: tuple[str, ...]) -> bool:
    return isinstance(item, str) and bool(item) and any(word in key for word in words)


def _hostile(text: str) -> str:
    return HOSTILE[len(text) % len(HOSTILE)] + " " + text


def test_the_published_report_workbook_writes_formula_like_text_as_text() -> None:
    data = poisoned(sample_report(), [0])
    tally("hostile_values", len(HOSTILE))
    content = render_report_xlsx(data)
    assert_workbook_neutral(content, [])
    texts = "\n".join(cell.value for cell in workbook_cells(content) if isinstance(cell.value, str))
    assert sum(texts.count(f"'{text} ") for text in HOSTILE) >= 10  # the hostile text reached the workbook


def test_the_audit_round_report_workbook_writes_formula_like_text_as_text() -> None:
    tally("hostile_values", len(HOSTILE))
    report = RoundReport(
        title=HOSTILE[0],
        facts=[(HOSTILE[1], HOSTILE[2])],
        notes=[HOSTILE[3]],
        tables=[ReportTable("sections", HOSTILE[4], [HOSTILE[5], "Good"], [[HOSTILE[6], 3]], HOSTILE[0])],
        learning=list(HOSTILE),
    )
    assert_workbook_neutral(render_round_xlsx(report), HOSTILE)


def test_a_childs_chronology_export_writes_formula_like_text_as_text(signed_in: Any) -> None:
    council = AgencyFactory(kind="childrens_social_care", name=HOSTILE[0])
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    worker.first_name = HOSTILE[2]
    worker.save(update_fields=["first_name"])
    child = build_child(agency=council, local_child_id="CH-1")
    for number, text in enumerate(HOSTILE):
        children_services.event_add(
            actor=worker,
            child=child,
            occurred_at=datetime(2024, 6, 1 + number, 10, tzinfo=UTC),
            event_type=EventType.ASSESSMENT,
            summary=text,
        )
    tally("hostile_values", len(HOSTILE) + 2)
    response = signed_in(user=worker).get(reverse("children:chronology-export", kwargs={"child_id": child.pk}))
    assert response.status_code == 200
    stored = list(child.events.values_list("summary", flat=True))
    assert len(stored) == len(HOSTILE)
    assert_csv_neutral(response.content, [*stored, HOSTILE[0]])


def test_the_list_downloads_write_formula_like_text_as_text(signed_in: Any) -> None:
    """The children list, the agencies list and the findings list, each downloaded as CSV and as a workbook (the
    shared table download of every list and dashboard page)."""
    council = AgencyFactory(kind="childrens_social_care", name=HOSTILE[0])
    for text in HOSTILE[1:4]:
        AgencyFactory(name=text)
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    for number, text in enumerate(HOSTILE):
        build_child(agency=council, local_child_id=f"{text[:30]}{number}", first_name=text[:40])
    inspection = build_plan(actions=1)
    Finding.objects.filter(inspection=inspection).update(text=HOSTILE[4])
    client = signed_in(user=worker)
    expected = {
        "children:child-list": [text[:40] for text in HOSTILE],
        "access:agency-list": list(HOSTILE[:4]),
        "plans:finding-list": [HOSTILE[4]],
    }
    for name, texts in expected.items():
        tally("hostile_values", len(texts) * 2)
        csv_file = client.get(reverse(name), {"download": "csv"})
        assert csv_file.status_code == 200, name
        assert_csv_neutral(csv_file.content, texts)
        workbook = client.get(reverse(name), {"download": "xlsx"})
        assert workbook.status_code == 200, name
        assert_workbook_neutral(workbook.content, texts)
