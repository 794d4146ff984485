"""The layout of a plan file: its sheets and columns, the words it accepts, and formula quoting."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from partnership.access.models import AgencyKind

# Formula quoting lives in core, shared by every download; the plan file keeps its names for it.
from partnership.core.spreadsheets import FORMULA_STARTS as FORMULA_STARTS
from partnership.core.spreadsheets import QUOTE as QUOTE
from partnership.core.spreadsheets import quote_for_sheet as quote_for_sheet
from partnership.core.spreadsheets import unquote_from_sheet as unquote_from_sheet
from partnership.plans.models import Brag, DeliveryStatus, FindingKind, InspectionKind

PLAN = "Plan"
THEMES = "Themes"
FINDINGS = "Findings"
ACTIONS = "Actions"
LINKS = "Links"
SCRUTINY = "Scrutiny"

# The Plan sheet has two columns, Field and Value, with one row per field in this order.
PLAN_HEADER = ("Field", "Value")
PLAN_FIELDS = (
    "Title",
    "Kind",
    "Area",
    "Fieldwork start",
    "Fieldwork end",
    "Letter date",
    "Inspectorates",
    "Deep dive theme",
    "Plan start",
    "Notes",
)
PLAN_REQUIRED = frozenset({"Title", "Area", "Plan start"})
PLAN_DATES = frozenset({"Fieldwork start", "Fieldwork end", "Letter date", "Plan start"})
LIST_SEPARATOR = "; "

OWNER_AGENCY = "agency"
OWNER_GROUP = "group"
YES, NO = "yes", "no"
TIMESCALE_MONTHS = (3, 6, 9, 12)


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, whether every row needs it, and its width in the workbook."""

    name: str
    required: bool = False
    width: int = 20


# Every sheet but Plan: one header row, then one row per record. Scrutiny may be left out of a file.
SHEETS: dict[str, tuple[Column, ...]] = {
    THEMES: (Column("Number", True, 10), Column("Title", True, 40), Column("Description", width=60)),
    FINDINGS: (
        Column("Reference", True, 12),
        Column("Kind", True, 22),
        Column("Text", True, 80),
        Column("Agencies", width=40),
        Column("Source reference", width=20),
    ),
    ACTIONS: (
        Column("Reference", True, 12),
        Column("Theme", True, 30),
        Column("Title", True, 50),
        Column("Description", width=60),
        Column("Owner", True, 30),
        Column("Owner type", True, 12),
        Column("Owner agency type", width=22),
        Column("Lead", width=25),
        Column("Lead username", width=18),
        Column("Timescale months", True, 12),
        Column("Original due date", width=14),
        Column("Current due date", width=14),
        Column("Expected impact", True, 60),
        Column("Success measures", width=60),
        Column("Status", width=18),
        Column("BRAG override", width=18),
        Column("BRAG override reason", width=40),
        Column("Progress note", width=60),
        Column("Illustrative", width=12),
    ),
    LINKS: (Column("Finding reference", True, 18), Column("Action reference", True, 18)),
    SCRUTINY: (
        Column("Action reference", True, 18),
        Column("Activity", True, 60),
        Column("Who", width=30),
        Column("When", width=20),
    ),
}
SHEET_ORDER = (PLAN, *SHEETS)
OPTIONAL_SHEETS = frozenset({SCRUTINY})
DATE_COLUMNS = frozenset({"Original due date", "Current due date"})


def choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every accepted spelling of a choice, lower-cased (its stored value and its label), to the stored value."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[str(value).lower()] = str(value)
        lookup[str(label).lower()] = str(value)
    return lookup


def choice_words(choices: type[models.TextChoices]) -> str:
    """The labels of the choices, for a message that says what is accepted."""
    labels = [str(label) for _value, label in choices.choices]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


INSPECTION_KINDS = choice_lookup(InspectionKind)
FINDING_KINDS = choice_lookup(FindingKind)
STATUSES = choice_lookup(DeliveryStatus)
BRAG_RATINGS = choice_lookup(Brag)
AGENCY_KINDS = choice_lookup(AgencyKind)
