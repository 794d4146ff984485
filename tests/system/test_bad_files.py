"""Bad and hostile files on every import: the plan (service, web form, command line), Annex A (service and command
line), the police export of incidents and term dates (service and web form) and evidence uploads. Each is refused
with a clear message naming the row, column or file problem, never a 500 or a traceback, and writes nothing; a value
that only looks like a formula is kept as inert text."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnership.access.models import Agency, Role, User
from partnership.cli import main
from partnership.core.errors import BusinessRuleError
from partnership.encompass import services as encompass_services
from partnership.encompass.models import Incident, IncidentChild, Notification, Term
from partnership.measures.annex_a_checking import AnnexAImportError
from partnership.measures.annex_a_importing import annex_a_import
from partnership.measures.models import AnnexAImport, List1Contact
from partnership.plans.importing import PlanImportError, plan_import_file
from partnership.plans.models import Action
from tests.encompass.conftest import build_setting
from tests.factories import make_person
from tests.plans.builders import build_cycle, build_plan, first_action
from tests.plans.test_import_export import good_data, table_counts
from tests.system.hostile_cases import (
    FORMULAS,
    Case,
    annex_cases,
    annex_csv,
    annex_rows,
    content_of,
    incident_cases,
    plan_bytes,
    plan_cases,
    terms_cases,
)
from tests.system.hostile_files import xlsx
from tests.trust import tally

pytestmark = pytest.mark.django_db

SignedIn = Callable[..., Client]
PLAN_CASES = plan_cases()
ANNEX_CASES = annex_cases()
INCIDENT_CASES = incident_cases()
TERMS_CASES = terms_cases()


def ids(cases: list[Case]) -> list[str]:
    return [case[0] for case in cases]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def assert_clear_error_page(response: Any, words: str) -> str:
    """A GOV.UK error page (not a 500, not a traceback) that says the words."""
    assert response.status_code in (200, 400), response.status_code
    page = html.unescape(response.content.decode())
    assert "govuk-error-summary" in page
    assert "Traceback" not in page and "Exception" not in page
    assert words in page, words
    return page


# ---------------------------------------------------------------- the plan


@pytest.mark.parametrize("case", PLAN_CASES, ids=ids(PLAN_CASES))
def test_a_bad_plan_file_is_refused_by_the_service_naming_the_problem_and_writing_nothing(case: Case) -> None:
    tally("bad_files")
    _name, filename, _content, words = case
    before = table_counts()
    with pytest.raises(PlanImportError) as refused:
        plan_import_file(stream=io.BytesIO(content_of(case)), filename=filename)
    said = "\n".join(str(problem) for problem in refused.value.problems)
    assert words in said, said
    assert "Traceback" not in said
    assert table_counts() == before


@pytest.mark.parametrize("case", PLAN_CASES, ids=ids(PLAN_CASES))
def test_a_bad_plan_file_uploaded_gets_a_govuk_error_summary_and_writes_nothing(
    case: Case, signed_in: SignedIn
) -> None:
    tally("bad_files")
    _name, filename, _content, words = case
    content = content_of(case)
    client = signed_in(Role.ADMIN)
    before = table_counts()
    response = client.post(reverse("plans:import"), {"file": upload(filename, content)})
    assert_clear_error_page(response, "The selected file is empty" if not content else words)
    assert table_counts() == before


def test_a_plan_file_over_10_mb_is_refused_on_the_form(signed_in: SignedIn) -> None:
    tally("bad_files")
    client = signed_in(Role.ADMIN)
    before = table_counts()
    response = client.post(reverse("plans:import"), {"file": upload("plan.json", b" " * (10 * 1024 * 1024 + 1))})
    assert_clear_error_page(response, "The selected file must be smaller than 10 MB")
    assert table_counts() == before


@pytest.mark.parametrize("case", PLAN_CASES[:12], ids=ids(PLAN_CASES[:12]))
def test_a_bad_plan_file_on_the_command_line_prints_the_problem_and_writes_nothing(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tally("bad_files")
    _name, filename, _content, words = case
    path = tmp_path / filename
    path.write_bytes(content_of(case))
    before = table_counts()
    assert main(["import-plan", "--quiet", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The file was not imported; nothing was written.")
    assert words in err and "Traceback" not in err
    assert table_counts() == before


def test_a_plan_file_with_a_byte_order_mark_is_accepted() -> None:
    tally("bad_files")
    content = b"\xef\xbb\xbf" + plan_bytes(good_data(), "json")
    result = plan_import_file(stream=io.BytesIO(content), filename="plan.json")
    assert result.actions == 3


def test_text_that_only_looks_like_a_formula_is_imported_as_inert_text() -> None:
    """'+', '-' and '@' text cells (and '=' text quoted by our own export) are text, kept exactly, never run."""
    tally("bad_files", len(FORMULAS))
    data = good_data()
    for row, formula in zip(data["Actions"], FORMULAS[2:], strict=False):
        row["Title"] = formula
    data["Plan"]["Notes"] = "'" + FORMULAS[0]  # a quoted '=' text, as the export writes it
    plan_import_file(stream=io.BytesIO(plan_bytes(data, "xlsx")), filename="plan.xlsx")
    titles = set(Action.objects.values_list("title", flat=True))
    assert titles == set(FORMULAS[2:])
    assert Action.objects.get(reference="1.1").inspection.notes == FORMULAS[0]


# ---------------------------------------------------------------- Annex A


def annex_rows_written() -> tuple[int, int]:
    return AnnexAImport.objects.count(), List1Contact.objects.count()


@pytest.mark.parametrize("case", ANNEX_CASES, ids=ids(ANNEX_CASES))
def test_a_bad_annex_a_file_is_refused_naming_the_problem_and_writing_nothing(case: Case) -> None:
    tally("bad_files")
    _name, filename, _content, words = case
    annex_a_import(actor=None, stream=io.BytesIO(annex_csv(1)), filename="annex-a-list-1.csv")
    before = annex_rows_written()
    with pytest.raises(AnnexAImportError) as refused:
        annex_a_import(actor=None, stream=io.BytesIO(content_of(case)), filename=filename)
    said = "\n".join(str(problem) for problem in refused.value.problems)
    assert words in said, said
    assert annex_rows_written() == before
    assert AnnexAImport.objects.get().is_current  # the earlier import is still the current one


@pytest.mark.parametrize("case", ANNEX_CASES[:10], ids=ids(ANNEX_CASES[:10]))
def test_a_bad_annex_a_file_on_the_command_line_prints_the_problem(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tally("bad_files")
    _name, filename, _content, words = case
    path = tmp_path / filename
    path.write_bytes(content_of(case))
    assert main(["import-annex-a", "--quiet", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The file was not imported; nothing was written.")
    assert words in err and "Traceback" not in err
    assert annex_rows_written() == (0, 0)


def test_annex_a_accepts_a_byte_order_mark_and_windows_1252_and_keeps_formula_like_ids_as_text() -> None:
    tally("bad_files", 3)
    bom = b"\xef\xbb\xbf" + annex_csv(1)
    assert annex_a_import(actor=None, stream=io.BytesIO(bom), filename="list-1.csv").rows == {1: 1}
    cp1252 = annex_csv(1, {"Child Unique ID": "C£1"}).decode().encode("cp1252")
    assert annex_a_import(actor=None, stream=io.BytesIO(cp1252), filename="list-1.csv").rows == {1: 1}
    assert List1Contact.objects.filter(child_ref="C£1").exists()
    book = xlsx({"List 1": annex_rows(1, {"Child Unique ID": "@SUM(1)"}, {"Child Unique ID": "+cmd|x"})})
    annex_a_import(actor=None, stream=io.BytesIO(book), filename="annex-a.xlsx")
    assert {"@SUM(1)", "+cmd|x"} <= set(List1Contact.objects.values_list("child_ref", flat=True))


# ---------------------------------------------------------------- Operation Encompass


def encompass_written() -> tuple[int, int, int]:
    return Incident.objects.count(), IncidentChild.objects.count(), Notification.objects.count()


@pytest.mark.parametrize("case", INCIDENT_CASES, ids=ids(INCIDENT_CASES))
def test_a_bad_police_export_is_refused_on_the_form_and_by_the_service(
    case: Case, signed_in: SignedIn, officer: User
) -> None:
    tally("bad_files", 2)
    _name, filename, _content, words = case
    client = signed_in(user=officer)
    response = client.post(reverse("encompass:incident-import"), {"file": upload(filename, content_of(case))})
    assert_clear_error_page(response, words)
    assert encompass_written() == (0, 0, 0)
    try:
        text = content_of(case).decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # only the form reads bytes; the service takes text
    with pytest.raises(BusinessRuleError) as refused:
        encompass_services.incidents_import(actor=officer, text=text)
    said = "\n".join(refused.value.errors.get("file", [refused.value.message]))
    assert words in said or "saved as UTF-8" in words, said
    assert encompass_written() == (0, 0, 0)


@pytest.mark.parametrize("case", TERMS_CASES, ids=ids(TERMS_CASES))
def test_a_bad_term_dates_file_is_refused_and_keeps_the_terms_loaded_before(
    case: Case, signed_in: SignedIn, admin: User
) -> None:
    tally("bad_files", 2)
    _name, filename, _content, words = case
    setting = build_setting(name="Riverside Academy", urn="114999")
    Term.objects.create(setting=setting, name="Kept", first_day="2026-09-01", last_day="2026-10-01")
    for url in (
        reverse("encompass:terms-import", kwargs={"setting_id": setting.pk}),
        reverse("encompass:council-terms-import"),
    ):
        response = signed_in(user=admin).post(url, {"file": upload(filename, content_of(case))})
        assert_clear_error_page(response, words)
    assert list(Term.objects.values_list("name", flat=True)) == ["Kept"]


def test_a_police_export_of_many_rows_under_the_size_limit_is_read_whole(officer: User) -> None:
    """20,000 rows (under 5 MB) are checked, and one bad row among them still refuses them all."""
    from tests.system.hostile_cases import incidents_csv

    tally("bad_files")
    rows = [{"police_reference": f"DUR-{n}", "occurred_at": "2026-11-13 18:30"} for n in range(19_999)]
    text = incidents_csv(*rows, {"occurred_at": "soon"})
    assert len(text.encode()) < 5 * 1024 * 1024
    with pytest.raises(BusinessRuleError) as refused:
        encompass_services.incidents_import(actor=officer, text=text)
    assert refused.value.errors["file"] == ["line 20001: occurred_at is not a date and time written YYYY-MM-DD HH:MM"]
    assert encompass_written() == (0, 0, 0)


@pytest.fixture
def admin() -> User:
    return make_person(Role.ADMIN)


@pytest.fixture
def officer(police: Agency) -> User:
    return make_person(Role.ENCOMPASS_OFFICER, agency=police)


# ---------------------------------------------------------------- evidence on a quarterly update

EVIDENCE_REFUSED = [
    ("empty", "audit.pdf", b"", "The submitted file is empty"),
    ("over 10 MB", "audit.pdf", b"%PDF" + b" " * (10 * 1024 * 1024), "smaller than 10 MB"),
    ("a program", "tool.exe", b"MZ\x90\x00", "must be a PDF, Word, Excel"),
    ("a web page", "page.html", b"<script>alert(1)</script>", "must be a PDF, Word, Excel"),
    ("an SVG image", "image.svg", b"<svg onload=alert(1)>", "must be a PDF, Word, Excel"),
    ("no suffix", "audit", b"text", "must be a PDF, Word, Excel"),
]


@pytest.fixture
def update_page(settings: Any, tmp_path: Path, signed_in: SignedIn) -> tuple[Client, str, Any]:
    """An administrator's client, the evidence address of an open quarter's update, and the update."""
    settings.MEDIA_ROOT = tmp_path
    admin = make_person(Role.ADMIN)
    inspection = build_plan(actions=2)
    action = first_action(inspection)
    other = inspection.actions.exclude(pk=action.pk).first()
    update = build_cycle(inspection=inspection, admin=admin, action=action, other_action=other)["update"]
    return signed_in(user=admin), reverse("plans:evidence-add", kwargs={"update_id": update.pk}), update


@pytest.mark.parametrize("case", EVIDENCE_REFUSED, ids=[case[0] for case in EVIDENCE_REFUSED])
def test_a_bad_evidence_file_is_refused_with_a_govuk_error_and_nothing_is_kept(
    case: tuple[str, str, bytes, str], update_page: tuple[Client, str, Any], tmp_path: Path
) -> None:
    tally("bad_files")
    _name, filename, content, words = case
    client, url, update = update_page
    before = update.evidence.count()
    response = client.post(url, {"kind": "file", "description": "Audit", "file": upload(filename, content)})
    assert_clear_error_page(response, words)
    assert update.evidence.count() == before
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_hostile_evidence_file_name_is_kept_only_as_escaped_text(update_page: tuple[Client, str, Any]) -> None:
    """A name with markup and a path is stored under the record's own id; the name shows escaped and never as a path."""
    tally("bad_files")
    client, url, update = update_page
    name = "../../<script>alert(1)</script>.pdf"
    response = client.post(url, {"kind": "file", "description": SCRIPT_TEXT, "file": upload(name, b"%PDF-1.4")})
    assert response.status_code == 302
    item = update.evidence.get(kind="file")
    assert "/" not in item.original_name and ".." not in item.original_name
    assert item.file.name.startswith("evidence/") and item.file.name.endswith(f"{item.pk}.pdf")
    page = client.get(response["Location"])
    assert b"<script>alert(1)</script>" not in page.content
    download = client.get(reverse("plans:evidence-download", kwargs={"evidence_id": item.pk}))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


SCRIPT_TEXT = "<script>alert(1)</script>"
