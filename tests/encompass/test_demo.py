"""The demo Operation Encompass: a county's settings and calendars, two months of notifications that look like the
inspection's finding, every kind of exception, and a key adult with notifications to read; and the sample files."""

from __future__ import annotations

from collections import Counter
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.db.models import Count, F
from django.utils import timezone

from partnership.access import demo as access_demo
from partnership.access.models import Agency, Membership, Role, User
from partnership.children import demo as children_demo
from partnership.children.models import ChronologyEvent, EventType
from partnership.core.clocks import london_date
from partnership.encompass import calendar_rules, import_checking, selectors, services
from partnership.encompass import demo as encompass_demo
from partnership.encompass.measures import encompass_measures
from partnership.encompass.models import (
    Closure,
    ClosureKind,
    EncompassException,
    ExceptionReason,
    Incident,
    IncidentChild,
    Notification,
    Phase,
    Setting,
    SettingType,
    Term,
)

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.fixture
def demo() -> None:
    access_demo.load()
    children_demo.load()
    encompass_demo.load()


def test_the_county_has_its_settings_each_with_a_key_adult_but_two(demo: None) -> None:
    settings = list(Setting.objects.select_related("agency", "key_adult"))
    assert 240 <= len(settings) <= 260
    assert all(len(s.urn) == 6 and s.urn.isdigit() for s in settings)
    types = Counter(s.setting_type for s in settings)
    phases = Counter(s.phase for s in settings)
    assert phases[Phase.PRIMARY] >= 180
    assert phases[Phase.SECONDARY] == 35
    assert types[SettingType.SPECIAL] >= 3
    assert types[SettingType.ALTERNATIVE] == 2
    assert types[SettingType.EARLY_YEARS] >= 3
    assert types[SettingType.COLLEGE] == 2
    assert types[SettingType.ACADEMY] >= 40
    assert types[SettingType.HOME_EDUCATION] == 1

    # The demo school is a setting of its existing agency, with the demo key adult; no agency is duplicated.
    wearside = Setting.objects.get(name="Wearside Primary School")
    assert wearside.agency.short_name == "Wearside Primary"
    assert wearside.key_adult is not None and wearside.key_adult.username == "keyadult"
    assert Agency.objects.filter(name__icontains="Wearside Primary").count() == 1
    home_team = Setting.objects.get(setting_type=SettingType.HOME_EDUCATION)
    assert home_team.key_adult is not None

    without = [s for s in settings if s.key_adult_id is None and s.deputy_id is None]
    assert 2 <= len(without) <= 3
    for setting in settings:
        if setting.key_adult is not None:
            assert setting.key_adult.email
            assert Membership.objects.filter(
                user=setting.key_adult, agency=setting.agency, role=Role.KEY_ADULT
            ).exists()
    others = User.objects.filter(memberships__role=Role.KEY_ADULT).exclude(username="keyadult")
    assert not any(user.has_usable_password() for user in others)


def test_the_calendars_cover_the_demo_and_differ_where_schools_keep_their_own(demo: None) -> None:
    today = timezone.localdate()
    council = selectors.council_calendar()
    first = min(first for first, _last in council.terms)
    last = max(last for _first, last in council.terms)
    assert first <= today - timedelta(days=70) and last >= today + timedelta(days=30)
    assert len(council.terms) % 6 == 0  # six half-terms a year
    gaps = [later[0] - earlier[1] for earlier, later in zip(council.terms, council.terms[1:], strict=False)]
    assert all(timedelta(days=3) <= gap <= timedelta(days=45) for gap in gaps)  # half-terms and holidays
    assert Term.objects.filter(setting__isnull=True, name__startswith="Autumn 1 2025").exists()
    assert Term.objects.filter(setting__isnull=True, name__startswith="Summer 2 2027").exists()
    assert Closure.objects.filter(setting__isnull=True, kind=ClosureKind.INSET).count() >= 4
    assert Closure.objects.filter(setting__isnull=False).exists()

    own = Setting.objects.filter(own_terms=True)
    assert own.count() >= 5
    with_terms = [s for s in own if Term.objects.filter(setting=s).exists()]
    assert len(with_terms) == own.count() - 1  # the free school has not loaded its terms yet
    calendars = selectors.calendars_for(with_terms)
    assert any(calendars[s.pk].terms != council.terms for s in with_terms)
    starts = set(Setting.objects.exclude(opens_at=None).values_list("opens_at", flat=True))
    assert {time(8, 30), time(8, 50)} <= starts


def test_two_months_of_notifications_are_slower_after_medium_and_standard_risk_incidents(demo: None) -> None:
    now = timezone.now()
    today = london_date(now)
    incidents = Incident.objects.order_by("occurred_at")
    assert 700 <= incidents.count() <= 900
    first, last = incidents.first(), incidents.last()
    assert first is not None and last is not None
    assert london_date(first.occurred_at) <= today - timedelta(days=55)
    assert last.occurred_at >= now - timedelta(days=3)
    assert 1000 <= Notification.objects.count() <= 1400

    # No child is named twice in an incident, no school is told twice, no reference is used twice.
    assert not IncidentChild.objects.values("incident", "child").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Notification.objects.values("incident_child", "setting").annotate(n=Count("id")).filter(n__gt=1)
    assert not Incident.objects.values("police_reference").annotate(n=Count("id")).filter(n__gt=1).exists()

    # Deadlines come from the real rule; times run forward; late and never acknowledged ones were chased.
    notifications = list(Notification.objects.select_related("incident_child__incident", "setting"))
    calendars = selectors.calendars_for(list(Setting.objects.all()))
    for notification in notifications:
        occurred = notification.incident_child.incident.occurred_at
        assert occurred <= notification.issued_at <= now
        if notification.acknowledged_at is not None:
            assert notification.issued_at <= notification.acknowledged_at <= now
        if notification.deadline_at is not None and notification.setting.name != "Wharton Dene Free School":
            expected = calendar_rules.next_open_day_start(calendars[notification.setting_id], occurred)
            assert notification.deadline_at == expected
    late = Notification.objects.filter(acknowledged_at__gt=F("deadline_at"))
    assert late.count() >= 100
    never = Notification.objects.filter(acknowledged_at__isnull=True, deadline_at__lt=now - timedelta(hours=7))
    assert never.count() >= 3
    assert not never.filter(chased_at__isnull=True).exists()
    assert not never.filter(escalated_at__isnull=True).exists()
    events = ChronologyEvent.objects.filter(event_type=EventType.ENCOMPASS_NOTIFICATION)
    assert events.filter(source_type="encompass_notification").count() == len(notifications)

    figures = encompass_measures(
        user=User.objects.get(username="encompass"), start=today - timedelta(days=62), end=today
    )
    by_risk = {row.risk_level: row for row in figures.by_risk}
    high, medium, standard = (by_risk[level].pct_acknowledged_on_time for level in ("high", "medium", "standard"))
    assert high is not None and medium is not None and standard is not None
    assert high > medium > standard
    # Of the notifications already due (in a holiday many are not, and wait unacknowledged for the next term):
    due = [n for n in notifications if n.deadline_at is not None and n.deadline_at < now]
    on_time: dict[str, list[bool]] = {}
    for notification in due:
        acknowledged = notification.acknowledged_at
        in_time = acknowledged is not None and acknowledged <= notification.deadline_at  # type: ignore[operator]
        on_time.setdefault(notification.incident_child.incident.risk_level, []).append(in_time)
    rate = {level: 100 * sum(found) / len(found) for level, found in on_time.items()}
    assert rate["high"] >= 88 and 65 <= rate["medium"] <= 92 and 55 <= rate["standard"] <= 82
    assert rate["high"] > rate["medium"] > rate["standard"]
    assert figures.pct_sent_on_time is not None and figures.pct_sent_on_time >= 90
    assert by_risk["standard"].notifications > by_risk["medium"].notifications > by_risk["high"].notifications


def test_there_are_exceptions_of_every_reason_resolved_and_still_open(demo: None) -> None:
    opened = Counter(EncompassException.objects.values_list("reason", flat=True))
    still_open = Counter(EncompassException.objects.filter(resolved_at__isnull=True).values_list("reason", flat=True))
    for reason in ExceptionReason.values:
        assert opened[reason] >= 1, reason
        assert still_open[reason] >= 1, reason
    resolved = EncompassException.objects.filter(resolved_at__isnull=False)
    assert resolved.count() >= 20
    assert not resolved.filter(resolved_at__lt=F("created_at")).exists()
    assert resolved.filter(notification__isnull=False).exists()  # found the child's school and told it
    assert resolved.exclude(resolution="").count() == resolved.count()


def test_the_key_adult_of_wearside_primary_has_notifications_to_read(demo: None) -> None:
    key_adult = User.objects.get(username="keyadult")
    inbox = list(selectors.inbox(user=key_adult))
    assert len(inbox) >= 10
    names = {f"{n.incident_child.child.first_name} {n.incident_child.child.last_name}" for n in inbox}
    assert {"Ella Larchfield", "Evie Thistleton"} <= names  # the demo children's own incidents
    now = timezone.now()
    waiting = [n for n in inbox if n.acknowledged_at is None]
    missed = [n for n in waiting if n.deadline_at is not None and n.deadline_at < now - timedelta(hours=7)]
    assert len(missed) >= 1 and all(n.chased_at and n.escalated_at for n in missed)
    wearside = Setting.objects.get(name="Wearside Primary School")
    calendar = selectors.calendar_for(wearside)
    day_started = calendar_rules.day_start(calendar, london_date(now))
    just_opened = calendar_rules.is_open(calendar, london_date(now)) and day_started <= now < day_started + timedelta(
        minutes=20
    )
    if not just_opened:  # minutes after the school day starts, nothing recorded since can be due yet
        ahead = [n for n in waiting if n.deadline_at is not None and n.deadline_at > now]
        assert len(ahead) >= 2


def test_loading_twice_adds_nothing(demo: None) -> None:
    counts = (Setting.objects.count(), Incident.objects.count(), Notification.objects.count(), User.objects.count())
    encompass_demo.load()
    assert counts == (
        Setting.objects.count(),
        Incident.objects.count(),
        Notification.objects.count(),
        User.objects.count(),
    )


def test_the_sample_files_in_the_readme_are_valid() -> None:
    terms, problems = calendar_rules.parse_named_terms((SAMPLES / "term-dates.csv").read_text())
    assert problems == [] and len(terms) == 6

    text = (SAMPLES / "encompass-incidents.csv").read_text()
    assert text.splitlines()[0] == ",".join(import_checking.COLUMNS)
    incidents, problems = import_checking.read_incidents(text, now=timezone.now())
    assert problems == []
    rows = sum(len(incident.children) for incident in incidents)
    assert 5 <= rows <= 8 and len(incidents) >= 3
    assert all(incident.occurred_at < timezone.now() for incident in incidents)
    assert all(incident.occurred_at.tzinfo is not None for incident in incidents)
    assert {incident.risk_level for incident in incidents} == {"standard", "medium", "high"}


def test_the_sample_police_export_imports_into_the_demo(demo: None) -> None:
    officer = User.objects.get(username="encompass")
    before = Incident.objects.count()
    result = services.incidents_import(actor=officer, text=(SAMPLES / "encompass-incidents.csv").read_text())
    assert result.created == 4 and result.skipped == 0
    assert Incident.objects.count() == before + 4
    assert services.incidents_import(actor=officer, text=(SAMPLES / "encompass-incidents.csv").read_text()).skipped == 4


def test_the_council_terms_rule_gives_durham_like_dates() -> None:
    assert [(first.isoformat(), last.isoformat()) for _n, first, last in encompass_demo.council_terms(2026)] == [
        ("2026-09-03", "2026-10-23"),
        ("2026-11-02", "2026-12-18"),
        ("2027-01-05", "2027-02-12"),
        ("2027-02-22", "2027-03-26"),
        ("2027-04-12", "2027-05-28"),
        ("2027-06-07", "2027-07-21"),
    ]
