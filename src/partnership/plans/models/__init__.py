"""The plan's models: the plan itself, and the quarterly governance cycle around it."""

from partnership.plans.models.cycle import (
    DecisionKind,
    EvidenceItem,
    ProgressUpdate,
    ReportingPeriod,
    ReviewDecision,
    ReviewMeeting,
    UpdateState,
)
from partnership.plans.models.plan import (
    Action,
    ActionRevision,
    Brag,
    DeliveryGroup,
    DeliveryStatus,
    Finding,
    FindingKind,
    Inspection,
    InspectionKind,
    ScrutinyActivity,
    Theme,
)

__all__ = [
    "Action",
    "ActionRevision",
    "Brag",
    "DecisionKind",
    "DeliveryGroup",
    "DeliveryStatus",
    "EvidenceItem",
    "Finding",
    "FindingKind",
    "Inspection",
    "InspectionKind",
    "ProgressUpdate",
    "ReportingPeriod",
    "ReviewDecision",
    "ReviewMeeting",
    "ScrutinyActivity",
    "Theme",
    "UpdateState",
]
