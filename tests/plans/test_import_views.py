"""Uploading a plan file on the plan's import page, and downloading the plan as xlsx, YAML or JSON."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import openpyxl
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnership.access.models import AccessEvent, Role
from partnership.plans.exporting import plan_to_data
from partnership.plans.models import Action, Inspection
from tests.plans.builders import build_plan
from tests.plans.test_import_export import good_data, table_counts, write_file

pytestmark = pytest.mark.django_db

SignedIn = Callable[..., Client]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_import_page_shows_a_file_upload_form_to_an_administrator(signed_in: SignedIn) -> None:
    response = signed_in(Role.ADMIN).get(reverse("plans:import"))
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b'enctype="multipart/form-data"' in response.content


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.ACTION_LEAD, Role.VIEWER])
def test_the_import_page_is_not_found_for_other_roles(signed_in: SignedIn, role: str) -> None:
    client = signed_in(role)
    assert client.get(reverse("plans:import")).status_code == 404
    response = client.post(
        reverse("plans:import"), {"file": upload("plan.yaml", write_file(good_data(), "yaml").read())}
    )
    assert response.status_code == 404
    assert not Inspection.objects.exists()


def test_a_good_file_is_imported_and_the_plan_page_says_so(signed_in: SignedIn) -> None:
    client = signed_in(Role.ADMIN)
    response = client.post(
        reverse("plans:import"), {"file": upload("plan.xlsx", write_file(good_data(), "xlsx").read())}
    )
    assert response.status_code == 302
    assert response["Location"] == "/plan/"
    inspection = Inspection.objects.get()
    assert Action.objects.filter(inspection=inspection).count() == 3
    assert inspection.history.get().history_user == client.user  # type: ignore[attr-defined]
    page = client.get(response["Location"])
    assert "Imported the plan for &#x27;Test inspection&#x27;." in page.content.decode()
    assert AccessEvent.objects.filter(action="change", object_type="inspection", object_id=str(inspection.pk)).exists()


def test_a_bad_file_is_refused_with_every_problem_in_a_table(signed_in: SignedIn) -> None:
    client = signed_in(Role.ADMIN)
    data = good_data()
    data["Actions"][2]["Theme"] = "Leadership"
    data["Links"][1]["Action reference"] = "9.9"
    before = table_counts()
    response = client.post(reverse("plans:import"), {"file": upload("plan.xlsx", write_file(data, "xlsx").read())})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Import a plan" in html
    assert "The file was not imported" in html
    assert "We found 2 problems in the file" in html
    rows = [
        ["Actions", "4", "Theme", "unknown theme &#x27;Leadership&#x27;"],
        ["Links", "3", "Action reference", "no action &#x27;9.9&#x27; in the Actions sheet"],
    ]
    for sheet, row, column, message in rows:
        assert (
            f'<td class="govuk-table__cell">{sheet}</td>\n'
            f'      <td class="govuk-table__cell govuk-table__cell--numeric">{row}</td>\n'
            f'      <td class="govuk-table__cell">{column}</td>\n'
            f'      <td class="govuk-table__cell">{message}</td>'
        ) in html
    assert table_counts() == before


def test_an_unreadable_file_is_one_problem(signed_in: SignedIn) -> None:
    response = signed_in(Role.ADMIN).post(reverse("plans:import"), {"file": upload("plan.xlsx", b"not a workbook")})
    html = response.content.decode()
    assert "The file was not imported" in html
    assert "The file could not be read as an Excel workbook (.xlsx)" in html
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select a plan file"),
        (
            {"file": upload("plan.csv", b"a,b")},
            "The selected file must be an Excel workbook (.xlsx), YAML or JSON file",
        ),
        ({"file": upload("plan.xlsx", b"x" * (10 * 1024 * 1024 + 1))}, "The selected file must be smaller than 10 MB"),
    ],
)
def test_a_missing_wrong_or_too_large_file_gets_a_clear_error(
    signed_in: SignedIn, data: dict[str, SimpleUploadedFile], message: str
) -> None:
    response = signed_in(Role.ADMIN).post(reverse("plans:import"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.VIEWER, Role.ACTION_LEAD])
def test_any_signed_in_role_downloads_the_plan_as_a_workbook_and_it_is_logged(signed_in: SignedIn, role: str) -> None:
    inspection = build_plan(actions=3, plan_start=date(2018, 9, 3))
    inspection.fieldwork_start = date(2018, 7, 9)
    inspection.save()
    client = signed_in(role)
    response = client.get(reverse("plans:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="improvement-plan-2018-07.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["Actions"].max_row == 4
    event = AccessEvent.objects.get(action="export")
    assert (event.user, event.object_type, event.object_id) == (client.user, "inspection", str(inspection.pk))


@pytest.mark.parametrize(("file_format", "content_type"), [("yaml", "application/yaml"), ("json", "application/json")])
def test_the_plan_downloads_as_yaml_or_json(signed_in: SignedIn, file_format: str, content_type: str) -> None:
    inspection = build_plan(actions=2)
    response = signed_in(Role.EXECUTIVE).get(reverse("plans:export"), {"format": file_format})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="improvement-plan-2018-09.{file_format}"'
    assert yaml.safe_load(response.content)["Plan"]["Title"] == plan_to_data(inspection)["Plan"]["Title"]


def test_an_unknown_format_or_no_plan_is_not_found(signed_in: SignedIn) -> None:
    client = signed_in(Role.ADMIN)
    assert client.get(reverse("plans:export")).status_code == 404
    build_plan(actions=1)
    assert client.get(reverse("plans:export"), {"format": "csv"}).status_code == 404
    assert not AccessEvent.objects.filter(action="export").exists()


def test_signed_out_people_are_sent_to_sign_in() -> None:
    client = Client()
    for name in ("plans:import", "plans:export"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]
