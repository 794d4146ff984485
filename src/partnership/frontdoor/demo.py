"""Demo front door: a realistic week of contacts, MASH enquiries, research by partner agencies and decisions.

Everything is invented. Contacts are made through the services as the demo front door staff, then their times
are moved back into the last seven days so the queue, the clocks and the measures look like a working week.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children.models import Child
from partnership.frontdoor import rules, services
from partnership.frontdoor.models import Feedback, MashEnquiry, ResearchRequest

CONCERNS = [
    ("6", "Police attended a domestic abuse incident overnight; {name} was in the house and heard the shouting.", True),
    ("2A", "{name} came to school with a bruise on the arm and said mum's partner grabbed them.", True),
    ("3B", "Health visitor worried about {name}: the home was cold and there was little food.", False),
    ("1A", "Grandparent called: {name} says there is fighting at home most weekends.", True),
    ("2A", "{name} has missed eight days of school this half term and seems withdrawn.", False),
    ("3E", "{name} attended A&E with a head injury; the explanation changed during the visit.", False),
    ("4", "Housing officer reports repeated noise complaints and a smashed door at {name}'s home.", True),
    ("5D", "Early help worker: mum has disclosed controlling behaviour by her partner; {name} is 4.", True),
    ("9", "Anonymous caller says children at the address are left alone at night.", False),
    ("6", "Police: {name}'s father breached a non-molestation order last night.", True),
]
REASONS = {
    "red": "Injury with a disclosure, and the person causing harm may still be in the home.",
    "amber": "Repeated incidents; the child's day-to-day care is affected.",
    "green": "Worry about neglect without immediate risk; check what agencies know.",
}
RETURNS = {
    "Police": "Two domestic abuse call-outs in the last year, both graded medium; no arrests.",
    "CDDFT": "Up to date with immunisations; one missed health visitor appointment in March.",
    "NPS": "The mother's partner is known to probation: completed an order for assault in 2022.",
    "YOS": "Nothing known.",
    "Harbour": "Mother was supported by an IDVA last year and closed when she moved.",
}
OUTCOMES = [("nfa", 1), ("advice", 1), ("early_help", 2), ("assessment", 3), ("advice", 2), ("assessment", 3)]


def _at(base: datetime, days_ago: int, hour: int, minute: int) -> datetime:
    local = timezone.localtime(base - timedelta(days=days_ago))
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def load() -> None:
    """Create about a week of front door work on the demo children."""
    chance = random.Random(2018)
    screener = User.objects.get(username="frontdoor")
    manager = User.objects.get(username="manager")
    partners = {a.short_name: a for a in Agency.objects.filter(short_name__in=list(RETURNS))}
    researchers = {"Police": "police", "CDDFT": "health", "NPS": "probation"}
    children = list(
        Child.objects.filter(merged_into__isnull=True, date_of_birth__isnull=False).order_by("local_child_id")
    )
    now = timezone.now()
    deadlines = rules.parse_deadlines("red:4:clock,amber:24:working,green:72:clock")
    for number in range(32):
        days_ago = number // 5
        received = _at(now, days_ago, 8 + (number * 3) % 10, (number * 17) % 60)
        while received > now - timedelta(minutes=30):
            received -= timedelta(days=1)  # early in the morning today's office hours have not come yet
        source, concern, abuse = CONCERNS[number % len(CONCERNS)]
        child = children[(number * 7) % len(children)]
        unresolved = number in {3, 17, 29}
        contact = services.contact_record(
            actor=screener,
            received_at=received,
            source=source,
            concern=concern.format(name=child.first_name if not unresolved else "a child"),
            children=[] if unresolved else [child],
            child_details="A boy of about 10, first name Liam, lives on Bede Street; school not known."
            if unresolved
            else "",
            referrer_name=f"Referrer {number + 1}",
            referrer_organisation="Durham Constabulary" if source == "6" else "",
            referrer_email=f"referrer{number + 1}@example.org" if number % 4 else "",
            domestic_abuse=abuse,
            risk_level=("high", "medium", "standard")[number % 3] if abuse else "",
            not_a_duplicate=True,
        )
        if unresolved or number % 8 == 7:
            continue  # waiting for screening
        priority = ("red", "amber", "amber", "green")[number % 4]
        opened = received + timedelta(minutes=40 + (number % 5) * 25)
        asked = [partners[name] for name in ("Police", "CDDFT", "NPS", "YOS", "Harbour")[: 2 + number % 4]]
        enquiry = services.enquiry_open(
            actor=screener, contact=contact, priority=priority, reason=REASONS[priority], agencies=asked, now=opened
        )
        due = rules.research_due(opened, priority, deadlines=deadlines)
        ResearchRequest.objects.filter(enquiry=enquiry).update(due_at=due)
        for request in enquiry.requests.select_related("agency"):
            if chance.random() < 0.15 and days_ago < 2:
                continue  # not returned yet
            person = User.objects.get(username=researchers.get(request.agency.short_name, "frontdoor"))
            services.research_return(
                actor=person,
                request=request,
                information="" if request.agency.short_name == "YOS" else RETURNS[request.agency.short_name],
                nothing_known=request.agency.short_name == "YOS",
            )
            late = chance.random() < 0.2
            returned = due + timedelta(hours=2) if late else opened + (due - opened) * chance.uniform(0.2, 0.9)
            ResearchRequest.objects.filter(pk=request.pk).update(returned_at=returned)
        if days_ago == 0 and number % 3:
            continue  # still being researched today
        outcome, level = OUTCOMES[number % len(OUTCOMES)]
        services.enquiry_decide(
            actor=screener,
            enquiry=enquiry,
            expected_version=enquiry.version,
            outcome=outcome,
            need_level=level,
            reasons="Agreed with partners after reading the research: " + REASONS[priority].lower(),
            agencies=[] if number % 9 == 4 else asked[:2],
        )
        late_decision = number % 6 == 5
        decided = contact.decision_due_at + timedelta(hours=3) if late_decision else opened + timedelta(hours=3)
        decided = min(decided, now - timedelta(minutes=5))
        MashEnquiry.objects.filter(pk=enquiry.pk).update(decided_at=decided)
        Feedback.objects.filter(contact=contact).update(told_at=decided + timedelta(minutes=10))
        if number % 10 == 1:
            Feedback.objects.filter(contact=contact).update(told_at=None)
        enquiry.refresh_from_db()
        if enquiry.needs_confirmation and number % 2:
            services.decision_confirm(
                actor=manager, enquiry=enquiry, reason="The family accepted early help last week; reviewed in a month."
            )
