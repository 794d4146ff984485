"""Every write of the measures by hand: indicators entered by a named owner, baselines and targets, retirement,
values entered for a period, and the links between plan actions and the indicators that measure them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partnership.access.models import User
from partnership.core.clocks import london_date
from partnership.core.errors import BusinessRuleError
from partnership.core.outbox import outbox_enqueue
from partnership.core.versioning import save_if_current
from partnership.measures.models import (
    ActionIndicator,
    Area,
    Indicator,
    IndicatorValue,
    PeriodKind,
    Polarity,
    Source,
    Unit,
)
from partnership.measures.rules import period_containing, two_places, value_of

KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_KEYS = frozenset({"new", "actions"})  # the measures pages' own paths
TARGET_FIELDS = ["baseline", "baseline_label", "target", "amber_within"]
EDIT_FIELDS = ["name", "description", "numerator", "denominator", "polarity", "area", "owner"]
KIND_WORDS = {"month": "month", "quarter": "calendar quarter", "year": "financial year"}


def _require(actor: User, permission: str, obj: Any = None, *, message: str) -> None:
    """Refuse the action when the actor's role does not allow it (the views check first; this is the backstop)."""
    if not actor.has_perm(permission, obj):
        raise BusinessRuleError(message)


def _manager(actor: User) -> None:
    _require(actor, "measures.manage_indicators", message="Only a partnership administrator can change indicators.")


def _link(path: str) -> str:
    return f"{django_settings.PARTNERSHIP_BASE_URL}{path}"


def _tell_owner(indicator: Indicator) -> None:
    """Tell the named owner, once, that they now enter the indicator's values."""
    owner = indicator.owner
    if owner is None or not owner.email:
        return
    outbox_enqueue(
        kind="indicator-owner",
        dedupe_key=f"indicator-owner:{indicator.pk}:{owner.pk}",
        to_address=owner.email,
        recipient=owner,
        subject=f"You now enter the values of the indicator {indicator.name}",
        body=(
            f"You are the named owner of the indicator {indicator.name}. Enter its value for each period here: "
            f"{_link(reverse('measures:value-add', kwargs={'key': indicator.key}))}"
        ),
    )


def _wording_errors(
    *, name: str, description: str, numerator: str, denominator: str, unit: str, polarity: str, area: str, owner: Any
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Enter the indicator's name"]
    if not description:
        errors["description"] = ["Describe what the indicator counts, in plain words"]
    if not numerator:
        errors["numerator"] = ["Enter what is counted"]
    if unit == Unit.PERCENT and not denominator:
        errors["denominator"] = ["Enter what the percentage is counted out of"]
    if polarity not in Polarity.values:
        errors["polarity"] = ["Choose whether a higher or a lower value is better"]
    if area not in Area.values:
        errors["area"] = ["Choose the area the indicator belongs to"]
    if owner is None:
        errors["owner"] = ["Choose the person who enters the values"]
    elif not owner.is_active:
        errors["owner"] = ["Choose someone whose account is active: this person can no longer sign in"]
    return errors


@transaction.atomic
def indicator_create(
    *,
    actor: User,
    key: str,
    name: str,
    description: str,
    numerator: str,
    denominator: str,
    unit: str,
    polarity: str,
    area: str,
    owner: User | None,
) -> Indicator:
    """Add an indicator whose values a named owner enters by hand; built-in indicators come from the code."""
    _manager(actor)
    key, name = key.strip().lower(), name.strip()
    description, numerator, denominator = description.strip(), numerator.strip(), denominator.strip()
    errors = _wording_errors(
        name=name,
        description=description,
        numerator=numerator,
        denominator=denominator,
        unit=unit,
        polarity=polarity,
        area=area,
        owner=owner,
    )
    if not KEY.fullmatch(key):
        errors["key"] = ["Enter a key of lower-case letters, numbers and hyphens, like referrer-feedback-on-time"]
    elif key in RESERVED_KEYS:
        errors["key"] = ["This key is used by the measures pages themselves: choose another"]
    elif Indicator.objects.filter(key=key).exists():
        errors["key"] = ["Another indicator already has this key"]
    if name and Indicator.objects.filter(name__iexact=name).exists():
        errors["name"] = ["Another indicator already has this name"]
    if unit not in Unit.values:
        errors["unit"] = ["Choose the unit: a percentage, a count, hours or days"]
    if errors:
        raise BusinessRuleError("There is a problem with the indicator.", errors=errors)
    indicator = Indicator(
        key=key,
        name=name,
        description=description,
        numerator=numerator,
        denominator=denominator,
        unit=unit,
        polarity=polarity,
        area=area,
        owner=owner,
        source=Source.MANUAL,
        is_builtin=False,
        calculator="",
        breakdowns=[],
    )
    indicator._history_user = actor  # type: ignore[attr-defined]
    indicator.save()
    _tell_owner(indicator)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: User,
    indicator: Indicator,
    expected_version: int,
    name: str,
    description: str,
    numerator: str,
    denominator: str,
    polarity: str,
    area: str,
    owner: User | None,
) -> Indicator:
    """Change the wording, polarity, area or owner of an indicator entered by hand (its unit stays as it was)."""
    _manager(actor)
    if indicator.source != Source.MANUAL:
        raise BusinessRuleError("Only indicators entered by hand can be edited: the built-in ones are defined in code.")
    name, description = name.strip(), description.strip()
    numerator, denominator = numerator.strip(), denominator.strip()
    errors = _wording_errors(
        name=name,
        description=description,
        numerator=numerator,
        denominator=denominator,
        unit=indicator.unit,
        polarity=polarity,
        area=area,
        owner=owner,
    )
    if name and Indicator.objects.filter(name__iexact=name).exclude(pk=indicator.pk).exists():
        errors["name"] = ["Another indicator already has this name"]
    if errors:
        raise BusinessRuleError("There is a problem with the indicator.", errors=errors)
    new_owner = owner is not None and owner.pk != indicator.owner_id
    indicator.name, indicator.description = name, description
    indicator.numerator, indicator.denominator = numerator, denominator
    indicator.polarity, indicator.area, indicator.owner = polarity, area, owner
    indicator._history_user = actor  # type: ignore[attr-defined]
    save_if_current(indicator, expected_version=expected_version, fields=EDIT_FIELDS)
    if new_owner:
        _tell_owner(indicator)
    return indicator


def _target_errors(
    unit: str, baseline: Decimal | None, baseline_label: str, target: Decimal | None, amber_within: Decimal | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, amount, words in (("baseline", baseline, "baseline"), ("target", target, "target")):
        if amount is None:
            continue
        if unit == Unit.PERCENT and not Decimal(0) <= amount <= Decimal(100):
            errors[field] = [f"Enter a {words} from 0 to 100: it is a percentage"]
        elif amount < 0:
            errors[field] = [f"Enter a {words} of 0 or more"]
    if baseline is None and baseline_label:
        errors["baseline"] = ["Enter the baseline, or leave when it was measured blank"]
    if amber_within is None:
        errors["amber_within"] = ["Enter how far short of the target is still amber, from 0 to 100"]
    elif not Decimal(0) <= amber_within <= Decimal(100):
        errors["amber_within"] = ["Enter an amber margin from 0 to 100 (per cent of the target)"]
    return errors


@transaction.atomic
def indicator_set_target(
    *,
    actor: User,
    indicator: Indicator,
    expected_version: int,
    baseline: Decimal | None,
    baseline_label: str,
    target: Decimal | None,
    amber_within: Decimal | None,
) -> Indicator:
    """Set an indicator's baseline, target and amber margin; every change is kept in its history."""
    _manager(actor)
    baseline_label = baseline_label.strip()
    errors = _target_errors(indicator.unit, baseline, baseline_label, target, amber_within)
    if errors or amber_within is None:
        raise BusinessRuleError("There is a problem with the baseline or target.", errors=errors)
    indicator.baseline = None if baseline is None else two_places(baseline)
    indicator.baseline_label = baseline_label
    indicator.target = None if target is None else two_places(target)
    indicator.amber_within = two_places(amber_within)
    indicator._history_user = actor  # type: ignore[attr-defined]
    indicator._change_reason = "Baseline and target set"  # type: ignore[attr-defined]
    return save_if_current(indicator, expected_version=expected_version, fields=TARGET_FIELDS)


@transaction.atomic
def indicator_retire(*, actor: User, indicator: Indicator, expected_version: int) -> Indicator:
    """Stop showing an indicator on the dashboard and the actions it measures; its values and links are kept."""
    _manager(actor)
    if not indicator.is_active:
        raise BusinessRuleError("This indicator is already retired.")
    indicator.is_active = False
    indicator._history_user = actor  # type: ignore[attr-defined]
    indicator._change_reason = "Retired"  # type: ignore[attr-defined]
    return save_if_current(indicator, expected_version=expected_version, fields=["is_active"])


def _count_errors(amount: int | None, words: str, *, least: int = 0) -> list[str]:
    if amount is None:
        return [f"Enter {words}"]
    if amount < least:
        return [f"{words[0].upper()}{words[1:]} must be {least} or more"]
    return []


def _figures(
    unit: str, numerator: int | None, denominator: int | None, value: Decimal | None
) -> tuple[int | None, int | None, Decimal | None]:
    """The numerator, denominator and value to store for the unit, or the errors of what is missing or wrong.

    A percentage follows from its numerator and denominator, a count is its numerator, and hours or days are
    entered as the value itself (with the number of cases it covers, if known).
    """
    errors: dict[str, list[str]] = {}
    if unit == Unit.PERCENT:
        errors["numerator"] = _count_errors(numerator, "the number counted")
        errors["denominator"] = _count_errors(denominator, "the number it is out of", least=1)
        if not errors["numerator"] and not errors["denominator"] and numerator > denominator:  # type: ignore[operator]
            errors["numerator"] = ["The number counted cannot be more than the number it is out of"]
        figures = (numerator, denominator, value_of(unit, numerator, denominator))
    elif unit == Unit.COUNT:
        errors["numerator"] = _count_errors(numerator, "the count")
        figures = (numerator, None, value_of(unit, numerator, None))
    else:
        if value is None:
            errors["value"] = [f"Enter the value in {unit}"]
        elif value < 0:
            errors["value"] = [f"Enter a value in {unit} of 0 or more"]
        if numerator is not None and numerator < 0:
            errors["numerator"] = ["Enter the number of cases as 0 or more, or leave it blank"]
        figures = (numerator, None, None if value is None else two_places(value))
    found = {field: messages for field, messages in errors.items() if messages}
    if found:
        raise BusinessRuleError("There is a problem with the value.", errors=found)
    return figures


@transaction.atomic
def value_enter(
    *,
    actor: User,
    indicator: Indicator,
    period_kind: str,
    period_start: date,
    numerator: int | None,
    denominator: int | None,
    value: Decimal | None,
    note: str,
    today: date | None = None,
) -> IndicatorValue:
    """Record a hand-entered indicator's whole-partnership value for a period as its current value, dated today.

    Entering again on the same day replaces that day's row (its history is kept); rows of earlier days stay, no
    longer current, for the reports that quoted them.
    """
    _require(
        actor,
        "measures.enter_values",
        indicator,
        message="Only the indicator's named owner or a partnership administrator can enter its values.",
    )
    if indicator.source != Source.MANUAL:
        raise BusinessRuleError("This indicator's values are computed or imported, not entered by hand.")
    if not indicator.is_active:
        raise BusinessRuleError("This indicator is retired: its values can no longer be changed.")
    if period_kind not in PeriodKind.values:
        raise BusinessRuleError("Choose a month, a quarter or a year.", field="period_kind")
    today = today or london_date(timezone.now())
    period = period_containing(period_kind, period_start)
    if period.start != period_start:
        raise BusinessRuleError(f"Choose the first day of a {KIND_WORDS[period_kind]}.", field="period")
    if period.start > today:
        raise BusinessRuleError(
            "Choose a period that has started: values cannot be entered in advance.", field="period"
        )
    numerator, denominator, amount = _figures(indicator.unit, numerator, denominator, value)
    cell = {"indicator": indicator, "period_kind": period.kind, "period_start": period.start, "breakdown": ""}
    row = IndicatorValue.objects.filter(**cell, breakdown_key="", as_of=today).first()
    if row is None:
        row = IndicatorValue(**cell, breakdown_key="", as_of=today)
    row.period_end = period.end
    row.breakdown_label = ""
    row.numerator, row.denominator, row.value = numerator, denominator, amount
    row.is_current = True
    row.source = Source.MANUAL
    row.entered_by = actor
    row.note = note.strip()
    row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    IndicatorValue.objects.filter(**cell, breakdown_key="").exclude(pk=row.pk).update(is_current=False)
    return row


@transaction.atomic
def action_link(*, actor: User, action: Any, indicator: Indicator) -> ActionIndicator:
    """Record that an indicator measures a plan action's success, so its figures show on the action and in reports."""
    _require(actor, "measures.link_actions", message="Only a partnership administrator can link indicators.")
    if not indicator.is_active:
        raise BusinessRuleError("This indicator is retired: choose one still in use.", field="indicator")
    if ActionIndicator.objects.filter(action=action, indicator=indicator).exists():
        raise BusinessRuleError(
            f"Action {action.reference} is already measured by {indicator.name}.", field="indicator"
        )
    link = ActionIndicator(action=action, indicator=indicator, added_by=actor)
    link._history_user = actor  # type: ignore[attr-defined]
    link.save()
    return link


@transaction.atomic
def action_unlink(*, actor: User, link: ActionIndicator) -> Any:
    """Stop measuring an action by an indicator; the indicator and its values stay. Returns the action."""
    _require(actor, "measures.link_actions", message="Only a partnership administrator can unlink indicators.")
    action = link.action
    link._history_user = actor  # type: ignore[attr-defined]
    link.delete()
    return action
