"""Subject access: everything held about one child is exported, nothing about any other child, with its access log."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, AgencyKind, Role
from partnership.audits.models import (
    AgencyReturn,
    AuditRound,
    ModeratedGrade,
    Moderation,
    Recommendation,
    RoundCase,
    SectionGrade,
)
from partnership.audits.services import tool_create_from_template
from partnership.children.models import (
    BreakGlass,
    Child,
    ChronologyEvent,
    Commitment,
    Household,
    HouseholdAdult,
    RiskAnswer,
    VoiceEntry,
)
from partnership.cli import main
from partnership.encompass.models import (
    EncompassException,
    Enrolment,
    Incident,
    IncidentChild,
    Notification,
    Setting,
)
from partnership.frontdoor.models import Feedback
from partnership.records import subject_access
from partnership.strategy.models import MeetingAction, MeetingChild
from tests.children.builders import build_child, build_risk_records
from tests.factories import AgencyFactory, make_person
from tests.frontdoor.builders import build_contact, build_enquiry
from tests.strategy.builders import build_meeting
from tests.trust import tally

pytestmark = pytest.mark.django_db

SIBLING_WORDS = ("Brynmor", "Siblingson", "SAR-SIB-2", "SIBLING-SECRET")
STRANGER_WORDS = ("Cordelia", "Strangeway", "SAR-STR-3", "STRANGER-SECRET")
# Record types whose history is kept with django-simple-history (the others have no history rows).
UNTRACKED = {"children.breakglass", "children.riskanswer", "frontdoor.feedback"}


def _chronology(child: Child, agency: Any, summary: str) -> ChronologyEvent:
    return ChronologyEvent.objects.create(
        child=child, occurred_at=timezone.now(), event_type="other", summary=summary, source_agency=agency
    )


def _encompass(*, child: Child, sibling: Child, officer: Any, school: Any) -> Incident:
    setting = Setting.objects.create(
        name="Hilltop Primary", urn="123456", setting_type="community", phase="primary", agency=school
    )
    Enrolment.objects.create(child=child, setting=setting, started_on=date(2021, 9, 1))
    incident = Incident.objects.create(
        police_reference="DUR-SAR-1",
        occurred_at=timezone.now() - timedelta(days=1),
        place="The family home",
        risk_level="medium",
        officer_name="PC 1234 Example",
        recorded_by=officer,
    )
    for who in (child, sibling):
        present = IncidentChild.objects.create(incident=incident, child=who, present=True, child_words="I hid")
        Notification.objects.create(
            incident_child=present, setting=setting, issued_at=timezone.now(), issued_by=officer
        )
    EncompassException.objects.create(incident_child=incident.children.get(child=child), reason="no_key_adult")
    return incident


def _audits(*, child: Child, sibling: Child, lead: Any, agency: Any) -> None:
    tool = tool_create_from_template(actor=lead)
    section = tool.sections.order_by("number").first()
    today = timezone.localdate()
    audit_round = AuditRound.objects.create(
        title="Round", theme="Domestic abuse", tool=tool, starts_on=today, ends_on=today, created_by=lead
    )
    for who in (child, sibling):
        case = RoundCase.objects.create(round=audit_round, child=who, chosen_by="by_hand")
        agency_return = AgencyReturn.objects.create(round_case=case, agency=agency)
        SectionGrade.objects.create(agency_return=agency_return, section=section, grade="Good", rationale="Seen")
        moderation = Moderation.objects.create(round_case=case, moderated_by=lead, moderated_at=timezone.now())
        ModeratedGrade.objects.create(moderation=moderation, section=section, grade="Good", reason="Agreed")
        Recommendation.objects.create(
            round=audit_round, round_case=case, text="Ask the child", owner_agency=agency, created_by=lead
        )


def build_subject_world() -> SimpleNamespace:
    """A child with one record of every kind, from several agencies; a sibling in the same household who shares the
    contact, meeting, incident and audit round; a stranger with records of their own; and a merged duplicate."""
    council, police = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE), AgencyFactory(kind=AgencyKind.POLICE)
    school = AgencyFactory(kind=AgencyKind.EDUCATION)
    admin = make_person(Role.ADMIN, agency=council)
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    officer = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    household = Household.objects.create(reference="HH-SAR-1")
    adult = HouseholdAdult.objects.create(household=household, first_name="Dana", last_name="Parent", role="parent")
    child = build_child(
        agency=council, local_child_id="SAR-1", first_name="Alexa", last_name="Subject", household=household
    )
    sibling = build_child(
        agency=council, local_child_id="SAR-SIB-2", first_name="Brynmor", last_name="Siblingson", household=household
    )
    stranger = build_child(agency=police, local_child_id="SAR-STR-3", first_name="Cordelia", last_name="Strangeway")
    duplicate = build_child(agency=police, local_child_id="SAR-1-DUP", first_name="Alexa", last_name="Subject")
    Child.objects.filter(pk=duplicate.pk).update(merged_into=child, merged_at=timezone.now())

    _chronology(child, council, "Seen at home by the social worker")
    _chronology(duplicate, police, "Kept on the duplicate record by the police")
    _chronology(sibling, council, "SIBLING-SECRET event")
    _chronology(stranger, police, "STRANGER-SECRET event")
    VoiceEntry.objects.create(
        child=child,
        words="I like my school",
        method="direct_work",
        gathered_on=date(2026, 1, 5),
        gathered_by="SW",
        agency=council,
    )
    BreakGlass.objects.create(
        child=child, user=officer, agency=police, reason="Out of hours", expires_at=timezone.now()
    )

    contact = build_contact(child=child, by=worker, concern="Both children seen with bruises")
    contact.children.add(sibling)
    enquiry = build_enquiry(contact=contact, by=worker, agencies=[council, police])
    Feedback.objects.create(contact=contact, agency=police, to_referrer=False)
    build_contact(child=stranger, by=worker, concern="STRANGER-SECRET contact")

    meeting = build_meeting(child=child, agency=council, by=worker, invited=[council, police])
    MeetingChild.objects.create(meeting=meeting, child=sibling, reason="SIBLING-SECRET decision")
    MeetingAction.objects.create(
        meeting=meeting, text="Visit the family", owner_agency=council, owner_name="A Worker", due_on=date(2026, 2, 1)
    )
    build_meeting(child=stranger, agency=police, by=officer, invited=[police])

    incident = _encompass(child=child, sibling=sibling, officer=officer, school=school)
    assessment, agreement = build_risk_records(child=child, agency=council)
    RiskAnswer.objects.create(assessment=assessment, question=assessment.template.questions.first(), answer="yes")
    Commitment.objects.create(
        agreement=agreement, text="Keep the children safe", responsible="adult_victim", responsible_adult=adult
    )
    build_risk_records(child=stranger, agency=police)
    _audits(child=child, sibling=sibling, lead=admin, agency=council)
    return SimpleNamespace(
        admin=admin,
        worker=worker,
        officer=officer,
        child=child,
        sibling=sibling,
        stranger=stranger,
        duplicate=duplicate,
        contact=contact,
        enquiry=enquiry,
        meeting=meeting,
        incident=incident,
        assessment=assessment,
    )


def _open(content: bytes) -> tuple[dict[str, Any], list[list[str]], str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["access-log.csv", "records.json"]
        text = archive.read("records.json").decode()
        log = archive.read("access-log.csv").decode("utf-8-sig")
    return json.loads(text), list(csv.reader(io.StringIO(log))), text + log


def test_the_export_holds_a_record_of_every_kind_it_claims_with_its_history() -> None:
    world = build_subject_world()
    data, _, _ = _open(subject_access.subject_access_export(user=world.admin, child=world.child))
    kinds = {kind["kind"]: kind for kind in data["kinds"]}
    assert list(kinds) == [
        "child",
        "family",
        "chronology",
        "voice",
        "front_door",
        "strategy",
        "encompass",
        "risk",
        "audits",
    ]
    for kind in data["kinds"]:
        for section in kind["sections"]:
            assert section["records"], f"{kind['kind']}: no {section['record_type']} although one was built"
            if section["record_type"] not in UNTRACKED:
                ids = {record["id"] for record in section["records"]}
                assert ids <= {row["id"] for row in section["history"]}, f"{section['record_type']} lacks history"
    summary = {count.key: count.total for count in subject_access.summary_counts(world.child)}
    for kind in data["kinds"]:
        assert summary[kind["kind"]] == sum(len(s["records"]) for s in kind["sections"])
    assert summary["history"] == sum(len(s["history"]) for k in data["kinds"] for s in k["sections"])


def test_the_export_has_every_field_in_iso_8601_and_the_merged_duplicate() -> None:
    world = build_subject_world()
    data, _, _ = _open(subject_access.subject_access_export(user=world.admin, child=world.child))
    sections = {s["record_type"]: s for k in data["kinds"] for s in k["sections"]}
    children = {record["local_child_id"]: record for record in sections["children.child"]["records"]}
    assert set(children) == {"SAR-1", "SAR-1-DUP"}
    record = children["SAR-1"]
    assert {field.name for field in Child._meta.concrete_fields} <= set(record)
    assert record["date_of_birth"] == "2015-05-01"
    assert datetime.fromisoformat(record["created_at"]).utcoffset() == timedelta(0)
    summaries = {event["summary"] for event in sections["children.chronologyevent"]["records"]}
    assert summaries == {"Seen at home by the social worker", "Kept on the duplicate record by the police"}
    contact = sections["frontdoor.contact"]["records"][0]
    assert contact["children"] == [str(world.child.pk)]
    assert contact["recorded_by"]["name"] == str(world.worker)
    history = sections["children.child"]["history"][0]
    assert history["history_type"] == "+" and datetime.fromisoformat(history["history_date"]).tzinfo is not None


def test_no_other_childs_data_appears_in_the_export() -> None:
    world = build_subject_world()
    access_event_record(user=world.worker, action="view", object_type="child", object_id=world.sibling.pk, purpose="x")
    _, _, everything = _open(subject_access.subject_access_export(user=world.admin, child=world.child))
    words = SIBLING_WORDS + STRANGER_WORDS + (str(world.sibling.pk), str(world.stranger.pk))
    tally("role_object_cases", len(words))
    for word in words:
        assert word not in everything, f"{word!r} is about another child but is in the export"
    assert "Alexa" in everything and "Dana" in everything


def test_the_access_log_lists_other_peoples_looks_at_every_record_about_the_child() -> None:
    world = build_subject_world()
    for object_type, object_id in (
        ("child", world.child.pk),
        ("child", world.duplicate.pk),
        ("contact", world.contact.pk),
        ("mash_enquiry", world.enquiry.pk),
        ("strategy_meeting", world.meeting.pk),
        ("encompass_incident", world.incident.pk),
        ("risk_assessment", world.assessment.pk),
    ):
        access_event_record(
            user=world.worker, action="view", object_type=object_type, object_id=object_id, purpose=object_type
        )
    access_event_record(
        user=world.officer, action="view", object_type="child", object_id=world.stranger.pk, purpose="no"
    )
    access_event_record(
        user=world.officer, action="view", object_type="child", object_id=world.sibling.pk, purpose="no"
    )
    events = list(subject_access.access_log(world.child))
    assert sorted(e.purpose for e in events) == sorted(
        ["child"] * 2 + ["contact", "mash_enquiry", "strategy_meeting", "encompass_incident", "risk_assessment"]
    )
    assert {e.user for e in events} == {world.worker}
    _, rows, _ = _open(subject_access.subject_access_export(user=world.admin, child=world.child))
    assert rows[0] == subject_access.LOG_HEADINGS
    assert [row[1] for row in rows[1:]].count(str(world.worker)) == 7
    export_row = rows[1]
    assert export_row[1] == str(world.admin) and export_row[5] == "Exported" and export_row[8] == subject_access.PURPOSE


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(hostile: str) -> None:
    world = build_subject_world()
    world.worker.first_name, world.worker.last_name = hostile, "Person"
    world.worker.save()
    access_event_record(
        user=world.worker, action="view", object_type="child", object_id=world.child.pk, purpose=hostile
    )
    _, rows, _ = _open(subject_access.subject_access_export(user=world.admin, child=world.child))
    tally("hostile_values", 2)
    row = next(row for row in rows if row[2] == world.worker.username)
    assert row[8] == "'" + hostile
    name = str(world.worker)  # a full name is trimmed of white space, so a tab may not lead it
    assert row[1] == ("'" + name if name.startswith(("=", "+", "-", "@", "\t", "\r")) else name)
    for cells in rows:
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"unsafe cell {cell!r}"


def test_the_export_is_logged_and_non_admins_are_refused() -> None:
    world = build_subject_world()
    before = AccessEvent.objects.count()
    subject_access.subject_access_export(user=world.admin, child=world.child)
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert (event.user, event.action, event.object_id, event.purpose) == (
        world.admin,
        AccessEvent.Action.EXPORT,
        str(world.child.pk),
        "Subject access request",
    )
    from django.http import Http404

    for user in (world.worker, world.officer):
        tally("role_object_cases")
        with pytest.raises(Http404):
            subject_access.subject_access_export(user=user, child=world.child)
        assert subject_access.subject_access_find(user=user, local_child_id="SAR-1") == []
    assert AccessEvent.objects.count() == before + 1


def test_the_command_writes_the_zip_and_logs_the_export(tmp_path: Path) -> None:
    world = build_subject_world()
    out = tmp_path / "request.zip"
    assert main(["subject-access", str(world.child.pk), "--out", str(out)]) == 0
    data, _, everything = _open(out.read_bytes())
    assert data["child_id"] == str(world.child.pk)
    assert "Brynmor" not in everything
    event = AccessEvent.objects.order_by("-id").first()
    assert event.action == AccessEvent.Action.EXPORT and event.user is None
    assert event.purpose == "Subject access request (command line)"
    assert main(["subject-access", str(world.duplicate.pk), "--out", str(tmp_path / "dup.zip")]) == 2
    assert main(["subject-access", "not-a-uuid", "--out", str(tmp_path / "bad.zip")]) == 2
    assert not (tmp_path / "dup.zip").exists() and not (tmp_path / "bad.zip").exists()


def test_generated_at_and_file_dates_are_utc() -> None:
    world = build_subject_world()
    data = subject_access.export_data(world.child, generated_at=datetime(2026, 6, 1, 13, 0, tzinfo=UTC))
    assert data["generated_at"] == "2026-06-01T13:00:00+00:00"
