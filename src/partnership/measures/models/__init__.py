"""The measures app's records: indicators with their targets and stored values, links to plan actions, and the
Annex A lists imported from a council's case-management system."""

from partnership.measures.models.annex_a import (
    LISTS,
    AnnexAGender,
    AnnexAImport,
    List1Contact,
    List3Referral,
    List4Assessment,
    List5Enquiry,
    ReferralSource,
)
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
    "LISTS",
    "ActionIndicator",
    "AnnexAGender",
    "AnnexAImport",
    "Area",
    "Indicator",
    "IndicatorValue",
    "List1Contact",
    "List3Referral",
    "List4Assessment",
    "List5Enquiry",
    "PeriodKind",
    "Polarity",
    "ReferralSource",
    "Source",
    "Unit",
]
