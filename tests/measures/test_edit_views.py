"""The pages that change the measures: adding, editing, targeting and retiring an indicator, entering its values,
and linking indicators to actions; who reaches each page, the errors shown, and stale saves refused."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import AccessEvent, Role
from partnership.measures import services
from partnership.measures.models import ActionIndicator, Indicator, IndicatorValue
from partnership.measures.rules import period_containing, previous_period
from tests.factories import make_person
from tests.measures.builders import make_indicator
from tests.plans.builders import build_plan, first_action

pytestmark = pytest.mark.django_db


def text(response: Any) -> str:
    """The page's text without tags, with runs of white space made one space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"measures:{name}", kwargs=kwargs)


def refusals() -> int:
    return AccessEvent.objects.filter(action=AccessEvent.Action.REFUSED).count()


@pytest.fixture
def admin(signed_in) -> Any:
    return signed_in(Role.ADMIN)


# A new indicator entered by hand


def creation(owner: Any, **changes: Any) -> dict[str, Any]:
    return {
        "name": "Children's voice recorded",
        "key": "voice-recorded",
        "description": "Plans audited in which the child's words are recorded.",
        "unit": "percent",
        "numerator": "Plans with the child's words",
        "denominator": "Plans audited",
        "polarity": "higher",
        "area": "audits",
        "owner": owner.pk,
        **changes,
    }


def test_an_administrator_adds_an_indicator_and_lands_on_its_page(admin) -> None:
    owner = make_person(Role.ACTION_LEAD)
    response = admin.post(url("indicator-create"), creation(owner), follow=True)
    assert response.redirect_chain[-1][0] == url("indicator-detail", key="voice-recorded")
    assert "Children's voice recorded has been added. Set its baseline and target next." in text(response)
    assert Indicator.objects.get(key="voice-recorded").owner == owner


def test_a_new_indicator_with_errors_shows_them_and_saves_nothing(admin) -> None:
    make_indicator(key="voice-recorded")
    response = admin.post(url("indicator-create"), creation(make_person(), key="voice-recorded", denominator=""))
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "Another indicator already has this key" in page
    assert "Enter what the percentage is counted out of" in page
    assert Indicator.objects.count() == 1


def test_the_owner_list_leaves_out_people_who_cannot_sign_in(admin) -> None:
    gone = make_person(Role.ACTION_LEAD)
    gone.is_active = False
    gone.save()
    response = admin.post(url("indicator-create"), creation(gone))
    assert response.status_code == 400
    assert "Choose a person" in text(response)


@pytest.mark.parametrize("role", [Role.ACTION_LEAD, Role.EXECUTIVE, Role.SOCIAL_WORKER, Role.VIEWER])
def test_only_an_administrator_reaches_the_new_indicator_page(signed_in, role) -> None:
    before = refusals()
    assert signed_in(role).get(url("indicator-create")).status_code == 404
    assert refusals() == before + 1


# Baseline and target


def test_the_target_page_shows_the_current_values_and_saves_new_ones(admin) -> None:
    indicator = make_indicator(baseline=50, target=80, baseline_label="2018 audit")
    page = admin.get(url("indicator-target", key=indicator.key)).content.decode()
    assert 'value="50.00"' in page and 'value="2018 audit"' in page and 'value="80.00"' in page
    response = admin.post(
        url("indicator-target", key=indicator.key),
        {"version": indicator.version, "baseline": "55", "baseline_label": "2019", "target": "90", "amber_within": "5"},
    )
    assert response.status_code == 302
    stored = Indicator.objects.get(pk=indicator.pk)
    assert (stored.baseline, stored.baseline_label, stored.target, stored.amber_within) == (55, "2019", 90, 5)


def test_a_target_out_of_range_is_shown_as_an_error(admin) -> None:
    indicator = make_indicator(target=80)
    response = admin.post(
        url("indicator-target", key=indicator.key),
        {"version": indicator.version, "target": "120", "amber_within": "10"},
    )
    assert response.status_code == 400
    assert "Enter a target from 0 to 100: it is a percentage" in text(response)
    assert Indicator.objects.get(pk=indicator.pk).target == 80


def test_a_stale_target_save_is_refused_and_the_other_change_shown(admin) -> None:
    indicator = make_indicator(target=80)
    read_version = indicator.version
    services.indicator_set_target(
        actor=admin.user,
        indicator=indicator,
        expected_version=read_version,
        baseline=None,
        baseline_label="",
        target=Decimal("70"),
        amber_within=Decimal("10"),
    )
    response = admin.post(
        url("indicator-target", key=indicator.key),
        {"version": read_version, "target": "95", "amber_within": "10"},
        follow=True,
    )
    page = text(response)
    assert "Someone else changed this indicator while you were editing it" in page
    assert 'value="70.00"' in response.content.decode()
    assert Indicator.objects.get(pk=indicator.pk).target == 70


@pytest.mark.parametrize("role", [Role.ACTION_LEAD, Role.EXECUTIVE, Role.TEAM_MANAGER])
def test_a_lead_cannot_set_targets(signed_in, role) -> None:
    indicator = make_indicator(target=80)
    client = signed_in(role)
    assert client.get(url("indicator-target", key=indicator.key)).status_code == 404
    posted = client.post(
        url("indicator-target", key=indicator.key), {"version": indicator.version, "target": "1", "amber_within": "1"}
    )
    assert posted.status_code == 404
    assert Indicator.objects.get(pk=indicator.pk).target == 80


def test_the_indicator_page_lists_every_change_of_target_with_who_and_when(admin) -> None:
    indicator = make_indicator(target=80)
    admin.post(
        url("indicator-target", key=indicator.key), {"version": indicator.version, "target": "85", "amber_within": "5"}
    )
    page = text(admin.get(url("indicator-detail", key=indicator.key)))
    assert "Changes to the baseline and target" in page
    assert f"{admin.user} " in page
    assert "Target: 80% → 85%" in page
    assert "Amber margin: 10% → 5%" in page


# Editing and retiring


def test_an_indicator_entered_by_hand_is_edited_from_its_page(admin) -> None:
    owner = make_person(Role.ACTION_LEAD)
    indicator = make_indicator(source="manual", owner=owner)
    response = admin.post(
        url("indicator-edit", key=indicator.key),
        {
            "version": indicator.version,
            "name": "Plans with the child's voice",
            "description": "Plans audited.",
            "numerator": "Plans with the voice",
            "denominator": "Plans audited",
            "polarity": "higher",
            "area": "audits",
            "owner": owner.pk,
        },
    )
    assert response.status_code == 302
    assert Indicator.objects.get(pk=indicator.pk).name == "Plans with the child's voice"


def test_a_built_in_indicator_has_no_edit_page(admin) -> None:
    assert admin.get(url("indicator-edit", key=make_indicator(source="computed").key)).status_code == 404


def test_retiring_asks_first_then_hides_the_indicator(admin) -> None:
    indicator = make_indicator(name="Old measure")
    confirm = admin.get(url("indicator-retire", key=indicator.key))
    assert "Retire Old measure?" in text(confirm)
    assert Indicator.objects.get(pk=indicator.pk).is_active
    response = admin.post(url("indicator-retire", key=indicator.key), {"version": indicator.version}, follow=True)
    assert response.redirect_chain[-1][0] == url("dashboard")
    assert "Old measure has been retired. Its values are kept." in text(response)
    assert admin.get(url("indicator-detail", key=indicator.key)).status_code == 404


def test_retiring_from_a_stale_page_changes_nothing(admin) -> None:
    indicator = make_indicator()
    response = admin.post(url("indicator-retire", key=indicator.key), {"version": indicator.version + 1}, follow=True)
    assert "Someone else changed this indicator" in text(response)
    assert Indicator.objects.get(pk=indicator.pk).is_active


def test_the_indicator_page_offers_each_reader_only_what_they_may_change(signed_in) -> None:
    owner = signed_in(Role.ACTION_LEAD)
    indicator = make_indicator(source="manual", owner=owner.user)
    admin_page = text(signed_in(Role.ADMIN).get(url("indicator-detail", key=indicator.key)))
    owner_page = text(owner.get(url("indicator-detail", key=indicator.key)))
    viewer_page = text(signed_in(Role.VIEWER).get(url("indicator-detail", key=indicator.key)))
    actions = ["Enter a value", "Change baseline and target", "Edit this indicator", "Retire this indicator"]
    assert all(words in admin_page for words in actions)
    assert [words in owner_page for words in actions] == [True, False, False, False]
    assert not any(words in viewer_page for words in actions)
    computed_page = text(signed_in(Role.ADMIN).get(url("indicator-detail", key=make_indicator().key)))
    assert [words in computed_page for words in actions] == [False, True, False, True]


# Entering a value


@pytest.fixture
def owned(signed_in) -> tuple[Any, Indicator]:
    client = signed_in(Role.ACTION_LEAD)
    return client, make_indicator(source="manual", owner=client.user, unit="percent")


def test_the_owner_enters_a_quarters_value(owned) -> None:
    client, indicator = owned
    last_quarter = previous_period(period_containing("quarter", timezone.localdate()))
    page = client.get(url("value-add", key=indicator.key))
    assert last_quarter.label in text(page)
    response = client.post(
        url("value-add", key=indicator.key),
        {"period": last_quarter.slug, "numerator": "18", "denominator": "24", "note": "Audit"},
        follow=True,
    )
    assert f"The value of {indicator.name} for {last_quarter.label} has been saved." in text(response)
    row = IndicatorValue.objects.get(indicator=indicator)
    assert (row.period_start, row.value, row.entered_by, row.note) == (last_quarter.start, 75, client.user, "Audit")


def test_the_periods_offered_follow_the_kind_chosen(owned) -> None:
    client, indicator = owned
    today = timezone.localdate()
    months = text(client.get(url("value-add", key=indicator.key) + "?kind=month"))
    assert period_containing("month", today).label in months
    assert period_containing("quarter", today).label not in months
    response = client.post(
        url("value-add", key=indicator.key) + "?kind=month",
        {
            "period": period_containing("quarter", today - timedelta(days=800)).slug,
            "numerator": "1",
            "denominator": "2",
        },
    )
    assert response.status_code == 400
    assert "Choose a period from the list" in text(response)
    assert not IndicatorValue.objects.exists()


def test_a_value_that_breaks_a_rule_is_shown_against_its_field(owned) -> None:
    client, indicator = owned
    period = period_containing("quarter", timezone.localdate())
    response = client.post(
        url("value-add", key=indicator.key), {"period": period.slug, "numerator": "30", "denominator": "20"}
    )
    assert response.status_code == 400
    assert "The number counted cannot be more than the number it is out of" in text(response)
    assert not IndicatorValue.objects.exists()


def test_hours_are_entered_as_the_value(signed_in) -> None:
    client = signed_in(Role.ACTION_LEAD)
    indicator = make_indicator(source="manual", owner=client.user, unit="hours", polarity="lower")
    period = period_containing("quarter", timezone.localdate())
    assert "Value in hours" in text(client.get(url("value-add", key=indicator.key)))
    client.post(url("value-add", key=indicator.key), {"period": period.slug, "value": "17.5"})
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal("17.5")


def test_only_the_owner_and_administrators_enter_values(signed_in, owned) -> None:
    _client, indicator = owned
    for role in (Role.ACTION_LEAD, Role.EXECUTIVE, Role.VIEWER):
        assert signed_in(role).get(url("value-add", key=indicator.key)).status_code == 404
    assert signed_in(Role.ADMIN).get(url("value-add", key=indicator.key)).status_code == 200


def test_computed_indicators_have_no_value_page(admin) -> None:
    assert admin.get(url("value-add", key=make_indicator(source="computed").key)).status_code == 404


# Linking indicators to an action


@pytest.fixture
def action() -> Any:
    return first_action(build_plan(actions=1))


def test_an_administrator_links_an_indicator_and_sees_it_on_the_action(admin, action) -> None:
    indicator = make_indicator(name="Meetings on time")
    make_indicator(name="Retired one", is_active=False)
    page = text(admin.get(url("action-link", action_id=action.pk)))
    assert "Meetings on time" in page and "Retired one" not in page
    response = admin.post(url("action-link", action_id=action.pk), {"indicator": indicator.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:action-detail", kwargs={"action_id": action.pk})
    assert "Action 1.1 is now measured by Meetings on time." in text(response)
    assert ActionIndicator.objects.get().indicator == indicator
    again = text(admin.get(url("action-link", action_id=action.pk)))
    assert "Every indicator in use already measures this action." in again


def test_a_linked_indicator_cannot_be_chosen_again(admin, action) -> None:
    indicator = make_indicator()
    services.action_link(actor=admin.user, action=action, indicator=indicator)
    response = admin.post(url("action-link", action_id=action.pk), {"indicator": indicator.pk})
    assert response.status_code == 400
    assert "Choose an indicator from the list" in text(response)
    assert ActionIndicator.objects.count() == 1


def test_an_administrator_unlinks_an_indicator(admin, action) -> None:
    link = services.action_link(actor=admin.user, action=action, indicator=make_indicator(name="Meetings on time"))
    assert admin.get(url("action-unlink", link_id=link.pk)).status_code == 405
    response = admin.post(url("action-unlink", link_id=link.pk), follow=True)
    assert "Action 1.1 is no longer measured by Meetings on time." in text(response)
    assert not ActionIndicator.objects.exists()


@pytest.mark.parametrize("role", [Role.ACTION_LEAD, Role.EXECUTIVE, Role.VIEWER])
def test_only_an_administrator_links_and_unlinks(signed_in, role, action) -> None:
    link = services.action_link(actor=make_person(Role.ADMIN), action=action, indicator=make_indicator())
    client = signed_in(role)
    assert client.get(url("action-link", action_id=action.pk)).status_code == 404
    assert client.post(url("action-link", action_id=action.pk), {"indicator": make_indicator().pk}).status_code == 404
    assert client.post(url("action-unlink", link_id=link.pk)).status_code == 404
    assert ActionIndicator.objects.count() == 1


def test_a_missing_action_or_link_is_not_found(admin, action) -> None:
    assert admin.get(url("action-link", action_id=Indicator().pk)).status_code == 404
    assert admin.post(url("action-unlink", link_id=Indicator().pk)).status_code == 404
