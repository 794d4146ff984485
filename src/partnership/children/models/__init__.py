"""The children's records: the child and household, the chronology, the child's voice, risk and agreements."""

from partnership.children.models.chronology import (
    ChronologyEvent,
    EventType,
    Significance,
    VoiceEntry,
    VoiceMethod,
)
from partnership.children.models.record import (
    AdultRole,
    BreakGlass,
    Child,
    Ethnicity,
    Gender,
    Household,
    HouseholdAdult,
    Involvement,
)
from partnership.children.models.risk import (
    Answer,
    Commitment,
    Responsible,
    RiskAnswer,
    RiskAssessment,
    RiskLevel,
    RiskQuestion,
    RiskTemplate,
    WrittenAgreement,
)

__all__ = [
    "AdultRole",
    "Answer",
    "BreakGlass",
    "Child",
    "ChronologyEvent",
    "Commitment",
    "Ethnicity",
    "EventType",
    "Gender",
    "Household",
    "HouseholdAdult",
    "Involvement",
    "Responsible",
    "RiskAnswer",
    "RiskAssessment",
    "RiskLevel",
    "RiskQuestion",
    "RiskTemplate",
    "Significance",
    "VoiceEntry",
    "VoiceMethod",
    "WrittenAgreement",
]
