"""The measures app's records: indicators with their targets and stored values, links to plan actions, and the
Annex A lists imported from a council's case-management system."""

from partnership.measures.models.indicators import (
    ActionIndicator,
    Area,
    Indicator,
    IndicatorValue,
    PeriodKind,
    Polarity,
    Source,
    Unit,
)

__all__ = [
    "ActionIndicator",
    "Area",
    "Indicator",
    "IndicatorValue",
    "PeriodKind",
    "Polarity",
    "Source",
    "Unit",
]
