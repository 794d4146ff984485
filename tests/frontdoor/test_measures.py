"""Front door figures over five hand-built weeks (24 March to 27 April 2025): the spring clock change, the Easter bank
holidays, research on time and late, joint and single-agency decisions, overrides, feedback and re-referrals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnership.access.models import Agency, AgencyKind, Role, User
from partnership.children import services as children_services
from partnership.children.models import Child
from partnership.core.clocks import london_date
from partnership.frontdoor import rules, services
from partnership.frontdoor.measures import (
    FrontdoorMeasures,
    ResearchMeasures,
    WeekVolume,
    contacts_for_figures,
    frontdoor_measures,
)
from partnership.frontdoor.models import Contact, Feedback, MashEnquiry, Outcome, ResearchRequest
from tests.factories import AgencyFactory, make_person

pytestmark = pytest.mark.django_db

START, END = date(2025, 3, 24), date(2025, 4, 27)  # Monday 24 March to Sunday 27 April 2025: five ISO weeks.
NOW = datetime(2025, 4, 30, 12, tzinfo=UTC)  # Wednesday 30 April 2025, 13:00 BST.
DEADLINES = rules.parse_deadlines("red:4:clock,amber:24:working,green:72:clock")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@dataclass
class Decision:
    outcome: str
    level: int
    at: datetime
    agencies: list[Agency] = field(default_factory=list)


@dataclass
class Enquiry:
    priority: str
    opened: datetime
    research_due: datetime | None = None  # as worked out by hand, checked against the rule
    returns: dict[Any, datetime | None] = field(default_factory=dict)  # agency -> returned at (None: never)


class FrontDoor:
    """The people and children of the data set, and a way to put a contact through the services at chosen times."""

    def __init__(self, screener: User, manager: User, agencies: dict[str, Agency]) -> None:
        self.screener, self.manager, self.agencies = screener, manager, agencies
        self.count = 0

    def child(self, first_name: str) -> Child:
        self.count += 1
        return children_services.child_create(
            actor=self.screener,
            first_name=first_name,
            last_name="Example",
            date_of_birth=date(2015, 1, self.count),
            local_child_id=f"C-{self.count}",
        )

    def contact(
        self,
        *,
        received: datetime,
        children: list[Child],
        decision_due: datetime | None = None,
        source: str = "2A",
        email: bool = True,
        high_risk: bool = False,
        enquiry: Enquiry | None = None,
        decision: Decision | None = None,
        confirm: bool = False,
        untold: tuple[Agency, ...] = (),
    ) -> Contact:
        """A contact recorded, screened, researched and decided through the services, its times then set by hand."""
        self.count += 1
        contact = services.contact_record(
            actor=self.screener,
            received_at=received,
            source=source,
            concern=f"Concern number {self.count}",
            children=children,
            child_details="" if children else "A boy of about 10 called Liam, lives on Bede Street",
            referrer_name="" if source == "9" else f"Referrer {self.count}",
            referrer_email=f"referrer{self.count}@example.org" if email else "",
            domestic_abuse=high_risk,
            risk_level="high" if high_risk else "",
            not_a_duplicate=True,
        )
        due = rules.decision_due(received, working_days=1)
        Contact.objects.filter(pk=contact.pk).update(decision_due_at=due)
        if decision_due is not None:
            assert due == decision_due, "the hand-worked decision deadline"
        if enquiry is None:
            return contact
        opened = services.enquiry_open(
            actor=self.screener,
            contact=contact,
            priority=enquiry.priority,
            reason="Screened",
            agencies=list(enquiry.returns),
            now=enquiry.opened,
        )
        research_due = rules.research_due(enquiry.opened, enquiry.priority, deadlines=DEADLINES)
        ResearchRequest.objects.filter(enquiry=opened).update(due_at=research_due)
        if enquiry.research_due is not None:
            assert research_due == enquiry.research_due, "the hand-worked research deadline"
        decided_at = decision.at if decision else None
        before = {a: at for a, at in enquiry.returns.items() if at and (decided_at is None or at <= decided_at)}
        after = {a: at for a, at in enquiry.returns.items() if at and decided_at is not None and at > decided_at}
        self._return(opened, before)
        if decision is not None:
            opened.refresh_from_db()
            services.enquiry_decide(
                actor=self.screener,
                enquiry=opened,
                expected_version=opened.version,
                outcome=decision.outcome,
                need_level=decision.level,
                reasons="Agreed after reading the research",
                agencies=decision.agencies,
            )
            MashEnquiry.objects.filter(pk=opened.pk).update(decided_at=decision.at)
            Feedback.objects.filter(contact=contact, told_at__isnull=False).update(
                told_at=decision.at + timedelta(minutes=10)
            )
            Feedback.objects.filter(contact=contact, agency__in=untold).update(told_at=None)
        self._return(opened, after)
        if confirm:
            opened.refresh_from_db()
            services.decision_confirm(actor=self.manager, enquiry=opened, reason="Reviewed with the family's worker")
        return contact

    def _return(self, enquiry: MashEnquiry, returns: dict[Agency, datetime]) -> None:
        for agency, at in returns.items():
            request = ResearchRequest.objects.get(enquiry=enquiry, agency=agency)
            services.research_return(actor=self.screener, request=request, information=f"{agency.name} knows this")
            ResearchRequest.objects.filter(pk=request.pk).update(returned_at=at)


@pytest.fixture
def fd(screener: User, manager: User, council: Agency, police: Agency, health: Agency, probation: Agency) -> FrontDoor:
    return FrontDoor(screener, manager, {"council": council, "police": police, "health": health})


@pytest.fixture
def weeks(fd: FrontDoor, council: Agency, police: Agency, health: Agency, probation: Agency) -> dict[str, Contact]:
    """Ten contacts received in the period (C1-C10) and five outside it (X...)."""
    ava, ben, cal, cat, dee, eli, fay, gus, hal = (
        fd.child(name) for name in ("Ava", "Ben", "Cal", "Cat", "Dee", "Eli", "Fay", "Gus", "Hal")
    )
    c: dict[str, Contact] = {}
    # Earlier history (outside the period). X0: Ava referred for an assessment, decided Tue 11 June 2024.
    c["X0"] = fd.contact(
        received=utc(2024, 6, 10, 10),
        children=[ava],
        enquiry=Enquiry("amber", utc(2024, 6, 10, 10, 30)),
        decision=Decision(Outcome.ASSESSMENT, 3, utc(2024, 6, 11, 9)),
    )
    # X00: Ben referred for an assessment, decided Wed 20 March 2024: more than 12 months before his 2025 contacts.
    c["X00"] = fd.contact(
        received=utc(2024, 3, 18, 10),
        children=[ben],
        enquiry=Enquiry("amber", utc(2024, 3, 18, 10, 30)),
        decision=Decision(Outcome.ASSESSMENT, 3, utc(2024, 3, 20, 10)),
    )
    # X3: Eli, early help decided 16 January 2025 (not a referral, so no re-referral later).
    c["X3"] = fd.contact(
        received=utc(2025, 1, 15, 10),
        children=[eli],
        enquiry=Enquiry("green", utc(2025, 1, 15, 10, 30)),
        decision=Decision(Outcome.EARLY_HELP, 2, utc(2025, 1, 16, 10)),
    )
    # X1: Sunday 23 March 2025 23:30 GMT (London day 23 March: outside), decided inside the period on Monday 24.
    c["X1"] = fd.contact(
        received=utc(2025, 3, 23, 23, 30),
        decision_due=utc(2025, 3, 25, 9),  # Sunday: from Monday 09:00 GMT, one working day -> Tuesday 09:00 GMT
        children=[hal],
        enquiry=Enquiry("amber", utc(2025, 3, 24, 9)),
        decision=Decision(Outcome.ASSESSMENT, 3, utc(2025, 3, 24, 10)),
    )

    # Week of 24 March 2025 (the clocks go forward at 01:00 GMT on Sunday 30 March).
    # C1: Friday 28 March 15:00 GMT. Decision due Monday 31 March 15:00 BST = 14:00 UTC; decided 14:30 UTC = 15:30 BST
    #     -> LATE (it would look on time on GMT). Amber opened 15:30 GMT: 1.5 h Friday + 8 Monday + 8 Tuesday + 6.5
    #     Wednesday -> due Wednesday 2 April 15:30 BST = 14:30 UTC. Police returned Monday 10:00 UTC (on time, before
    #     the decision); health Thursday 3 April 09:00 UTC (late, after the decision). Assessment, with the police:
    #     joint. A re-referral: Ava's X0 was decided in June 2024. Feedback: referrer and police, told.
    c["C1"] = fd.contact(
        received=utc(2025, 3, 28, 15),
        decision_due=utc(2025, 3, 31, 14),
        children=[ava],
        source="6",
        enquiry=Enquiry(
            "amber",
            utc(2025, 3, 28, 15, 30),
            research_due=utc(2025, 4, 2, 14, 30),
            returns={police: utc(2025, 3, 31, 10), health: utc(2025, 4, 3, 9)},
        ),
        decision=Decision(Outcome.ASSESSMENT, 3, utc(2025, 3, 31, 14, 30), [police]),
    )
    # C2: Saturday 29 March 23:30 GMT. Weekend: from Monday 09:00, due Tuesday 1 April 09:00 BST = 08:00 UTC. Red
    #     opened Sunday 00:30 GMT: four clock hours through the night and the clock change -> 04:30 UTC (05:30 BST).
    #     Police returned 04:00 UTC (on time). Decided Monday 31 March 16:00 UTC -> within. Strategy discussion with
    #     police and health: joint. Ben's earlier referral X00 is more than 12 months old: not a re-referral.
    #     Feedback: referrer and police, told.
    c["C2"] = fd.contact(
        received=utc(2025, 3, 29, 23, 30),
        decision_due=utc(2025, 4, 1, 8),
        children=[ben],
        source="1A",
        enquiry=Enquiry(
            "red", utc(2025, 3, 30, 0, 30), research_due=utc(2025, 3, 30, 4, 30), returns={police: utc(2025, 3, 30, 4)}
        ),
        decision=Decision(Outcome.STRATEGY, 4, utc(2025, 3, 31, 16), [police, health]),
    )
    # Week of 31 March.
    # C3: Wednesday 2 April 12:00 BST (11:00 UTC), siblings Cal and Cat. Due Thursday 3 April 11:00 UTC; decided Monday
    #     7 April 12:00 UTC -> late. Green opened 11:30 UTC: 72 clock hours -> Saturday 5 April 11:30 UTC. Health
    #     returned Friday 4 April (on time), probation Monday 7 April 09:00 UTC (late); both before the decision.
    #     Early help by the council alone: not joint. Feedback: referrer, health, probation; probation's is untold.
    c["C3"] = fd.contact(
        received=utc(2025, 4, 2, 11),
        decision_due=utc(2025, 4, 3, 11),
        children=[cal, cat],
        enquiry=Enquiry(
            "green",
            utc(2025, 4, 2, 11, 30),
            research_due=utc(2025, 4, 5, 11, 30),
            returns={health: utc(2025, 4, 4, 10), probation: utc(2025, 4, 7, 9)},
        ),
        decision=Decision(Outcome.EARLY_HELP, 2, utc(2025, 4, 7, 12)),
        untold=(probation,),
    )
    # Week of 7 April.
    # C7: Wednesday 9 April 14:00 UTC, Ben again. Due Thursday 10 April 14:00 UTC; decided Friday 11 April -> late.
    #     No research asked. Assessment by the council alone: not joint. A re-referral: C2 (Ben) was decided 31 March.
    #     Feedback: referrer, told.
    c["C7"] = fd.contact(
        received=utc(2025, 4, 9, 14),
        decision_due=utc(2025, 4, 10, 14),
        children=[ben],
        enquiry=Enquiry("amber", utc(2025, 4, 9, 14, 30)),
        decision=Decision(Outcome.ASSESSMENT, 3, utc(2025, 4, 11, 9)),
    )
    # Week of 14 April (Good Friday 18 April, Easter Monday 21 April).
    # C8: Monday 14 April 10:00 BST (09:00 UTC), Ava, high-risk domestic abuse. Due Tuesday 15 April 09:00 UTC; decided
    #     Monday 15:00 UTC -> within. Amber opened 10:30 BST: 6.5 + 8 + 8 + 1.5 -> Thursday 17 April 10:30 BST (09:30
    #     UTC). Police returned Wednesday 16 April (on time, after the decision). Advice at level 2 below the suggested
    #     3: an override, confirmed by the manager. Joint with the police. Not a referral. Feedback: referrer, told.
    c["C8"] = fd.contact(
        received=utc(2025, 4, 14, 9),
        decision_due=utc(2025, 4, 15, 9),
        children=[ava],
        source="6",
        high_risk=True,
        enquiry=Enquiry(
            "amber",
            utc(2025, 4, 14, 9, 30),
            research_due=utc(2025, 4, 17, 9, 30),
            returns={police: utc(2025, 4, 16, 12)},
        ),
        decision=Decision(Outcome.ADVICE, 2, utc(2025, 4, 14, 15), [police]),
        confirm=True,
    )
    # C4: Maundy Thursday 17 April 11:00 BST (10:00 UTC), Dee, high-risk domestic abuse. Good Friday and Easter Monday
    #     are bank holidays: due Tuesday 22 April 11:00 BST (10:00 UTC); decided 09:30 UTC -> within. Amber opened
    #     11:30 BST: 5.5 Thursday + 8 Tuesday + 8 Wednesday + 2.5 -> Thursday 24 April 11:30 BST (10:30 UTC). Police
    #     returned Tuesday 09:00 UTC (on time, before the decision); health at exactly 10:30 UTC on the 24th (on time:
    #     "no later than"; after the decision); probation never (overdue by now). Early help at level 2 below the
    #     suggested 3: an override, not confirmed. Joint with the police. Feedback: referrer and police, told.
    c["C4"] = fd.contact(
        received=utc(2025, 4, 17, 10),
        decision_due=utc(2025, 4, 22, 10),
        children=[dee],
        source="6",
        high_risk=True,
        enquiry=Enquiry(
            "amber",
            utc(2025, 4, 17, 10, 30),
            research_due=utc(2025, 4, 24, 10, 30),
            returns={police: utc(2025, 4, 22, 9), health: utc(2025, 4, 24, 10, 30), probation: None},
        ),
        decision=Decision(Outcome.EARLY_HELP, 2, utc(2025, 4, 22, 9, 30), [police]),
    )
    # C9: Good Friday 18 April 14:00 BST (13:00 UTC), anonymous, Fay. Not a working day: from Tuesday 22 April 09:00,
    #     due Wednesday 23 April 09:00 BST (08:00 UTC); decided 07:30 UTC -> within. Green opened 13:30 UTC: 72 clock
    #     hours over Easter -> Monday 21 April 13:30 UTC; health never returned. No further action by the council
    #     alone: not joint. An anonymous referrer cannot be told and there were no returns: no feedback row.
    c["C9"] = fd.contact(
        received=utc(2025, 4, 18, 13),
        decision_due=utc(2025, 4, 23, 8),
        children=[fay],
        source="9",
        email=False,
        enquiry=Enquiry(
            "green", utc(2025, 4, 18, 13, 30), research_due=utc(2025, 4, 21, 13, 30), returns={health: None}
        ),
        decision=Decision(Outcome.NO_FURTHER_ACTION, 1, utc(2025, 4, 23, 7, 30)),
    )
    # Week of 21 April.
    # C5: Tuesday 22 April 09:00 BST (08:00 UTC), Eli. Due Wednesday 23 April 08:00 UTC; decided 07:00 UTC -> within.
    #     Red opened 08:15 UTC -> due 12:15 UTC; police returned 13:00 UTC (late, before the decision). Assessment,
    #     with only the council named: not joint. Eli's earlier contact X3 was early help: not a re-referral.
    #     Feedback: referrer and police, told.
    c["C5"] = fd.contact(
        received=utc(2025, 4, 22, 8),
        decision_due=utc(2025, 4, 23, 8),
        children=[eli],
        source="3A",
        enquiry=Enquiry(
            "red",
            utc(2025, 4, 22, 8, 15),
            research_due=utc(2025, 4, 22, 12, 15),
            returns={police: utc(2025, 4, 22, 13)},
        ),
        decision=Decision(Outcome.ASSESSMENT, 3, utc(2025, 4, 23, 7), [council]),
    )
    # C6: Saturday 26 April, no child identified: unresolved. Due Tuesday 29 April 09:00 BST.
    c["C6"] = fd.contact(received=utc(2025, 4, 26, 10), decision_due=utc(2025, 4, 29, 8), children=[])
    # C10: Sunday 27 April 23:30 BST (22:30 UTC): the last hour of the period. Amber opened Monday 28 April 09:00 BST:
    #     three full working days -> Wednesday 30 April 17:00 BST (16:00 UTC), not yet due at NOW; police not returned.
    c["C10"] = fd.contact(
        received=utc(2025, 4, 27, 22, 30),
        decision_due=utc(2025, 4, 29, 8),
        children=[gus],
        source="1A",
        enquiry=Enquiry("amber", utc(2025, 4, 28, 8), research_due=utc(2025, 4, 30, 16), returns={police: None}),
    )
    # X2: Sunday 27 April 23:30 UTC is 00:30 BST on Monday 28 April in England: outside the period.
    c["X2"] = fd.contact(received=utc(2025, 4, 27, 23, 30), children=[gus], source="1A")
    return c


def expected(police: Agency, health: Agency, probation: Agency) -> FrontdoorMeasures:
    return FrontdoorMeasures(
        start=START,
        end=END,
        # C1-C10; X1 (23 March) and X2 (28 March in England) are outside.
        contacts=10,
        # Assessment or strategy: C1, C2, C5, C7.
        referrals=4,
        # 10 x 10,000 / 101,000 = 0.990 -> 1.0; 4 x 10,000 / 101,000 = 0.396 -> 0.4.
        contacts_per_10k=1.0,
        referrals_per_10k=0.4,
        # Decided: C1 late, C2 within, C3 late, C4 within, C5 within, C7 late, C8 within, C9 within -> 5 of 8.
        pct_decided_within_target=62.5,
        research=(
            # Health amber: C1 late, C4 exactly on time -> 1 of 2. Green: C3 on time, C9 never returned and overdue.
            ResearchMeasures(health.pk, health.name, "amber", 2, 2, 1, 50.0),
            ResearchMeasures(health.pk, health.name, "green", 2, 1, 1, 50.0),
            # Police red: C2 on time, C5 late. Amber: C1, C4, C8 on time; C10 open and not yet due (not counted).
            ResearchMeasures(police.pk, police.name, "red", 2, 2, 1, 50.0),
            ResearchMeasures(police.pk, police.name, "amber", 4, 3, 3, 100.0),
            # Probation amber: C4 never returned, overdue. Green: C3 returned late.
            ResearchMeasures(probation.pk, probation.name, "amber", 1, 0, 0, 0.0),
            ResearchMeasures(probation.pk, probation.name, "green", 1, 1, 0, 0.0),
        ),
        # Joint: C1, C2, C4, C8 of the 8 decided.
        pct_joint=50.0,
        # Rows: C1 2, C2 2, C3 3, C4 2, C5 2, C7 1, C8 1 = 13; untold: C3's probation -> 12 of 13.
        pct_feedback_given=92.3,
        # C1 (Ava: X0 in June 2024) and C7 (Ben: C2 on 31 March 2025).
        re_referrals=2,
        # C4 (unconfirmed) and C8 (confirmed).
        threshold_overrides=2,
        overrides_unconfirmed=1,
        # C6.
        unresolved_contacts=1,
        weeks=(
            WeekVolume(date(2025, 3, 24), 2, 1),  # C1 late, C2 within
            WeekVolume(date(2025, 3, 31), 1, 0),  # C3 late
            WeekVolume(date(2025, 4, 7), 1, 0),  # C7 late
            WeekVolume(date(2025, 4, 14), 3, 3),  # C8, C4, C9 within
            WeekVolume(date(2025, 4, 21), 3, 1),  # C5 within; C6 and C10 undecided
        ),
    )


def test_the_five_weeks_give_the_hand_computed_figures(
    screener: User, weeks: dict[str, Contact], police: Agency, health: Agency, probation: Agency
) -> None:
    measures = frontdoor_measures(user=screener, start=START, end=END, now=NOW)
    want = expected(police, health, probation)
    for name in FrontdoorMeasures.__dataclass_fields__:
        assert getattr(measures, name) == getattr(want, name), name
    assert measures == want


def test_an_oversight_viewer_gets_the_same_figures_as_the_front_door(
    screener: User, council: Agency, weeks: dict[str, Contact]
) -> None:
    viewer = make_person(Role.VIEWER, agency=council)
    assert not viewer.has_perm("frontdoor.work_front_door")
    assert contacts_for_figures(user=viewer).count() == Contact.objects.count()
    assert frontdoor_measures(user=viewer, start=START, end=END, now=NOW) == frontdoor_measures(
        user=screener, start=START, end=END, now=NOW
    )


def test_a_key_adult_counts_no_contacts(weeks: dict[str, Contact]) -> None:
    school = AgencyFactory(
        kind=AgencyKind.EDUCATION, name="Hilltop Primary School", contact_email="dsl@hilltop.example"
    )
    key_adult = make_person(Role.KEY_ADULT, agency=school)
    assert not contacts_for_figures(user=key_adult).exists()
    assert frontdoor_measures(user=key_adult, start=START, end=END, now=NOW) == FrontdoorMeasures(
        start=START,
        end=END,
        contacts=0,
        referrals=0,
        contacts_per_10k=0.0,
        referrals_per_10k=0.0,
        pct_decided_within_target=None,
        research=(),
        pct_joint=None,
        pct_feedback_given=None,
        re_referrals=0,
        threshold_overrides=0,
        overrides_unconfirmed=0,
        unresolved_contacts=0,
        weeks=tuple(WeekVolume(START + timedelta(weeks=n), 0, 0) for n in range(5)),
    )


def test_weeks_with_no_contacts_are_listed_and_the_first_week_starts_on_its_monday(
    screener: User, weeks: dict[str, Contact]
) -> None:
    # Wednesday 19 March to Tuesday 25 March: only X1 (Sunday 23 March) was received then.
    measures = frontdoor_measures(user=screener, start=date(2025, 3, 19), end=date(2025, 3, 25), now=NOW)
    assert measures.contacts == 1
    # X1: decided Monday 24 March 10:00 UTC, before its due Tuesday 25 March 09:00 GMT.
    assert measures.weeks == (WeekVolume(date(2025, 3, 17), 1, 1), WeekVolume(date(2025, 3, 24), 0, 0))
    empty = frontdoor_measures(user=screener, start=date(2025, 6, 2), end=date(2025, 6, 15), now=NOW)
    assert empty.weeks == (WeekVolume(date(2025, 6, 2), 0, 0), WeekVolume(date(2025, 6, 9), 0, 0))
    assert (empty.contacts, empty.pct_decided_within_target, empty.research) == (0, None, ())


def test_the_population_setting_drives_the_rates(screener: User, weeks: dict[str, Contact], settings: Any) -> None:
    settings.PARTNERSHIP_CHILD_POPULATION = 40000
    measures = frontdoor_measures(user=screener, start=START, end=END, now=NOW)
    # 10 x 10,000 / 40,000 = 2.5; 4 x 10,000 / 40,000 = 1.0.
    assert (measures.contacts_per_10k, measures.referrals_per_10k) == (2.5, 1.0)


def _volume(fd: FrontDoor, police: Agency, children: list[Child], first: int, last: int, base: datetime) -> None:
    for number in range(first, last):
        received = base + timedelta(hours=3 * number)
        fd.contact(
            received=received,
            children=[children[number % len(children)]],
            high_risk=number % 2 == 0,
            enquiry=Enquiry("amber", received + timedelta(minutes=30), returns={police: received + timedelta(hours=1)}),
            decision=Decision(Outcome.ASSESSMENT, 2 if number % 4 == 0 else 3, received + timedelta(hours=2), [police]),
        )
        if number % 5 == 0:
            fd.contact(received=received + timedelta(minutes=1), children=[])


def test_the_number_of_queries_does_not_grow_with_the_contacts(fd: FrontDoor, police: Agency, screener: User) -> None:
    children = [fd.child(name) for name in ("Ann", "Bob", "Cy")]
    base = timezone.now() - timedelta(days=8)
    start, end = london_date(base), london_date(timezone.now())

    def queries() -> tuple[int, FrontdoorMeasures]:
        user = User.objects.get(pk=screener.pk)  # a fresh user: nothing cached from an earlier call
        with CaptureQueriesContext(connection) as captured:
            measures = frontdoor_measures(user=user, start=start, end=end)
        return len(captured.captured_queries), measures

    _volume(fd, police, children, 0, 3, base)
    few, small = queries()
    _volume(fd, police, children, 3, 30, base)
    many, large = queries()
    assert (small.contacts, large.contacts) == (4, 36)
    assert large.re_referrals > 0 and large.research and large.threshold_overrides > 0
    assert few == many
    assert many <= 8
