"""Children's records: duplicates, merging, versions, bad input, cumulative-risk flags and the cost of reading them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnership.access.models import Agency, AgencyKind, Role
from partnership.children import selectors, services
from partnership.children.models import (
    AdultRole,
    Child,
    ChronologyEvent,
    Commitment,
    EventType,
    Household,
    HouseholdAdult,
    Involvement,
    Responsible,
    VoiceEntry,
    VoiceMethod,
    WrittenAgreement,
)
from partnership.core.clocks import add_months
from partnership.core.errors import BusinessRuleError, StaleVersion
from tests.factories import AgencyFactory, make_person

pytestmark = pytest.mark.django_db

NHS_NUMBER = "9434765919"
OTHER_NHS_NUMBER = "4010232137"


@pytest.fixture(autouse=True)
def _settings(settings) -> None:
    settings.PARTNERSHIP_CHILD_RECORD_ROLES = ["front_door"]
    settings.PARTNERSHIP_NO_VOICE_MONTHS = 3


@pytest.fixture
def council() -> Agency:
    return AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Durham Children's Services", short_name="CSC")


@pytest.fixture
def police() -> Agency:
    return AgencyFactory(kind=AgencyKind.POLICE, name="Durham Constabulary", short_name="Police")


@pytest.fixture
def health() -> Agency:
    return AgencyFactory(kind=AgencyKind.HEALTH, name="County Durham Health", short_name="Health")


@pytest.fixture
def worker(council):
    return make_person(Role.SOCIAL_WORKER, agency=council)


@pytest.fixture
def manager(council):
    return make_person(Role.TEAM_MANAGER, agency=council)


def create(actor, local_child_id: str = "LC100", **fields) -> Child:
    data = {"first_name": "Robin", "last_name": "Hart", "date_of_birth": date(2016, 2, 29), **fields}
    return services.child_create(actor=actor, local_child_id=local_child_id, **data)


# --- duplicates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        {"first_name": "Robin", "last_name": "Hart"},
        {"first_name": "ROBIN", "last_name": "hart"},
        {"first_name": "  robin ", "last_name": " Hart  "},
    ],
)
def test_the_same_name_and_date_of_birth_is_refused_as_a_likely_duplicate(second, worker) -> None:
    create(worker)
    with pytest.raises(BusinessRuleError) as error:
        create(worker, "LC200", **second)
    assert "not_a_duplicate" in error.value.errors
    assert Child.objects.count() == 1


def test_the_same_nhs_number_is_refused_as_a_likely_duplicate_whatever_the_name(worker) -> None:
    create(worker, nhs_number=NHS_NUMBER)
    with pytest.raises(BusinessRuleError) as error:
        create(
            worker, "LC200", first_name="Sam", last_name="Other", date_of_birth=date(2012, 1, 1), nhs_number=NHS_NUMBER
        )
    assert "not_a_duplicate" in error.value.errors
    with pytest.raises(BusinessRuleError):
        create(worker, "LC201", first_name="Sam", last_name="Other", nhs_number="943 476 5919")
    assert Child.objects.count() == 1


def test_an_unborn_child_with_the_same_expected_date_is_a_likely_duplicate(worker) -> None:
    expected = timezone.localdate() + timedelta(days=90)
    create(worker, first_name="Unborn", last_name="Hart", date_of_birth=None, expected_date_of_birth=expected)
    with pytest.raises(BusinessRuleError) as error:
        create(
            worker, "LC200", first_name="unborn", last_name="HART", date_of_birth=None, expected_date_of_birth=expected
        )
    assert "not_a_duplicate" in error.value.errors


def test_a_likely_duplicate_is_opened_when_the_person_confirms_it_is_a_different_child(worker) -> None:
    first = create(worker, nhs_number=NHS_NUMBER)
    second = create(worker, "LC200", first_name="robin", not_a_duplicate=True)
    assert second.pk != first.pk
    assert Child.objects.count() == 2
    assert Involvement.objects.filter(child=second, agency__memberships__user=worker).exists()


def test_a_different_date_of_birth_or_nhs_number_is_not_a_duplicate(worker) -> None:
    create(worker, nhs_number=NHS_NUMBER)
    create(worker, "LC200", date_of_birth=date(2016, 3, 1), nhs_number=OTHER_NHS_NUMBER)
    create(worker, "LC300", first_name="Rowan")
    assert Child.objects.count() == 3


# --- merging -------------------------------------------------------------------------------------------------


@pytest.fixture
def pair(worker, health):
    """The record kept (no NHS number) and a duplicate opened by health with an NHS number, events and voice."""
    nurse = make_person(Role.SOCIAL_WORKER, agency=health)
    keep = create(worker)
    duplicate = create(nurse, "LC900", first_name="Robyn", nhs_number=NHS_NUMBER, upn="A123456789012")
    services.event_add(
        actor=worker,
        child=keep,
        occurred_at=datetime(2024, 1, 5, 10, 0, tzinfo=UTC),
        event_type=EventType.CONTACT,
        summary="Contact from school",
    )
    moved_events = [
        services.event_add(
            actor=nurse,
            child=duplicate,
            occurred_at=datetime(2024, month, 10, 9, 0, tzinfo=UTC),
            event_type=EventType.ATTENDANCE,
            summary=f"A&E attendance {month}",
        )
        for month in (2, 3)
    ]
    voice = services.voice_add(
        actor=nurse,
        child=duplicate,
        words="I like it when mum is happy",
        method=VoiceMethod.CONVERSATION,
        gathered_on=date(2024, 3, 10),
        gathered_by="Health visitor",
    )
    return keep, duplicate, nurse, moved_events, voice


def test_merging_moves_the_duplicates_events_voice_and_involvements_to_the_kept_record(manager, health, pair) -> None:
    keep, duplicate, _nurse, moved_events, voice = pair
    services.child_merge(actor=manager, keep=keep, duplicate=duplicate, reason="Same child: name misspelt at A&E")

    assert set(ChronologyEvent.objects.filter(child=keep)) >= set(moved_events)
    assert ChronologyEvent.objects.filter(child=keep).count() == 3
    assert not ChronologyEvent.objects.filter(child=duplicate).exists()
    assert list(VoiceEntry.objects.filter(child=keep)) == [voice]
    assert not VoiceEntry.objects.filter(child=duplicate).exists()
    assert Involvement.objects.filter(child=keep, agency=health).exists()
    assert not Involvement.objects.filter(child=duplicate).exists()
    assert len(list(selectors.chronology(child=keep))) == 3

    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert keep.nhs_number == NHS_NUMBER
    assert keep.upn == "A123456789012"
    assert keep.merged_into is None
    assert duplicate.merged_into == keep
    assert duplicate.merged_at is not None
    assert abs(duplicate.merged_at - timezone.now()) < timedelta(minutes=1)


def test_the_merged_duplicate_disappears_and_the_health_visitor_now_reads_the_kept_record(manager, pair) -> None:
    keep, duplicate, nurse, _, _ = pair
    services.child_merge(actor=manager, keep=keep, duplicate=duplicate, reason="Same child: name misspelt at A&E")
    front_door = make_person(Role.FRONT_DOOR)
    assert list(selectors.visible_children(user=front_door)) == [keep]
    assert list(selectors.visible_children(user=nurse)) == [keep]
    assert list(selectors.visible_children(user=manager)) == [keep]
    [found] = selectors.child_find(user=front_door, nhs_number=NHS_NUMBER)
    assert found.child == keep


def test_merging_keeps_the_history_of_both_records_with_the_reason(manager, pair) -> None:
    keep, duplicate, *_ = pair
    services.child_merge(actor=manager, keep=keep, duplicate=duplicate, reason="Same child: name misspelt at A&E")

    kept_reasons = [h.history_change_reason or "" for h in keep.history.all()]
    assert any("Same child: name misspelt at A&E" in reason for reason in kept_reasons)
    latest_kept = keep.history.first()
    assert latest_kept.history_user == manager
    assert latest_kept.nhs_number == NHS_NUMBER

    duplicate_history = list(Child.history.filter(id=duplicate.pk))
    assert len(duplicate_history) >= 2, "the duplicate's earlier versions are kept"
    assert duplicate_history[0].merged_into_id == keep.pk
    assert "Same child: name misspelt at A&E" in (duplicate_history[0].history_change_reason or "")
    assert "LC100" in duplicate_history[0].history_change_reason
    assert duplicate_history[0].history_user == manager


def test_a_record_cannot_be_merged_into_itself(manager, pair) -> None:
    keep, *_ = pair
    with pytest.raises(BusinessRuleError):
        services.child_merge(actor=manager, keep=keep, duplicate=keep, reason="Same child")
    keep.refresh_from_db()
    assert keep.merged_into is None


def test_a_record_cannot_be_merged_twice(manager, worker, pair) -> None:
    keep, duplicate, *_ = pair
    third = create(worker, "LC300", first_name="Rowan")
    services.child_merge(actor=manager, keep=keep, duplicate=duplicate, reason="Same child")
    with pytest.raises(BusinessRuleError):
        services.child_merge(actor=manager, keep=keep, duplicate=duplicate, reason="Same child again")
    with pytest.raises(BusinessRuleError):
        services.child_merge(
            actor=manager, keep=third, duplicate=Child.objects.get(pk=duplicate.pk), reason="Same child again"
        )
    with pytest.raises(BusinessRuleError):
        services.child_merge(
            actor=manager, keep=Child.objects.get(pk=duplicate.pk), duplicate=third, reason="Into a merged record"
        )
    duplicate.refresh_from_db()
    third.refresh_from_db()
    assert duplicate.merged_into == keep
    assert third.merged_into is None


def test_a_copy_read_before_the_merge_cannot_merge_the_record_again(manager, worker, pair) -> None:
    """Two managers (or a form sent twice) merging the same duplicate: the second merge must be refused."""
    keep, duplicate, *_ = pair
    third = create(worker, "LC300", first_name="Rowan")
    read_before = Child.objects.get(pk=duplicate.pk)
    services.child_merge(actor=manager, keep=keep, duplicate=duplicate, reason="Same child")
    try:
        services.child_merge(actor=manager, keep=third, duplicate=read_before, reason="Same child, second manager")
    except (BusinessRuleError, StaleVersion):
        refused = True
    else:
        refused = False
    stored = Child.objects.get(pk=duplicate.pk)
    third.refresh_from_db()
    assert (refused, stored.merged_into_id, third.nhs_number) == (True, keep.pk, "")


def test_a_merge_needs_a_reason(manager, pair) -> None:
    keep, duplicate, *_ = pair
    with pytest.raises(BusinessRuleError) as error:
        services.child_merge(actor=manager, keep=keep, duplicate=duplicate, reason="   ")
    assert "reason" in error.value.errors
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


# --- versions ------------------------------------------------------------------------------------------------


def test_an_update_based_on_an_older_version_is_refused_and_changes_nothing(worker) -> None:
    child = create(worker)
    first_reader = Child.objects.get(pk=child.pk)
    second_reader = Child.objects.get(pk=child.pk)
    services.child_update(actor=worker, child=first_reader, expected_version=first_reader.version, first_name="Rob")
    history_before = Child.history.filter(id=child.pk).count()

    with pytest.raises(StaleVersion):
        services.child_update(
            actor=worker, child=second_reader, expected_version=second_reader.version, last_name="Heart"
        )

    stored = Child.objects.get(pk=child.pk)
    assert (stored.first_name, stored.last_name, stored.version) == ("Rob", "Hart", 2)
    assert Child.history.filter(id=child.pk).count() == history_before


def test_an_update_with_a_version_from_an_old_form_is_refused(worker) -> None:
    child = create(worker)
    services.child_update(actor=worker, child=child, expected_version=1, first_name="Rob")
    with pytest.raises(StaleVersion):
        services.child_update(actor=worker, child=child, expected_version=1, first_name="Robbie")
    assert Child.objects.get(pk=child.pk).first_name == "Rob"


def test_an_update_with_the_current_version_is_saved(worker) -> None:
    child = create(worker)
    updated = services.child_update(actor=worker, child=child, expected_version=1, nhs_number="943 476 5919")
    assert updated.version == 2
    assert Child.objects.get(pk=child.pk).nhs_number == NHS_NUMBER


# --- bad input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number"),
        ({"nhs_number": "123456789"}, "nhs_number"),
        ({"nhs_number": "1234567890"}, "nhs_number"),
        ({"date_of_birth": "tomorrow"}, "date_of_birth"),
        ({"date_of_birth": None}, "date_of_birth"),
        ({"first_name": "  "}, "first_name"),
        ({"upn": "A12"}, "upn"),
    ],
)
def test_bad_details_give_an_error_on_the_right_field_and_save_nothing(fields, field, worker) -> None:
    if fields.get("date_of_birth") == "tomorrow":
        fields = {**fields, "date_of_birth": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(BusinessRuleError) as error:
        create(worker, **fields)
    assert field in error.value.errors
    assert not Child.objects.exists()


def test_neither_date_of_birth_nor_expected_date_is_an_error_on_the_date_of_birth(worker) -> None:
    with pytest.raises(BusinessRuleError) as error:
        create(worker, date_of_birth=None, expected_date_of_birth=None)
    assert list(error.value.errors) == ["date_of_birth"]


def test_a_local_child_id_already_taken_is_an_error_on_that_field(worker) -> None:
    create(worker, "LC100")
    with pytest.raises(BusinessRuleError) as error:
        create(worker, "lc100 ", first_name="Sam", last_name="Other", date_of_birth=date(2012, 1, 1))
    assert "local_child_id" in error.value.errors
    assert Child.objects.count() == 1


@pytest.mark.parametrize("value", ["９４３４７６５９１９", "943476591²"])
def test_an_nhs_number_in_non_ascii_digits_is_an_error_on_that_field(value, worker) -> None:
    with pytest.raises(BusinessRuleError) as error:
        create(worker, nhs_number=value)
    assert "nhs_number" in error.value.errors
    assert not Child.objects.exists()


def test_bad_details_on_update_are_refused_and_nothing_changes(worker) -> None:
    child = create(worker)
    other = create(worker, "LC200", first_name="Sam", date_of_birth=date(2012, 1, 1))
    for fields, field in (
        ({"nhs_number": "9434765918"}, "nhs_number"),
        ({"date_of_birth": timezone.localdate() + timedelta(days=2)}, "date_of_birth"),
        ({"local_child_id": "LC200"}, "local_child_id"),
    ):
        with pytest.raises(BusinessRuleError) as error:
            services.child_update(actor=worker, child=Child.objects.get(pk=child.pk), expected_version=1, **fields)
        assert field in error.value.errors
    stored = Child.objects.get(pk=child.pk)
    assert (stored.nhs_number, stored.date_of_birth, stored.local_child_id, stored.version) == (
        "",
        date(2016, 2, 29),
        "LC100",
        1,
    )
    assert other.local_child_id == "LC200"


# --- cumulative-risk flags -----------------------------------------------------------------------------------


def make_child(
    local_child_id: str,
    *,
    agency: Agency,
    started_on: date | None = None,
    household: Household | None = None,
    born: date | None = date(2018, 5, 1),
    expected: date | None = None,
) -> Child:
    child = Child.objects.create(
        first_name="Child",
        last_name=local_child_id,
        date_of_birth=born,
        expected_date_of_birth=expected,
        local_child_id=local_child_id,
        household=household,
    )
    Involvement.objects.create(
        child=child, agency=agency, service="Working with the family", started_on=started_on or timezone.localdate()
    )
    return child


def add_event(child: Child, event_type: str, when: datetime, agency: Agency) -> ChronologyEvent:
    return ChronologyEvent.objects.create(
        child=child,
        event_type=event_type,
        occurred_at=when,
        summary=f"{event_type} on {when:%d %b}",
        source_agency=agency,
    )


def add_agreement(child: Child, made_on: date, agency: Agency, *responsible: str) -> WrittenAgreement:
    agreement = WrittenAgreement.objects.create(child=child, made_on=made_on, agency=agency)
    for who in responsible:
        Commitment.objects.create(agreement=agreement, text=f"{who} will keep the children safe", responsible=who)
    return agreement


def add_voice(child: Child, gathered_on: date, agency: Agency) -> VoiceEntry:
    return VoiceEntry.objects.create(
        child=child,
        words="I feel safe at nan's",
        method=VoiceMethod.DIRECT_WORK,
        gathered_on=gathered_on,
        gathered_by="Social worker",
        agency=agency,
    )


def household_with_harm(reference: str, *, left_on: date | None = None) -> Household:
    household = Household.objects.create(reference=reference)
    HouseholdAdult.objects.create(household=household, first_name="Mum", last_name=reference, role=AdultRole.PARENT)
    HouseholdAdult.objects.create(
        household=household,
        first_name="Sam",
        last_name="Stone",
        role=AdultRole.PERSON_CAUSING_HARM,
        left_on=left_on,
    )
    return household


def shifted(moment: datetime) -> datetime:
    """A moment of late 2024 moved to the same distance before today, so 'in the last 12 months' still holds."""
    return moment + timedelta(days=(timezone.localdate() - date(2024, 12, 31)).days)


def codes(flags) -> list[str]:
    return sorted(flag.code for flag in flags)


def test_each_child_gets_exactly_the_flags_its_record_raises(council, police) -> None:
    today = timezone.localdate()

    escalating = make_child("ESC", agency=police)
    incidents = [
        add_event(
            escalating, EventType.DOMESTIC_ABUSE_INCIDENT, shifted(datetime(2024, m, d, 22, 0, tzinfo=UTC)), police
        )
        for m, d in ((1, 10), (6, 1), (12, 20))
    ]
    add_event(escalating, EventType.CONTACT, shifted(datetime(2024, 7, 1, 9, 0, tzinfo=UTC)), police)

    repeat = make_child("REP", agency=police)
    marac = add_event(repeat, EventType.MARAC, shifted(datetime(2024, 3, 1, 10, 0, tzinfo=UTC)), police)
    after = add_event(
        repeat, EventType.DOMESTIC_ABUSE_INCIDENT, shifted(datetime(2024, 5, 1, 23, 30, tzinfo=UTC)), police
    )

    unborn = make_child(
        "UNB", agency=police, household=household_with_harm("H1"), born=None, expected=today + timedelta(days=100)
    )

    silent = make_child("NOV", agency=council, started_on=add_months(today, -4))

    burdened = make_child("BUR", agency=police)
    add_agreement(burdened, today - timedelta(days=60), police, Responsible.ADULT_VICTIM, Responsible.AGENCY)
    add_agreement(burdened, today - timedelta(days=5), police, Responsible.ADULT_VICTIM, Responsible.ADULT_VICTIM)

    quiet = make_child("QUI", agency=council)
    add_event(quiet, EventType.DOMESTIC_ABUSE_INCIDENT, shifted(datetime(2024, 1, 10, 12, 0, tzinfo=UTC)), police)
    add_event(quiet, EventType.DOMESTIC_ABUSE_INCIDENT, shifted(datetime(2024, 6, 10, 12, 0, tzinfo=UTC)), police)

    children = [escalating, repeat, unborn, silent, burdened, quiet]
    flags = selectors.flags_for_children(children)

    assert {child.pk: codes(flags[child.pk]) for child in children} == {
        escalating.pk: ["escalation"],
        repeat.pk: ["repeat_after_marac"],
        unborn.pk: ["unborn_with_harm"],
        silent.pk: ["no_voice"],
        burdened.pk: ["agreement_burden"],
        quiet.pk: [],
    }
    assert set(flags[escalating.pk][0].event_ids) == {event.pk for event in incidents}
    assert set(flags[repeat.pk][0].event_ids) == {marac.pk, after.pk}
    assert "Sam Stone" in flags[unborn.pk][0].detail


def test_flags_are_not_raised_when_the_record_answers_the_concern(council, police) -> None:
    today = timezone.localdate()
    heard = make_child("HRD", agency=council, started_on=add_months(today, -4))
    add_voice(heard, today - timedelta(days=60), council)

    closed = make_child("CLO", agency=police)
    Involvement.objects.create(
        child=closed,
        agency=council,
        service="Child in need",
        started_on=add_months(today, -8),
        ended_on=today - timedelta(days=1),
    )

    recently_opened = make_child("NEW", agency=council, started_on=add_months(today, -1))

    harm_has_left = make_child(
        "LFT",
        agency=police,
        household=household_with_harm("H2", left_on=today - timedelta(days=10)),
        born=None,
        expected=today + timedelta(days=100),
    )
    born_with_harm = make_child("BRN", agency=police, household=household_with_harm("H3"))

    shared = make_child("SHA", agency=police)
    add_agreement(shared, today - timedelta(days=60), police, Responsible.ADULT_VICTIM)
    add_agreement(shared, today - timedelta(days=5), police, Responsible.ADULT_VICTIM, Responsible.PERSON_CAUSING_HARM)

    spread = make_child("SPR", agency=police)
    for when in (
        datetime(2023, 1, 10, tzinfo=UTC),
        datetime(2023, 8, 1, tzinfo=UTC),
        datetime(2024, 2, 11, tzinfo=UTC),
    ):
        add_event(spread, EventType.DOMESTIC_ABUSE_INCIDENT, when, police)

    late = make_child("LAT", agency=police)
    add_event(late, EventType.MARAC, datetime(2023, 1, 10, tzinfo=UTC), police)
    add_event(late, EventType.DOMESTIC_ABUSE_INCIDENT, datetime(2024, 2, 11, tzinfo=UTC), police)

    children = [heard, closed, recently_opened, harm_has_left, born_with_harm, shared, spread, late]
    flags = selectors.flags_for_children(children)
    assert {child.local_child_id: codes(flags[child.pk]) for child in children} == {
        child.local_child_id: [] for child in children
    }


def test_flags_for_no_children_is_empty() -> None:
    assert selectors.flags_for_children([]) == {}


def flagged_family(number: int, council: Agency, police: Agency) -> Child:
    """A child with something of every kind the flags read, so each query of flags_for_children runs."""
    today = timezone.localdate()
    child = make_child(
        f"QC{number:03}", agency=council, started_on=add_months(today, -5), household=household_with_harm(f"QH{number}")
    )
    Involvement.objects.create(child=child, agency=police, service="Encompass", started_on=today)
    for month in (1, 4, 9):
        add_event(
            child, EventType.DOMESTIC_ABUSE_INCIDENT, shifted(datetime(2024, month, 3, 21, 0, tzinfo=UTC)), police
        )
    add_event(child, EventType.MARAC, shifted(datetime(2024, 10, 1, 10, 0, tzinfo=UTC)), police)
    add_event(child, EventType.DOMESTIC_ABUSE_INCIDENT, shifted(datetime(2024, 11, 1, 10, 0, tzinfo=UTC)), police)
    add_voice(child, add_months(today, -4), council)
    add_agreement(child, today - timedelta(days=3), council, Responsible.ADULT_VICTIM)
    return child


def flag_queries(children: list[Child]) -> int:
    with CaptureQueriesContext(connection) as captured:
        flags = selectors.flags_for_children(children)
    assert len(flags) == len(children)
    return len(captured.captured_queries)


def test_flags_for_a_list_take_the_same_number_of_queries_for_2_children_as_for_20(council, police) -> None:
    children = [flagged_family(number, council, police) for number in range(20)]
    fresh = list(Child.objects.filter(pk__in=[c.pk for c in children]))
    two, twenty = flag_queries(fresh[:2]), flag_queries(fresh)
    assert two == twenty
    assert twenty <= 8
    flags = selectors.flags_for_children(fresh)
    assert all(
        codes(flags[child.pk]) == ["agreement_burden", "escalation", "no_voice", "repeat_after_marac"]
        for child in fresh
    )


def add_events(child: Child, count: int, agency: Agency, recorder) -> None:
    start = datetime(2023, 1, 1, 9, 0, tzinfo=UTC)
    ChronologyEvent.objects.bulk_create(
        ChronologyEvent(
            child=child,
            event_type=EventType.OTHER,
            occurred_at=start + timedelta(hours=13 * n),
            summary=f"Event {n}",
            source_agency=agency,
            recorded_by=recorder,
        )
        for n in range(count)
    )


def chronology_queries(child: Child) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        rows = list(selectors.chronology(child=child))
        for row in rows:
            _ = (row.source_agency.name, row.recorded_by and row.recorded_by.username)
    return len(captured.captured_queries), len(rows)


def test_reading_a_chronology_takes_the_same_number_of_queries_for_5_events_as_for_200(worker, council) -> None:
    small = make_child("CH5", agency=council)
    large = make_child("CH200", agency=council)
    add_events(small, 5, council, worker)
    add_events(large, 200, council, worker)
    small_queries, small_rows = chronology_queries(small)
    large_queries, large_rows = chronology_queries(large)
    assert (small_rows, large_rows) == (5, 200)
    assert small_queries == large_queries == 1


def test_the_chronology_is_in_date_order_and_filters_by_agency_and_kind(worker, council, police) -> None:
    child = make_child("CHF", agency=council)
    late = add_event(child, EventType.MARAC, datetime(2024, 5, 1, tzinfo=UTC), police)
    early = add_event(child, EventType.CONTACT, datetime(2024, 1, 1, tzinfo=UTC), council)
    middle = add_event(child, EventType.DOMESTIC_ABUSE_INCIDENT, datetime(2024, 3, 1, tzinfo=UTC), police)
    assert list(selectors.chronology(child=child)) == [early, middle, late]
    assert list(selectors.chronology(child=child, agency_id=police.pk)) == [middle, late]
    assert list(selectors.chronology(child=child, event_type=EventType.CONTACT)) == [early]


def test_an_unborn_child_is_never_flagged_for_missing_voice() -> None:
    council = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    unborn = Child.objects.create(
        first_name="Unborn",
        last_name="Baby",
        expected_date_of_birth=timezone.localdate() + timedelta(days=60),
        local_child_id="U-1",
    )
    Involvement.objects.create(
        child=unborn,
        agency=council,
        service="Pre-birth assessment",
        started_on=timezone.localdate() - timedelta(days=200),
    )
    assert selectors.flags_for_children([unborn])[unborn.pk] == []
