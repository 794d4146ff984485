"""The round trip the Annex A work is done by: a year and a half of invented front door and strategy meeting
records, exported with `partnership export-annex-a`, imported with `partnership import-annex-a`, give the same
contacts, referrals, re-referrals and Section 47 enquiries for every month, quarter and year as the built-in
calculators that read the records themselves.

The records are drawn at random (from fixed seeds) at any time of day, so London days at the edges of periods and
of British Summer Time are crossed. Two cases where the two sources are known to differ are kept out of the draw,
as the README says: a child referred twice on one day (Annex A holds one referral a child a day) and a child's
referrals exactly 365 days apart at different times of day (the practice count compares instants, Annex A days).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from partnership.access.models import Agency, Role
from partnership.children.models import Child
from partnership.cli import main
from partnership.core.clocks import LONDON, london_date
from partnership.frontdoor.models import Contact, MashEnquiry
from partnership.measures.builtin import builtin_definitions
from partnership.measures.definitions import Cell
from partnership.measures.models import AnnexAImport
from partnership.measures.rules import periods_between
from partnership.strategy.models import MeetingChild, MeetingState, StrategyMeeting
from tests.children.builders import build_child
from tests.factories import make_person
from tests.frontdoor.builders import build_contact, build_enquiry
from tests.strategy.builders import build_meeting

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2025, 1, 1), date(2026, 6, 30)
PAIRS = {
    "annex-a-contacts": "frontdoor-contacts",
    "annex-a-referrals": "frontdoor-referrals",
    "annex-a-re-referrals": "frontdoor-re-referrals",
    "annex-a-s47-enquiries": "strategy-s47-enquiries",
}
OUTCOMES = ["nfa", "advice", "early_help", "assessment", "assessment", "strategy"]
SOURCES = ["1A", "2A", "3A", "3B", "3E", "4", "5D", "6", "6", "6", "8", "9"]


def instant(rng: random.Random) -> datetime:
    """A London time on a day of the range, weighted to the evening so that day edges are crossed."""
    day = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))
    minutes = rng.choice([rng.randrange(24 * 60), 23 * 60 + rng.randrange(60), rng.randrange(60)])
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=LONDON)


def build_practice(rng: random.Random, council: Agency) -> dict[str, int]:
    """Contacts (some about two children) with MASH decisions, and strategy meetings with Section 47 decisions."""
    worker = make_person(Role.SOCIAL_WORKER, agency=council)
    children: list[Child] = [
        build_child(agency=council, local_child_id=f"RT-{number:03}", first_name=f"Child{number}")
        for number in range(30)
    ]
    referral_days: dict[Any, set[date]] = {child.pk: set() for child in children}
    counts = {"contacts": 0, "referrals": 0, "meetings": 0}
    for _ in range(220):
        about = rng.sample(children, rng.choice([1, 1, 1, 2]))
        contact = build_contact(child=about[0], by=worker)
        contact.children.add(*about[1:])
        received = instant(rng)
        Contact.objects.filter(pk=contact.pk).update(received_at=received, source=rng.choice(SOURCES))
        counts["contacts"] += len(about)
        if rng.random() < 0.25:
            continue  # not decided yet
        decided = received + timedelta(minutes=rng.randrange(5, 4 * 24 * 60))
        outcome = rng.choice(OUTCOMES)
        day = london_date(decided)
        if outcome in ("assessment", "strategy"):
            clash = any(
                day in referral_days[c.pk] or (day - timedelta(days=365)) in referral_days[c.pk] for c in about
            ) or any((day + timedelta(days=365)) in referral_days[c.pk] for c in about)
            if clash or decided > timezone.now():
                outcome = "advice"
            else:
                for child in about:
                    referral_days[child.pk].add(day)
                counts["referrals"] += len(about)
        enquiry = build_enquiry(contact=contact, by=worker, agencies=[])
        MashEnquiry.objects.filter(pk=enquiry.pk).update(decided_at=decided, outcome=outcome)
    s47_days: dict[Any, set[date]] = {child.pk: set() for child in children}
    for _ in range(60):
        about = rng.sample(children, rng.choice([1, 2]))
        meeting = build_meeting(child=about[0], agency=council, by=worker, invited=[])
        held = instant(rng) if rng.random() < 0.9 else None
        state = rng.choice([MeetingState.SHARED] * 5 + [MeetingState.CANCELLED])
        StrategyMeeting.objects.filter(pk=meeting.pk).update(held_at=held, state=state)
        for position, child in enumerate(about):
            decision = rng.choice(["yes", "yes", "no", ""])
            if held is not None and decision == "yes":
                if london_date(held) in s47_days[child.pk]:
                    decision = "no"
                elif state != MeetingState.CANCELLED:
                    s47_days[child.pk].add(london_date(held))
            if position == 0:
                MeetingChild.objects.filter(meeting=meeting).update(s47=decision)
            else:
                MeetingChild.objects.create(meeting=meeting, child=child, s47=decision)
        counts["meetings"] += 1
    return counts


def overall(cells: list[Cell]) -> tuple[int | None, int | None] | None:
    found = [cell for cell in cells if cell.breakdown == ""]
    return (found[0].numerator, found[0].denominator) if found else None


@pytest.mark.parametrize("seed", [2018, 2026])
def test_the_exported_and_imported_lists_give_the_practice_figures(
    seed: int, council: Agency, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = build_practice(random.Random(seed), council)
    path = tmp_path / "annex-a.xlsx"
    assert main(["export-annex-a", "-o", str(path), "--from", FIRST.isoformat(), "--to", LAST.isoformat()]) == 0
    assert main(["import-annex-a", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"List 1 (Contacts): {counts['contacts']} rows" in out
    assert f"List 3 (Referrals): {counts['referrals']} rows" in out
    assert AnnexAImport.objects.get().list_5_rows

    calculators = {definition.key: definition.calculator for definition in builtin_definitions()}
    now = timezone.now()
    compared = dict.fromkeys(PAIRS, 0)
    totals = dict.fromkeys(PAIRS, 0)
    for kind in ("month", "quarter", "year"):
        for period in periods_between(kind, FIRST, LAST):
            for imported_key, practice_key in PAIRS.items():
                imported, practice = calculators[imported_key], calculators[practice_key]
                assert imported is not None and practice is not None
                from_annex_a, from_records = overall(imported(period, now)), overall(practice(period, now))
                if from_annex_a is None:  # outside the dates the list reaches: there must be nothing to count
                    assert from_records is not None and from_records[0] == 0, (imported_key, period)
                    continue
                assert from_annex_a == from_records, (imported_key, period.label)
                compared[imported_key] += 1
                if kind == "month":
                    totals[imported_key] += from_annex_a[0] or 0
    assert all(count >= 18 for count in compared.values()), compared
    assert totals["annex-a-contacts"] == counts["contacts"]
    assert totals["annex-a-referrals"] == counts["referrals"]
    assert totals["annex-a-re-referrals"] > 0 and totals["annex-a-s47-enquiries"] > 0
