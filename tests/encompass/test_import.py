"""Importing the police export of incidents: every incident of a good file recorded and its schools told, a file seen
before skipped, and a file with any bad row (or a row a service refuses) importing nothing, with each line named."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from partnership.access.models import User
from partnership.children.models import Child
from partnership.core.errors import BusinessRuleError
from partnership.core.models import OutboxMessage
from partnership.encompass import import_checking, services
from partnership.encompass.models import Incident, IncidentChild, Notification, Setting
from tests.encompass.builders import at, enrol, make_child

pytestmark = pytest.mark.django_db

HEADING = (
    "police_reference,occurred_at,place,risk_level,officer,circumstances,child_first_name,child_last_name,"
    "child_date_of_birth,child_local_id,child_nhs_number,child_present,child_words"
)
NOW = at("2026-11-16 07:00")

# Robin and Lee at one incident on two rows; Robin again, by her local child ID, at a second.
ROBIN = (
    "DUR-100,2026-11-13 18:30,The family home,medium,PC 1 Example,Shouting heard,Robin,Example,2017-05-01,,,yes,I hid"
)
LEE = "DUR-100,2026-11-13 18:30,The family home,medium,PC 1 Example,Shouting heard,Lee,Example,2013-02-02,,,no,"
ROBIN_AGAIN = "DUR-101,2026-11-14 11:00,Park Road,High,PC 2 Example,,,,,C-1,,Y,"


def csv_of(*rows: str, heading: str = HEADING) -> str:
    return "\n".join([heading, *rows]) + "\n"


@pytest.fixture
def lee(officer: User, riverside: Setting) -> Child:
    child = make_child(by=officer, first_name="Lee", last_name="Example", date_of_birth=date(2013, 2, 2))
    enrol(child, riverside)
    return child


def import_file(officer: User, text: str, now: Any = NOW) -> services.ImportResult:
    return services.incidents_import(actor=officer, text=text, now=now)


def refused(officer: User, text: str) -> list[str]:
    with pytest.raises(BusinessRuleError) as error:
        import_file(officer, text)
    return error.value.errors["file"]


def nothing_recorded() -> bool:
    return not (Incident.objects.exists() or IncidentChild.objects.exists() or Notification.objects.exists())


# A good file


def test_a_good_file_records_each_incident_and_tells_each_school(officer, pupil, lee, hilltop, riverside):
    result = import_file(officer, csv_of(ROBIN, LEE, ROBIN_AGAIN))
    assert result == services.ImportResult(created=2, skipped=0, notifications=3)
    first, second = Incident.objects.get(police_reference="DUR-100"), Incident.objects.get(police_reference="DUR-101")
    assert first.imported and second.imported
    assert first.recorded_by == officer
    assert (first.occurred_at, first.place, first.risk_level) == (at("2026-11-13 18:30"), "The family home", "medium")
    assert first.circumstances == "Shouting heard"
    assert first.officer_name == "PC 1 Example"
    assert second.risk_level == "high"
    robin, lee_at = IncidentChild.objects.get(incident=first, child=pupil), IncidentChild.objects.get(child=lee)
    assert (robin.present, robin.child_words) == (True, "I hid")
    assert (lee_at.present, lee_at.incident) == (False, first)
    assert IncidentChild.objects.get(incident=second).child == pupil
    assert {(n.incident_child.incident.police_reference, n.setting) for n in Notification.objects.all()} == {
        ("DUR-100", hilltop),
        ("DUR-100", riverside),
        ("DUR-101", hilltop),
    }
    assert Notification.objects.get(setting=riverside).deadline_at == at("2026-11-16 08:45")
    assert Notification.objects.get(incident_child__incident=second).deadline_at == at("2026-11-16 08:45")
    assert OutboxMessage.objects.filter(kind="encompass-notification").count() == 3


def test_importing_the_same_file_again_records_nothing_and_counts_it_skipped(officer, pupil, lee):
    text = csv_of(ROBIN, LEE, ROBIN_AGAIN)
    import_file(officer, text)
    counts = (Incident.objects.count(), Notification.objects.count(), OutboxMessage.objects.count())
    result = import_file(officer, text, now=at("2026-11-16 09:00"))
    assert result == services.ImportResult(created=0, skipped=2, notifications=0)
    assert (Incident.objects.count(), Notification.objects.count(), OutboxMessage.objects.count()) == counts


def test_a_file_with_some_incidents_already_recorded_records_the_rest(officer, pupil, lee):
    import_file(officer, csv_of(ROBIN, LEE))
    result = import_file(officer, csv_of(ROBIN, LEE, ROBIN_AGAIN))
    assert result == services.ImportResult(created=1, skipped=1, notifications=1)
    assert Incident.objects.count() == 2


def test_a_reference_already_recorded_in_another_case_is_skipped(officer, pupil, lee):
    import_file(officer, csv_of(ROBIN, LEE))
    result = import_file(officer, csv_of(ROBIN.lower().replace("robin,example", "Robin,Example")))
    assert result == services.ImportResult(created=0, skipped=1, notifications=0)
    assert Incident.objects.count() == 1


def test_rows_of_one_reference_in_any_case_are_one_incident(officer, pupil, lee):
    result = import_file(officer, csv_of(ROBIN, LEE.replace("DUR-100", "dur-100")))
    assert result.created == 1
    assert IncidentChild.objects.filter(incident__police_reference="DUR-100").count() == 2


def test_a_byte_order_mark_windows_line_ends_blank_lines_and_spaces_are_tolerated(officer, pupil, lee):
    heading = " Police_Reference , Occurred_At ," + HEADING.split(",", 2)[2].upper()
    text = (
        "\ufeff"
        + heading
        + "\r\n\r\n"
        + ROBIN
        + "\r\n,,,,,,,,,,,,\r\n\r\n"
        + LEE.replace(",Lee,", ", Lee ,")
        + "\r\n\r\n"
    )
    result = import_file(officer, text)
    assert result == services.ImportResult(created=1, skipped=0, notifications=2)
    assert IncidentChild.objects.get(child=lee).incident.police_reference == "DUR-100"


def test_a_new_child_in_the_file_gets_a_record(officer, council_terms):
    row = "DUR-200,2026-11-13 18:30,The family home,standard,PC 1 Example,,Nova,Newcomer,2024-04-04,,,yes,"
    result = import_file(officer, csv_of(row))
    assert result == services.ImportResult(created=1, skipped=0, notifications=0)
    child = Child.objects.get(first_name="Nova")
    assert child.local_child_id.startswith("ENC-")


# A file with a bad row imports nothing


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        ("DUR-102,2026-11-16 07:06,Park Road,high,PC 2,,Robin,Example,2017-05-01,,,yes,", "in the future"),
        ("DUR-102,2026-11-14 11:00,Park Road,severe,PC 2,,Robin,Example,2017-05-01,,,yes,", "risk_level must be"),
        ("DUR-102,13/11/2026 18:30,Park Road,high,PC 2,,Robin,Example,2017-05-01,,,yes,", "occurred_at is not a date"),
        ("DUR-102,2026-11-14 11:00,Park Road,high,PC 2,,Robin,Example,2017-13-01,,,yes,", "child_date_of_birth is not"),
        ("DUR-102,2026-11-14 11:00,Park Road,high,PC 2,,Robin,Example,2030-01-01,,,yes,", "in the future"),
        ("DUR-102,2026-11-14 11:00,Park Road,high,PC 2,,Robin,Example,,,,yes,", "no date of birth"),
        ("DUR-102,2026-11-14 11:00,Park Road,high,PC 2,,,,2017-05-01,,,yes,", "first and last name"),
        ("DUR-102,2026-11-14 11:00,,high,PC 2,,Robin,Example,2017-05-01,,,yes,", "place is empty"),
        ("DUR-102,2026-11-14 11:00,Park Road,high,,,Robin,Example,2017-05-01,,,yes,", "officer is empty"),
        ("DUR-102,2026-11-14 11:00,Park Road,high,PC 2,,Robin,Example,2017-05-01,,,maybe,", "child_present must"),
        ("DUR-100,2026-11-13 19:30,The family home,medium,PC 1,,Robin,Example,2017-05-01,,,yes,", "than line 2"),
        ("DUR-100,2026-11-13 18:30,The family home,high,PC 1,,Robin,Example,2017-05-01,,,yes,", "than line 2"),
    ],
)
def test_a_file_with_one_bad_row_imports_nothing_and_names_its_line(officer, pupil, lee, bad_row, expected):
    problems = refused(officer, csv_of(ROBIN, LEE, bad_row, ROBIN_AGAIN))
    assert len(problems) == 1
    assert problems[0].startswith("line 4: ")
    assert expected in problems[0]
    assert nothing_recorded()
    assert not OutboxMessage.objects.exists()


def test_every_bad_row_is_reported_in_line_order(officer, pupil, lee):
    problems = refused(
        officer,
        csv_of(
            ROBIN.replace("medium", "severe"),
            LEE,
            "",
            "DUR-102,tomorrow,Park Road,high,PC 2,,Robin,Example,2017-05-01,,,yes,",
        ),
    )
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 5"]
    assert nothing_recorded()


def test_a_file_without_a_required_heading_imports_nothing(officer, pupil, lee):
    heading = HEADING.replace("risk_level", "risk")
    problems = refused(officer, csv_of(ROBIN.replace(",medium,", ",x,"), heading=heading))
    assert len(problems) == 1
    assert problems[0].startswith("line 1: ")
    assert "risk_level" in problems[0]
    assert nothing_recorded()


def test_an_empty_file_is_refused_by_its_heading(officer, council_terms):
    problems = refused(officer, "")
    assert problems[0].startswith("line 1: ")


def test_a_child_a_service_cannot_tell_apart_rolls_back_the_whole_file(officer, pupil, lee):
    make_child(
        by=officer, first_name="Robin", last_name="Example", date_of_birth=date(2017, 5, 1), not_a_duplicate=True
    )
    children = Child.objects.count()
    robin_later = "DUR-102,2026-11-14 11:00,Park Road,high,PC 2,,Robin,Example,2017-05-01,,,yes,"
    problems = refused(officer, csv_of(ROBIN_AGAIN, LEE.replace("DUR-100", "DUR-103"), robin_later))
    assert len(problems) == 1
    assert problems[0].startswith("line 4: More than one record matches Robin Example")
    assert nothing_recorded()
    assert not OutboxMessage.objects.exists()
    assert Child.objects.count() == children


def test_an_unknown_local_child_id_names_the_childs_line(officer, pupil, lee):
    unknown = "DUR-100,2026-11-13 18:30,The family home,medium,PC 1,,,,,C-404,,no,"
    problems = refused(officer, csv_of(ROBIN, LEE, unknown))
    assert problems == ["line 4: No child has the local child ID C-404"]
    assert nothing_recorded()


def test_a_new_child_created_before_a_later_row_failed_is_not_kept(officer, pupil, lee):
    children = Child.objects.count()
    new_child = "DUR-200,2026-11-13 18:30,The family home,standard,PC 1,,Nova,Newcomer,2015-04-04,,,yes,"
    unknown = "DUR-201,2026-11-13 18:30,The family home,standard,PC 1,,,,,C-404,,no,"
    refused(officer, csv_of(new_child, unknown))
    assert Child.objects.count() == children


def test_a_file_too_long_is_refused(officer, pupil, lee, monkeypatch):
    monkeypatch.setattr(import_checking, "MAX_ROWS", 2)
    problems = refused(officer, csv_of(ROBIN, LEE, ROBIN_AGAIN))
    assert any(p.startswith("line 4: the file has more than 2 rows") for p in problems)
    assert nothing_recorded()


# Reading the file, before any service


def test_reading_groups_rows_by_reference_and_keeps_each_childs_line():
    incidents, problems = import_checking.read_incidents(csv_of(ROBIN, LEE, ROBIN_AGAIN), now=NOW)
    assert problems == []
    assert [(i.police_reference, i.line) for i in incidents] == [("DUR-100", 2), ("DUR-101", 4)]
    first, second = incidents
    assert [(line, entry.first_name, entry.present) for line, entry in first.children] == [
        (2, "Robin", True),
        (3, "Lee", False),
    ]
    assert first.children[0][1].date_of_birth == date(2017, 5, 1)
    assert first.children[0][1].child_words == "I hid"
    assert second.children[0][1].local_child_id == "C-1"
    assert second.children[0][1].present is True
    assert second.risk_level == "high"
    assert first.occurred_at == at("2026-11-13 18:30")


def test_reading_takes_a_time_in_summer_as_london_time():
    row = "DUR-300,2026-07-01T18:30,Home,standard,PC 1,,Robin,Example,2017-05-01,,,no,"
    [incident], problems = import_checking.read_incidents(csv_of(row), now=NOW)
    assert problems == []
    assert incident.occurred_at == at("2026-07-01 18:30")
    assert incident.occurred_at.utcoffset() is not None
