"""The writes of the measures kept by hand: each rule of creating, editing, targeting and retiring an indicator,
entering its values, and linking it to plan actions, with stale versions and who may do what."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from partnership.access.models import Role
from partnership.core.errors import BusinessRuleError, StaleVersion
from partnership.core.models import OutboxMessage
from partnership.measures import selectors, services
from partnership.measures.models import ActionIndicator, Indicator, IndicatorValue
from partnership.measures.rules import period_containing
from tests.factories import make_person
from tests.measures.builders import make_indicator, put_value, quarter
from tests.plans.builders import build_plan, first_action

pytestmark = pytest.mark.django_db

TODAY = date(2026, 8, 14)
Q2 = quarter("2026-04-01")


@pytest.fixture
def admin() -> Any:
    return make_person(Role.ADMIN)


@pytest.fixture
def owner() -> Any:
    person = make_person(Role.ACTION_LEAD)
    person.email = "owner@partnership.example"
    person.save()
    return person


def new_indicator(admin: Any, owner: Any, **changes: Any) -> Indicator:
    fields = {
        "key": "voice-recorded",
        "name": "Children's voice recorded in the plan",
        "description": "Plans audited in which the child's words are recorded.",
        "numerator": "Plans with the child's words",
        "denominator": "Plans audited",
        "unit": "percent",
        "polarity": "higher",
        "area": "audits",
        "owner": owner,
    }
    return services.indicator_create(actor=admin, **{**fields, **changes})


def errors_of(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(BusinessRuleError) as raised:
        call(**kwargs)
    return raised.value.errors


# Creating and editing an indicator entered by hand


def test_an_administrator_adds_an_indicator_entered_by_hand_and_its_owner_is_told(admin, owner) -> None:
    indicator = new_indicator(admin, owner, key="  Voice-Recorded ")
    assert (indicator.key, indicator.source, indicator.is_builtin, indicator.owner) == (
        "voice-recorded",
        "manual",
        False,
        owner,
    )
    assert indicator.history.get().history_user == admin
    message = OutboxMessage.objects.get(kind="indicator-owner")
    assert message.recipient == owner
    assert "/measures/voice-recorded/values/add/" in message.body


def test_only_an_administrator_adds_an_indicator(owner) -> None:
    lead = make_person(Role.ACTION_LEAD)
    with pytest.raises(BusinessRuleError, match="Only a partnership administrator"):
        new_indicator(lead, owner)
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"key": "Not a slug!"}, "key", "lower-case letters"),
        ({"key": "new"}, "key", "used by the measures pages"),
        ({"key": "actions"}, "key", "used by the measures pages"),
        ({"name": "  "}, "name", "Enter the indicator's name"),
        ({"description": ""}, "description", "plain words"),
        ({"numerator": ""}, "numerator", "Enter what is counted"),
        ({"denominator": ""}, "denominator", "counted out of"),
        ({"unit": "furlongs"}, "unit", "Choose the unit"),
        ({"polarity": "sideways"}, "polarity", "higher or a lower"),
        ({"area": "elsewhere"}, "area", "Choose the area"),
        ({"owner": None}, "owner", "Choose the person"),
    ],
)
def test_a_new_indicator_with_a_broken_rule_is_refused_with_the_field_named(admin, owner, changes, field, words):
    errors = errors_of(new_indicator, admin=admin, **{"owner": owner, **changes})
    assert words in errors[field][0]
    assert not Indicator.objects.exists()


def test_a_count_needs_no_denominator(admin, owner) -> None:
    assert new_indicator(admin, owner, unit="count", denominator="").denominator == ""


def test_the_key_and_the_name_must_be_new(admin, owner) -> None:
    make_indicator(key="voice-recorded", name="Something else")
    make_indicator(key="other-key", name="CHILDREN'S VOICE RECORDED IN THE PLAN")
    errors = errors_of(new_indicator, admin=admin, owner=owner)
    assert errors["key"] == ["Another indicator already has this key"]
    assert errors["name"] == ["Another indicator already has this name"]


def test_the_owner_must_be_able_to_sign_in(admin, owner) -> None:
    owner.is_active = False
    owner.save()
    assert "active" in errors_of(new_indicator, admin=admin, owner=owner)["owner"][0]


def edit(indicator: Indicator, actor: Any, *, expected_version: int | None = None, **changes: Any) -> Indicator:
    fields = {
        "name": indicator.name,
        "description": indicator.description,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "polarity": indicator.polarity,
        "area": indicator.area,
        "owner": indicator.owner,
    }
    return services.indicator_update(
        actor=actor,
        indicator=indicator,
        expected_version=indicator.version if expected_version is None else expected_version,
        **{**fields, **changes},
    )


def test_an_administrator_edits_an_indicator_and_a_new_owner_is_told(admin, owner) -> None:
    indicator = new_indicator(admin, owner)
    successor = make_person(Role.ACTION_LEAD)
    successor.email = "successor@partnership.example"
    successor.save()
    edit(indicator, admin, name="Voice of the child in plans", polarity="lower", owner=successor)
    stored = Indicator.objects.get(pk=indicator.pk)
    assert (stored.name, stored.polarity, stored.owner, stored.version) == (
        "Voice of the child in plans",
        "lower",
        successor,
        2,
    )
    assert OutboxMessage.objects.filter(kind="indicator-owner", recipient=successor).count() == 1


def test_an_edit_based_on_a_stale_version_changes_nothing(admin, owner) -> None:
    indicator = new_indicator(admin, owner)
    edit(indicator, admin, name="First change")
    stale = Indicator.objects.get(pk=indicator.pk)
    with pytest.raises(StaleVersion):
        edit(stale, admin, expected_version=1, name="Second change")
    assert Indicator.objects.get(pk=indicator.pk).name == "First change"


def test_a_built_in_indicator_cannot_be_edited(admin) -> None:
    computed = make_indicator(source="computed")
    with pytest.raises(BusinessRuleError, match="Only indicators entered by hand"):
        edit(computed, admin, name="Renamed")


def test_an_edit_may_not_take_another_indicators_name(admin, owner) -> None:
    make_indicator(name="Taken")
    indicator = new_indicator(admin, owner)
    assert errors_of(edit, indicator=indicator, actor=admin, name="taken")["name"]
    assert edit(indicator, admin, name=indicator.name).name == indicator.name  # its own name is not a clash


def test_only_an_administrator_edits_an_indicator(admin, owner) -> None:
    indicator = new_indicator(admin, owner)
    with pytest.raises(BusinessRuleError):
        edit(indicator, owner, name="The owner's own name")


# Baseline and target


def set_target(indicator: Indicator, actor: Any, **changes: Any) -> Indicator:
    fields: dict[str, Any] = {
        "baseline": Decimal("50"),
        "baseline_label": "2018 audit",
        "target": Decimal("80"),
        "amber_within": Decimal("10"),
        "expected_version": indicator.version,
    }
    return services.indicator_set_target(actor=actor, indicator=indicator, **{**fields, **changes})


def test_an_administrator_sets_a_baseline_and_target_and_the_history_keeps_the_old_values(admin) -> None:
    indicator = make_indicator(target=70)
    set_target(indicator, admin, target=Decimal("85.5"), amber_within=Decimal("5"))
    stored = Indicator.objects.get(pk=indicator.pk)
    assert (stored.baseline, stored.target, stored.amber_within) == (Decimal("50"), Decimal("85.5"), Decimal("5"))
    latest, before = stored.history.order_by("-history_date")[:2]
    assert (latest.history_user, latest.target, before.target) == (admin, Decimal("85.50"), Decimal("70.00"))


@pytest.mark.parametrize(
    ("unit", "changes", "field", "words"),
    [
        ("percent", {"target": Decimal("101")}, "target", "from 0 to 100"),
        ("percent", {"baseline": Decimal("-1")}, "baseline", "from 0 to 100"),
        ("count", {"baseline": Decimal("-3")}, "baseline", "0 or more"),
        ("hours", {"target": Decimal("-0.5")}, "target", "0 or more"),
        ("percent", {"amber_within": Decimal("100.01")}, "amber_within", "from 0 to 100"),
        ("percent", {"amber_within": Decimal("-1")}, "amber_within", "from 0 to 100"),
        ("percent", {"amber_within": None}, "amber_within", "from 0 to 100"),
        ("percent", {"baseline": None}, "baseline", "leave when it was measured blank"),
    ],
)
def test_a_target_that_breaks_a_rule_is_refused(admin, unit, changes, field, words) -> None:
    indicator = make_indicator(unit=unit, target=60)
    assert words in errors_of(set_target, indicator=indicator, actor=admin, **changes)[field][0]
    assert Indicator.objects.get(pk=indicator.pk).target == Decimal("60")


def test_the_bounds_of_a_percentage_target_are_allowed_and_a_count_may_exceed_100(admin) -> None:
    percent = set_target(make_indicator(), admin, baseline=Decimal("0"), target=Decimal("100"), amber_within=0)
    assert (percent.baseline, percent.target, percent.amber_within) == (0, 100, 0)
    count = set_target(make_indicator(unit="count"), admin, target=Decimal("450"))
    assert count.target == Decimal("450")


def test_a_target_may_be_cleared(admin) -> None:
    cleared = set_target(make_indicator(target=80), admin, baseline=None, baseline_label="", target=None)
    assert (cleared.baseline, cleared.target) == (None, None)


def test_a_target_based_on_a_stale_version_is_refused(admin) -> None:
    indicator = make_indicator(target=60)
    set_target(indicator, admin, target=Decimal("70"))
    stale = Indicator.objects.get(pk=indicator.pk)
    with pytest.raises(StaleVersion):
        set_target(stale, admin, target=Decimal("90"), expected_version=1)
    assert Indicator.objects.get(pk=indicator.pk).target == Decimal("70")


@pytest.mark.parametrize("role", [Role.ACTION_LEAD, Role.EXECUTIVE, Role.VIEWER])
def test_only_an_administrator_sets_targets(role) -> None:
    indicator = make_indicator(target=60)
    with pytest.raises(BusinessRuleError, match="Only a partnership administrator"):
        set_target(indicator, make_person(role), target=Decimal("10"))
    assert Indicator.objects.get(pk=indicator.pk).target == Decimal("60")


# Retiring


def test_retiring_hides_an_indicator_but_keeps_its_values_and_links(admin) -> None:
    indicator = make_indicator()
    put_value(indicator, Q2, 3, 4)
    link = services.action_link(actor=admin, action=first_action(build_plan(actions=1)), indicator=indicator)
    services.indicator_retire(actor=admin, indicator=indicator, expected_version=indicator.version)
    assert not Indicator.objects.get(pk=indicator.pk).is_active
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert ActionIndicator.objects.filter(pk=link.pk).exists()
    assert not selectors.visible_indicators(user=admin).filter(pk=indicator.pk).exists()
    assert not selectors.action_indicators(action=link.action).exists()


def test_an_indicator_is_retired_once_and_only_from_the_version_read(admin) -> None:
    indicator = make_indicator()
    with pytest.raises(StaleVersion):
        services.indicator_retire(actor=admin, indicator=indicator, expected_version=indicator.version + 1)
    indicator = Indicator.objects.get(pk=indicator.pk)
    assert indicator.is_active
    services.indicator_retire(actor=admin, indicator=indicator, expected_version=indicator.version)
    with pytest.raises(BusinessRuleError, match="already retired"):
        services.indicator_retire(actor=admin, indicator=indicator, expected_version=indicator.version)


def test_only_an_administrator_retires_an_indicator() -> None:
    indicator = make_indicator()
    with pytest.raises(BusinessRuleError):
        services.indicator_retire(actor=make_person(Role.EXECUTIVE), indicator=indicator, expected_version=1)
    assert Indicator.objects.get(pk=indicator.pk).is_active


# Values entered by hand


def enter(indicator: Indicator, actor: Any, **changes: Any) -> IndicatorValue:
    fields: dict[str, Any] = {
        "period_kind": "quarter",
        "period_start": Q2.start,
        "numerator": 30,
        "denominator": 40,
        "value": None,
        "note": "  From the April audit  ",
        "today": TODAY,
    }
    return services.value_enter(actor=actor, indicator=indicator, **{**fields, **changes})


def test_the_owner_enters_a_rate_which_becomes_the_periods_current_value(owner) -> None:
    indicator = make_indicator(source="manual", owner=owner)
    row = enter(indicator, owner)
    assert (row.numerator, row.denominator, row.value) == (30, 40, Decimal("75.00"))
    assert (row.as_of, row.entered_by, row.source, row.is_current, row.note) == (
        TODAY,
        owner,
        "manual",
        True,
        "From the April audit",
    )
    assert (row.period_end, row.breakdown, row.breakdown_key) == (Q2.end, "", "")
    assert list(selectors.current_values(indicator=indicator, period_kind="quarter")) == [row]


def test_entering_again_the_same_day_replaces_that_days_figure_and_keeps_its_history(owner) -> None:
    indicator = make_indicator(source="manual", owner=owner)
    first = enter(indicator, owner)
    second = enter(indicator, owner, numerator=20)
    assert second.pk == first.pk
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    assert [record.numerator for record in second.history.order_by("history_date")] == [30, 20]


def test_a_later_day_adds_a_current_figure_and_keeps_the_earlier_one_for_reports(owner) -> None:
    indicator = make_indicator(source="manual", owner=owner)
    earlier = enter(indicator, owner)
    later = enter(indicator, owner, numerator=36, today=TODAY + timedelta(days=3))
    assert IndicatorValue.objects.get(pk=earlier.pk).is_current is False
    assert IndicatorValue.objects.get(pk=later.pk).is_current is True
    assert [row.value for row in selectors.values_as_of(indicator=indicator, period=Q2, as_of=TODAY)] == [75]
    assert [row.value for row in selectors.current_values(indicator=indicator, period_kind="quarter")] == [90]


def test_an_administrator_may_enter_values_but_nobody_else(owner, admin) -> None:
    indicator = make_indicator(source="manual", owner=owner)
    assert enter(indicator, admin).entered_by == admin
    for role in (Role.ACTION_LEAD, Role.EXECUTIVE, Role.SOCIAL_WORKER):
        with pytest.raises(BusinessRuleError, match="named owner"):
            enter(indicator, make_person(role), numerator=1)
    assert IndicatorValue.objects.get(indicator=indicator).numerator == 30


def test_values_of_computed_and_retired_indicators_are_not_entered_by_hand(admin) -> None:
    with pytest.raises(BusinessRuleError, match="computed or imported"):
        enter(make_indicator(source="computed"), admin)
    with pytest.raises(BusinessRuleError, match="computed or imported"):
        enter(make_indicator(source="imported"), admin)
    with pytest.raises(BusinessRuleError, match="retired"):
        enter(make_indicator(source="manual", owner=admin, is_active=False), admin)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"period_start": date(2026, 5, 1)}, "period", "first day of a calendar quarter"),
        ({"period_kind": "year", "period_start": date(2026, 1, 1)}, "period", "first day of a financial year"),
        ({"period_kind": "month", "period_start": date(2026, 8, 2)}, "period", "first day of a month"),
        ({"period_start": date(2026, 10, 1)}, "period", "has started"),
        ({"period_kind": "fortnight"}, "period_kind", "month, a quarter or a year"),
        ({"numerator": None}, "numerator", "Enter the number counted"),
        ({"denominator": None}, "denominator", "Enter the number it is out of"),
        ({"numerator": 41}, "numerator", "cannot be more than"),
        ({"numerator": -1}, "numerator", "0 or more"),
        ({"numerator": 0, "denominator": 0}, "denominator", "1 or more"),
    ],
)
def test_a_rate_that_breaks_a_rule_is_refused(admin, changes, field, words) -> None:
    indicator = make_indicator(source="manual", owner=admin)
    assert words in errors_of(enter, indicator=indicator, actor=admin, **changes)[field][0]
    assert not IndicatorValue.objects.exists()


def test_the_bounds_of_a_rate_are_allowed(admin) -> None:
    indicator = make_indicator(source="manual", owner=admin)
    assert enter(indicator, admin, numerator=0, denominator=1).value == 0
    assert enter(indicator, admin, numerator=7, denominator=7).value == 100


def test_a_financial_year_and_the_current_month_take_values(admin) -> None:
    indicator = make_indicator(source="manual", owner=admin, unit="count")
    year = enter(indicator, admin, period_kind="year", period_start=date(2026, 4, 1), numerator=12, denominator=None)
    assert (year.period_end, year.value, year.denominator) == (date(2027, 3, 31), 12, None)
    month = enter(indicator, admin, period_kind="month", period_start=date(2026, 8, 1), numerator=3)
    assert month.period_end == period_containing("month", TODAY).end


def test_a_count_needs_its_count_and_ignores_a_denominator(admin) -> None:
    indicator = make_indicator(source="manual", owner=admin, unit="count")
    assert "Enter the count" in errors_of(enter, indicator=indicator, actor=admin, numerator=None)["numerator"][0]
    row = enter(indicator, admin, numerator=14, denominator=99)
    assert (row.numerator, row.denominator, row.value) == (14, None, 14)


def test_hours_and_days_need_the_value_itself(admin) -> None:
    indicator = make_indicator(source="manual", owner=admin, unit="hours", polarity="lower")
    missing = errors_of(enter, indicator=indicator, actor=admin, numerator=None, denominator=None)
    assert missing == {"value": ["Enter the value in hours"]}
    negative = errors_of(enter, indicator=indicator, actor=admin, value=Decimal("-2"), numerator=-1)
    assert set(negative) == {"value", "numerator"}
    row = enter(indicator, admin, value=Decimal("18.25"), numerator=None, denominator=None)
    assert (row.value, row.numerator, row.denominator) == (Decimal("18.25"), None, None)
    with_cases = enter(indicator, admin, value=Decimal("20"), numerator=31, denominator=None)
    assert (with_cases.value, with_cases.numerator) == (20, 31)


# Actions measured by indicators


def test_an_administrator_links_an_indicator_to_an_action_once(admin) -> None:
    action = first_action(build_plan(actions=1))
    indicator = make_indicator(name="Meetings on time")
    link = services.action_link(actor=admin, action=action, indicator=indicator)
    assert (link.added_by, link.history.get().history_user) == (admin, admin)
    errors = errors_of(services.action_link, actor=admin, action=action, indicator=indicator)
    assert errors == {"indicator": ["Action 1.1 is already measured by Meetings on time."]}
    assert ActionIndicator.objects.count() == 1


def test_a_retired_indicator_is_not_linked(admin) -> None:
    action = first_action(build_plan(actions=1))
    errors = errors_of(services.action_link, actor=admin, action=action, indicator=make_indicator(is_active=False))
    assert "retired" in errors["indicator"][0]


def test_only_an_administrator_links_and_unlinks(admin) -> None:
    action = first_action(build_plan(actions=1))
    lead = make_person(Role.ACTION_LEAD)
    with pytest.raises(BusinessRuleError):
        services.action_link(actor=lead, action=action, indicator=make_indicator())
    link = services.action_link(actor=admin, action=action, indicator=make_indicator())
    with pytest.raises(BusinessRuleError):
        services.action_unlink(actor=lead, link=link)
    assert ActionIndicator.objects.filter(pk=link.pk).exists()


def test_unlinking_keeps_the_indicator_and_records_who_removed_it(admin) -> None:
    action = first_action(build_plan(actions=1))
    indicator = make_indicator()
    put_value(indicator, Q2, 3, 4)
    link = services.action_link(actor=admin, action=action, indicator=indicator)
    assert services.action_unlink(actor=admin, link=link) == action
    assert not ActionIndicator.objects.exists()
    assert Indicator.objects.filter(pk=indicator.pk).exists() and IndicatorValue.objects.filter(indicator=indicator)
    removed = ActionIndicator.history.filter(history_type="-").get()  # type: ignore[attr-defined]
    assert removed.history_user == admin
