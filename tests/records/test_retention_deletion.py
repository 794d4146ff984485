"""Deleting a child's whole record past retention: every row and history row goes, shared records stay without the
child, and the decision left behind holds no personal data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from partnership.access.models import AccessEvent, Role
from partnership.children.models import (
    AdultRole,
    BreakGlass,
    Child,
    ChronologyEvent,
    Commitment,
    EventType,
    Household,
    HouseholdAdult,
    Involvement,
    Responsible,
    VoiceEntry,
)
from partnership.core.errors import BusinessRuleError
from partnership.encompass.models import EncompassException, Enrolment, Incident, IncidentChild, Notification, Setting
from partnership.frontdoor.models import Feedback, MashEnquiry, Outcome
from partnership.records.models import DecisionAction, RecordType, RetentionDecision
from partnership.records.retention import retention_delete
from partnership.strategy.models import MeetingAction, MeetingChild, StrategyMeeting
from tests.audits.builders import build_audit_world
from tests.children.builders import build_child, build_risk_records
from tests.factories import AgencyFactory, make_person
from tests.frontdoor.builders import build_contact, build_enquiry
from tests.strategy.builders import build_meeting
from tests.trust import tally

pytestmark = pytest.mark.django_db

BORN = date(1989, 2, 17)
SURNAME = "Quillfeather"


def _incident(*, children: list[Child], by: Any, setting: Setting, reference: str) -> Incident:
    incident = Incident.objects.create(
        police_reference=reference,
        occurred_at=timezone.now() - timedelta(days=3),
        place="The family home",
        risk_level="medium",
        officer_name="PC 1 Example",
        recorded_by=by,
    )
    for child in children:
        part = IncidentChild.objects.create(incident=incident, child=child, present=True, child_words="I hid upstairs")
        notification = Notification.objects.create(
            incident_child=part, setting=setting, issued_at=timezone.now(), issued_by=by
        )
        EncompassException.objects.create(incident_child=part, reason="no_key_adult", notification=notification)
    return incident


def build_record(*, with_sibling: bool) -> dict[str, Any]:
    """A child past retention with every kind of record, some shared with a sibling, and history of each."""
    agency = AgencyFactory()
    worker = make_person(Role.SOCIAL_WORKER, agency=agency)
    household = Household.objects.create(reference="H-RET-1")
    HouseholdAdult.objects.create(household=household, first_name="Dale", last_name="Carer", role=AdultRole.PARENT)
    child = build_child(agency=agency, local_child_id="RET-1", first_name="Zebedee", last_name=SURNAME)
    Child.objects.filter(pk=child.pk).update(date_of_birth=BORN, household=household)
    child.refresh_from_db()
    child.other_names = f"Zeb {SURNAME}"
    child.save()  # a second history row
    duplicate = build_child(agency=agency, local_child_id="RET-1-DUP", first_name="Zebedee", last_name=SURNAME)
    duplicate.date_of_birth, duplicate.merged_into, duplicate.merged_at = BORN, child, timezone.now()
    duplicate.save()
    sibling = build_child(agency=agency, local_child_id="RET-2", first_name="Ash", last_name="Sibling")
    if with_sibling:
        sibling.household = household
        sibling.save()
    Involvement.objects.create(child=child, agency=agency, service="Social work", started_on=date(2000, 1, 1))
    BreakGlass.objects.create(child=child, user=worker, reason="Out of hours", expires_at=timezone.now())
    gone = ChronologyEvent.objects.create(
        child=child, occurred_at=timezone.now(), event_type=EventType.OTHER, summary="Removed", source_agency=agency
    )
    gone.delete()  # its history stays behind until the record is deleted
    VoiceEntry.objects.create(
        child=child,
        words="I like school",
        method="conversation",
        gathered_on=date(2000, 1, 1),
        gathered_by="SW",
        agency=agency,
    )
    _assessment, agreement = build_risk_records(child=child, agency=agency)
    Commitment.objects.create(agreement=agreement, text="Stay away", responsible=Responsible.PERSON_CAUSING_HARM)
    setting_agency = AgencyFactory(kind="education")
    setting = Setting.objects.create(
        name="Example Primary", urn="100001", setting_type="community", phase="primary", agency=setting_agency
    )
    Enrolment.objects.create(child=child, setting=setting, started_on=date(1994, 9, 1))

    own_contact = build_contact(child=child, by=worker, concern="Bruises seen")
    own_enquiry = build_enquiry(contact=own_contact, by=worker, agencies=[agency])
    Feedback.objects.create(contact=own_contact, to_referrer=True)
    shared_contact = build_contact(child=child, by=worker, concern="Shouting heard")
    shared_contact.children.add(sibling)
    own_meeting = build_meeting(child=child, agency=agency, by=worker, invited=[agency])
    MeetingAction.objects.create(
        meeting=own_meeting, text="Visit", owner_agency=agency, owner_name="SW", due_on=date(2000, 1, 2)
    )
    MashEnquiry.objects.filter(pk=own_enquiry.pk).update(strategy_meeting_id=own_meeting.pk)
    other_enquiry = build_enquiry(contact=shared_contact, by=worker, agencies=[])
    MashEnquiry.objects.filter(pk=other_enquiry.pk).update(strategy_meeting_id=own_meeting.pk)
    shared_meeting = build_meeting(child=child, agency=agency, by=worker, invited=[agency])
    MeetingChild.objects.create(meeting=shared_meeting, child=sibling)
    own_incident = _incident(children=[child], by=worker, setting=setting, reference="RET-INC-1")
    shared_incident = _incident(children=[child, sibling], by=worker, setting=setting, reference="RET-INC-2")
    build_audit_world(user=worker, agency=agency, own_child=child, other_child=sibling)
    return {
        "child": child,
        "duplicate": duplicate,
        "sibling": sibling,
        "household": household,
        "own_contact": own_contact,
        "shared_contact": shared_contact,
        "own_meeting": own_meeting,
        "shared_meeting": shared_meeting,
        "own_incident": own_incident,
        "shared_incident": shared_incident,
        "other_enquiry": other_enquiry,
        "admin": make_person(Role.ADMIN),
    }


def references(model_label: str, ids: set[Any]) -> dict[str, int]:
    """Rows in any table (history tables included) that point at these records of the model, or are them."""
    target = apps.get_model(model_label)
    found: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        history_of = getattr(model, "instance_type", None)
        for field in model._meta.concrete_fields:
            points = isinstance(field, models.ForeignKey) and field.related_model is target
            is_row = field.primary_key and model is target
            is_history_row = field.name == "id" and history_of is target
            if points or is_row or is_history_row:
                count = model._default_manager.filter(**{f"{field.attname}__in": ids}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


def text_mentions(needle: str) -> dict[str, int]:
    """Rows in any table whose text, JSON or date columns hold the value, apart from the append-only access log."""
    found: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        if model is AccessEvent:
            continue
        query = models.Q()
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                query |= models.Q(**{f"{field.attname}__icontains": needle})
        if query:
            count = model._default_manager.filter(query).count()
            if count:
                found[model._meta.label] = count
    return found


def dates_equal(day: date) -> dict[str, int]:
    found: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if type(field) is models.DateField:
                count = model._default_manager.filter(**{field.attname: day}).count()
                if count:
                    found[f"{model._meta.label}.{field.name}"] = count
    return found


@pytest.mark.parametrize("with_sibling", [False, True], ids=["only-child", "with-sibling-in-household"])
def test_deleting_a_child_removes_every_row_and_history_row_that_refers_to_them(with_sibling: bool) -> None:
    world = build_record(with_sibling=with_sibling)
    child, duplicate = world["child"], world["duplicate"]
    gone_ids = {child.pk, duplicate.pk}
    assert references("children.Child", gone_ids), "the world should refer to the child before the deletion"
    assert text_mentions(SURNAME) and dates_equal(BORN)

    decision = retention_delete(
        actor=world["admin"], record_type=RecordType.CHILD, record_id=child.pk, reason="Past the 25th birthday"
    )

    tally("role_object_cases", 1)
    assert references("children.Child", gone_ids) == {}
    assert references("strategy.StrategyMeeting", {world["own_meeting"].pk}) == {}
    assert references("frontdoor.Contact", {world["own_contact"].pk}) == {}
    assert references("encompass.Incident", {world["own_incident"].pk}) == {}
    assert text_mentions(SURNAME) == {}
    assert dates_equal(BORN) == {}
    assert text_mentions("I hid upstairs") == (
        {"encompass.IncidentChild": 1, "encompass.HistoricalIncidentChild": 1}
    ), "only the sibling's part of the shared incident keeps its words"
    # Shared records stay, without the child; a meeting that no longer exists is not pointed at.
    assert StrategyMeeting.objects.filter(pk=world["shared_meeting"].pk).exists()
    assert list(world["shared_contact"].children.all()) == [world["sibling"]]
    assert IncidentChild.objects.filter(incident=world["shared_incident"]).get().child == world["sibling"]
    assert MashEnquiry.objects.get(pk=world["other_enquiry"].pk).strategy_meeting_id is None
    assert Child.objects.filter(pk=world["sibling"].pk).exists()
    assert Household.objects.filter(pk=world["household"].pk).exists() is with_sibling
    assert HouseholdAdult.history.filter(household_id=world["household"].pk).exists() is with_sibling
    # The decision counts what went and names the record only by its key.
    assert decision.action == DecisionAction.DELETE
    assert decision.deleted_rows["children.Child"] == 2
    assert decision.deleted_rows["children.HistoricalChild"] >= 3
    assert decision.deleted_rows["frontdoor.Contact"] == 1
    assert decision.deleted_rows["strategy.StrategyMeeting"] == 1
    assert decision.deleted_rows["encompass.Incident"] == 1
    assert decision.deleted_rows["audits.RoundCase"] == 2  # in the auditing and the moderating round


def test_the_decision_row_holds_no_personal_data() -> None:
    world = build_record(with_sibling=False)
    child = world["child"]
    decision = retention_delete(
        actor=world["admin"], record_type=RecordType.CHILD, record_id=child.pk, reason="Past the 25th birthday"
    )
    stored = RetentionDecision.objects.filter(pk=decision.pk).values().get()
    written = " ".join(str(value) for value in stored.values()).lower()
    tally("role_object_cases", 1)
    for personal in ("zebedee", SURNAME.lower(), "ret-1", BORN.isoformat(), "17 february 1989", "1989"):
        assert personal not in written, personal
    assert stored["record_id"] == child.pk and stored["keep_until"] is None


def test_a_child_not_past_retention_is_not_deleted_and_nothing_changes() -> None:
    agency = AgencyFactory()
    child = build_child(
        agency=agency, local_child_id="YOUNG-1", date_of_birth=timezone.localdate() - timedelta(days=365)
    )
    with pytest.raises(BusinessRuleError):
        retention_delete(actor=make_person(Role.ADMIN), record_type=RecordType.CHILD, record_id=child.pk, reason="x")
    tally("role_object_cases", 1)
    assert Child.objects.filter(pk=child.pk).exists()
    assert not RetentionDecision.objects.exists()


def test_deleting_a_no_further_action_contact_removes_the_contact_and_the_child_known_only_from_it() -> None:
    worker = make_person(Role.FRONT_DOOR)
    agency = AgencyFactory()
    child = Child.objects.create(first_name="Only", last_name="Once", date_of_birth=BORN, local_child_id="NFA-1")
    contact = build_contact(child=child, by=worker, concern="Seen alone at night")
    ChronologyEvent.objects.create(
        child=child,
        occurred_at=contact.received_at,
        event_type=EventType.CONTACT,
        summary="Contact: Seen alone at night",
        source_agency=agency,
        source_type="contact",
        source_id=str(contact.pk),
    )
    enquiry = build_enquiry(contact=contact, by=worker, agencies=[agency])
    long_ago = timezone.now() - timedelta(days=8 * 366)
    MashEnquiry.objects.filter(pk=enquiry.pk).update(outcome=Outcome.NO_FURTHER_ACTION, decided_at=long_ago)
    decision = retention_delete(
        actor=make_person(Role.ADMIN), record_type=RecordType.NFA_CONTACT, record_id=contact.pk, reason="Six years"
    )
    tally("role_object_cases", 1)
    assert references("frontdoor.Contact", {contact.pk}) == {}
    assert references("children.Child", {child.pk}) == {}
    assert text_mentions("Seen alone at night") == {}
    assert decision.deleted_rows["frontdoor.Contact"] == 1 and decision.deleted_rows["children.Child"] == 1
