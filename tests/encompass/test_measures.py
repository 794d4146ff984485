"""The Encompass figures: notifications by risk level, how many went out and were acknowledged before the next school
day, on London days and weeks, with the exceptions opened, still open and how long they took to resolve."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnership.access.models import User
from partnership.encompass import services
from partnership.encompass.measures import EncompassMeasures, WeekRow, encompass_measures
from partnership.encompass.models import EncompassException, Incident
from tests.encompass.builders import at, entry_for, make_child, notification_of, record_incident

pytestmark = pytest.mark.django_db


def figures(user: User, start: str, end: str) -> EncompassMeasures:
    return encompass_measures(user=user, start=date.fromisoformat(start), end=date.fromisoformat(end))


def acknowledge(incident: Incident, by: User, when: str) -> None:
    services.notification_acknowledge(actor=by, notification=notification_of(incident), now=at(when))


@pytest.fixture
def week_of_incidents(officer, pupil, key_adult) -> None:
    """Three medium-risk incidents (two acknowledged in time, one late) and a high-risk one sent late and never
    acknowledged, all due by Monday 16 November 2026 at 08:45."""
    on_time = record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-11-13 18:30")
    at_the_bell = record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-11-13 19:00")
    late = record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-11-13 20:00")
    acknowledge(on_time, key_adult, "2026-11-14 09:00")
    acknowledge(at_the_bell, key_adult, "2026-11-16 08:45")
    acknowledge(late, key_adult, "2026-11-16 08:46")
    record_incident(
        by=officer,
        children=[entry_for(pupil)],
        occurred="2026-11-14 10:00",
        issued="2026-11-16 10:00",
        risk_level="high",
    )


def test_figures_by_risk_level(officer, week_of_incidents):
    result = figures(officer, "2026-11-09", "2026-11-15")
    rows = {row.risk_level: row for row in result.by_risk}
    assert [row.risk_level for row in result.by_risk] == ["standard", "medium", "high"]
    medium, high, standard = rows["medium"], rows["high"], rows["standard"]
    assert (medium.notifications, medium.sent_on_time, medium.acknowledged_on_time, medium.acknowledged) == (3, 3, 2, 3)
    assert medium.pct_sent_on_time == 100.0
    assert medium.pct_acknowledged_on_time == 66.7
    assert (high.notifications, high.sent_on_time, high.acknowledged_on_time, high.acknowledged) == (1, 0, 0, 0)
    assert (high.pct_sent_on_time, high.pct_acknowledged_on_time) == (0.0, 0.0)
    assert standard.notifications == 0
    assert (standard.pct_sent_on_time, standard.pct_acknowledged_on_time) == (None, None)
    assert medium.label == "Medium"


def test_overall_figures(officer, week_of_incidents):
    result = figures(officer, "2026-11-09", "2026-11-15")
    assert (result.start, result.end) == (date(2026, 11, 9), date(2026, 11, 15))
    assert result.incidents == 4
    assert result.notifications == 4
    assert result.pct_sent_on_time == 75.0
    assert result.pct_acknowledged_on_time == 50.0
    assert result.weeks == (WeekRow(week_start=date(2026, 11, 9), notifications=4, acknowledged_on_time=2),)


def test_a_notification_not_yet_due_is_neither_late_nor_on_time(officer, pupil, key_adult):
    """Two Friday-evening notifications due on Monday at 08:45: on Sunday only the one already acknowledged
    counts; on Monday at 09:00 the other is late."""
    read = record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-11-13 18:30")
    record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-11-13 19:00")
    acknowledge(read, key_adult, "2026-11-14 09:00")

    def medium_on(now: str) -> tuple[int, int, float | None, float | None]:
        result = encompass_measures(user=officer, start=date(2026, 11, 9), end=date(2026, 11, 15), now=at(now))
        medium = next(row for row in result.by_risk if row.risk_level == "medium")
        return medium.due, medium.acknowledged_on_time, medium.pct_acknowledged_on_time, result.pct_acknowledged_on_time

    assert medium_on("2026-11-15 12:00") == (1, 1, 100.0, 100.0)
    assert medium_on("2026-11-16 09:00") == (2, 1, 50.0, 50.0)


def test_figures_count_only_incidents_in_the_period(officer, week_of_incidents):
    assert figures(officer, "2026-11-14", "2026-11-14").notifications == 1
    assert figures(officer, "2026-11-13", "2026-11-13").notifications == 3
    nothing = figures(officer, "2026-11-16", "2026-11-22")
    assert (nothing.notifications, nothing.incidents, nothing.weeks) == (0, 0, ())
    assert (nothing.pct_sent_on_time, nothing.pct_acknowledged_on_time) == (None, None)


def test_a_manager_sees_the_figures_and_a_key_adult_sees_none(officer, manager, key_adult, week_of_incidents):
    assert figures(manager, "2026-11-09", "2026-11-15") == figures(officer, "2026-11-09", "2026-11-15")
    refused = figures(key_adult, "2026-11-09", "2026-11-15")
    assert (refused.incidents, refused.notifications, refused.exceptions_opened, refused.exceptions_open) == (
        0,
        0,
        0,
        0,
    )
    assert all(row.notifications == 0 for row in refused.by_risk)
    assert refused.weeks == ()
    assert refused.median_hours_to_resolve is None


def test_no_one_signed_in_sees_nothing(week_of_incidents):
    assert figures(None, "2026-11-09", "2026-11-15").notifications == 0  # type: ignore[arg-type]


def test_a_notification_with_no_school_day_ahead_is_never_on_time(officer, riverside):
    riverside.own_terms = True
    riverside.save(update_fields=["own_terms"])
    child = make_child(by=officer, first_name="Sam", last_name="Pupil", date_of_birth=date(2015, 3, 1))
    child.enrolments.create(setting=riverside, started_on=date(2021, 9, 1))
    record_incident(by=officer, children=[entry_for(child)])
    [row] = [row for row in figures(officer, "2026-11-13", "2026-11-13").by_risk if row.notifications]
    assert (row.sent_on_time, row.pct_sent_on_time) == (0, 0.0)


def test_days_and_weeks_are_london_days_and_weeks(officer, pupil, key_adult):
    # 00:30 on Thursday 1 October in summer time is still 30 September in UTC.
    record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-10-01 00:30", issued="2026-10-01 01:00")
    assert figures(officer, "2026-10-01", "2026-10-01").notifications == 1
    assert figures(officer, "2026-09-30", "2026-09-30").notifications == 0
    # 00:30 on Monday 5 October in London is Sunday in UTC: the week of the 5th, not of 28 September.
    record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-10-05 00:30", issued="2026-10-05 01:00")
    record_incident(by=officer, children=[entry_for(pupil)], occurred="2026-10-04 23:00", issued="2026-10-04 23:30")
    result = figures(officer, "2026-09-28", "2026-10-11")
    assert [(w.week_start, w.notifications) for w in result.weeks] == [
        (date(2026, 9, 28), 2),
        (date(2026, 10, 5), 1),
    ]
    assert figures(officer, "2026-10-05", "2026-10-05").notifications == 1
    assert figures(officer, "2026-10-04", "2026-10-04").notifications == 1


def test_exceptions_opened_still_open_and_median_hours_to_resolve(officer, council_terms, riverside):
    def unplaced(name: str, occurred: str) -> EncompassException:
        child = make_child(by=officer, first_name=name, last_name="Unknown", date_of_birth=date(2015, 1, 1))
        incident = record_incident(
            by=officer, children=[entry_for(child)], occurred=occurred, issued="2026-11-14 22:00"
        )
        exception = EncompassException.objects.get(incident_child__incident=incident)
        EncompassException.objects.filter(pk=exception.pk).update(created_at=at(occurred) + timedelta(hours=3))
        exception.refresh_from_db()
        return exception

    quick = unplaced("Ari", "2026-11-13 18:30")
    slow = unplaced("Bo", "2026-11-13 19:30")
    unplaced("Cy", "2026-11-14 09:00")
    services.exception_resolve(
        actor=officer, exception=quick, setting=riverside, now=quick.created_at + timedelta(hours=2)
    )
    services.exception_resolve(
        actor=officer, exception=slow, resolution="Told by phone", now=slow.created_at + timedelta(hours=7)
    )
    result = figures(officer, "2026-11-09", "2026-11-15")
    assert result.exceptions_opened == 3
    assert result.exceptions_open == 1
    assert result.median_hours_to_resolve == 4.5
    assert figures(officer, "2026-11-14", "2026-11-14").exceptions_opened == 1
    assert figures(officer, "2026-11-14", "2026-11-14").median_hours_to_resolve is None
    assert figures(officer, "2026-11-13", "2026-11-13").median_hours_to_resolve == 4.5
