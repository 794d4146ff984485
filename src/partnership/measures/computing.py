"""Loading the built-in indicators and computing their stored values from the practice records.

Values are dated snapshots: computing a period again on the same day replaces that day's rows, a later day adds
new rows and makes them the current ones, so a report that quoted an earlier day's figures can always find them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from partnership.core.clocks import london_date
from partnership.core.progress import SILENT, Progress
from partnership.measures.builtin import builtin_definitions
from partnership.measures.definitions import Calculator, Cell, Definition
from partnership.measures.models import Indicator, IndicatorValue, Source
from partnership.measures.rules import PERIOD_MONTHS, Period, period_containing, periods_between, value_of

# The fields a built-in definition sets; everything else (baseline, target, amber margin, owner, whether it is
# active) is the partnership's own and is never overwritten.
DEFINED_FIELDS = (
    "name",
    "description",
    "numerator",
    "denominator",
    "unit",
    "polarity",
    "breakdowns",
    "source",
    "area",
    "calculator",
    "is_builtin",
    "is_priority",
    "display_order",
)
VALUE_FIELDS = ["period_end", "breakdown_label", "numerator", "denominator", "value", "is_current", "source", "note"]


def _defined(definition: Definition) -> dict[str, Any]:
    return {
        "name": definition.name,
        "description": definition.description,
        "numerator": definition.numerator,
        "denominator": definition.denominator,
        "unit": definition.unit,
        "polarity": definition.polarity,
        "breakdowns": list(definition.breakdowns),
        "source": definition.source,
        "area": definition.area,
        "calculator": definition.key,
        "is_builtin": True,
        "is_priority": definition.is_priority,
        "display_order": definition.display_order,
    }


@transaction.atomic
def indicators_sync_builtin() -> int:
    """Create or update the Indicator rows of the built-in definitions, keeping each partnership's own baseline,
    target, amber margin, owner and retirement; return how many rows were created or changed."""
    definitions = builtin_definitions()
    existing = {
        indicator.key: indicator for indicator in Indicator.objects.filter(key__in=[d.key for d in definitions])
    }
    changed = 0
    for definition in definitions:
        fields = _defined(definition)
        indicator = existing.get(definition.key)
        if indicator is None:
            indicator = Indicator(key=definition.key, **fields)
            indicator._history_user = None  # type: ignore[attr-defined]
            indicator.save()
        elif any(getattr(indicator, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(indicator, name, value)
            indicator._history_user = None  # type: ignore[attr-defined]
            indicator.save(update_fields=[*DEFINED_FIELDS, "updated_at"])  # never the partnership's own fields
        else:
            continue
        changed += 1
    return changed


def _calculators() -> dict[str, Calculator]:
    return {d.key: d.calculator for d in builtin_definitions() if d.calculator is not None}


@transaction.atomic
def values_compute(
    *, period: Period, keys: list[str] | None = None, now: datetime | None = None, as_of: date | None = None
) -> int:
    """Compute every active built-in indicator with a calculator (or those of `keys`) for the period and store the
    cells as the values of `as_of` (today in England by default), in one transaction, replacing that day's rows
    and making them the current ones; return how many rows were written."""
    now = now or timezone.now()
    as_of = as_of or london_date(now)
    calculators = _calculators()
    indicators = Indicator.objects.filter(is_active=True, calculator__in=list(calculators))
    if keys is not None:
        indicators = indicators.filter(key__in=keys)
    computed: list[tuple[Indicator, list[Cell]]] = [
        (indicator, calculators[indicator.calculator](period, now)) for indicator in indicators
    ]
    if not computed:
        return 0
    return _store(period=period, as_of=as_of, computed=computed)


def _store(*, period: Period, as_of: date, computed: list[tuple[Indicator, list[Cell]]]) -> int:
    """Write the computed cells as the rows of one day with a fixed number of queries; rows of the day whose figures
    are unchanged are left as they are. Returns the cells stored."""
    ids = [indicator.pk for indicator, _cells in computed]
    same_period = IndicatorValue.objects.filter(
        indicator_id__in=ids, period_kind=period.kind, period_start=period.start
    )
    todays = {(row.indicator_id, row.breakdown, row.breakdown_key): row for row in same_period.filter(as_of=as_of)}
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    unchanged = 0
    for indicator, cells in computed:
        for cell in cells:
            fields = {
                "period_end": period.end,
                "breakdown_label": cell.label,
                "numerator": cell.numerator,
                "denominator": cell.denominator,
                "value": cell.value
                if cell.value is not None
                else value_of(indicator.unit, cell.numerator, cell.denominator),
                "is_current": True,
                "source": indicator.source,  # computed, or imported for a calculator over imported lists
                "note": "",
            }
            row = todays.pop((indicator.pk, cell.breakdown, cell.key), None)
            if row is None:
                to_create.append(
                    IndicatorValue(
                        indicator=indicator,
                        period_kind=period.kind,
                        period_start=period.start,
                        breakdown=cell.breakdown,
                        breakdown_key=cell.key,
                        as_of=as_of,
                        **fields,
                    )
                )
            elif any(getattr(row, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(row, name, value)
                to_update.append(row)
            else:
                unchanged += 1  # computed again the same day with the same figures: nothing to write
    if todays:  # cells of this day that the figures no longer have (an agency with nothing left to count)
        IndicatorValue.objects.filter(pk__in=[row.pk for row in todays.values()]).delete()
    same_period.exclude(as_of=as_of).filter(is_current=True).update(is_current=False)
    IndicatorValue.objects.bulk_update(to_update, VALUE_FIELDS, batch_size=500)
    IndicatorValue.objects.bulk_create(to_create, batch_size=500)
    return len(to_create) + len(to_update) + unchanged


def values_compute_range(
    *, kind: str, first: date, last: date, now: datetime | None = None, progress: Progress | None = None
) -> int:
    """Compute every period of the kind from the one containing `first` to the one containing `last`; return how
    many rows were written."""
    now = now or timezone.now()
    progress = progress or SILENT
    periods = periods_between(kind, first, last)
    progress.stage(f"Computing {kind} values", total=len(periods), unit="periods")
    written = 0
    for period in periods:
        written += values_compute(period=period, now=now)
        progress.advance(1)
    progress.close()
    return written


def _daily_periods(today: date) -> list[Period]:
    periods = []
    for kind in PERIOD_MONTHS:
        current = period_containing(kind, today)
        periods += [period_containing(kind, current.start - timedelta(days=1)), current]
    return periods


def measures_daily_sweep(now: datetime | None = None) -> int:
    """Once a London day, load any new built-in definitions and compute the current and previous month, quarter and
    year, returning how many rows were written (0 on every later run that day, after one cheap query)."""
    now = now or timezone.now()
    today = london_date(now)
    periods = _daily_periods(today)
    done = set(
        IndicatorValue.objects.filter(as_of=today, breakdown="", period_start__in=[p.start for p in periods])
        .exclude(source=Source.MANUAL)
        .values_list("period_kind", "period_start")
        .distinct()
    )
    missing = [period for period in periods if (period.kind, period.start) not in done]
    if not missing:
        return 0
    indicators_sync_builtin()
    return sum(values_compute(period=period, now=now, as_of=today) for period in missing)
