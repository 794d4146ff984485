"""Demo agencies, teams and people of the source document's area, one person per role."""

from __future__ import annotations

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.access.models import Agency, AgencyKind, Role, Team, User
from partnership.access.services import agency_create, person_create, recovery_codes_issue, team_create
from partnership.core.models import OutboxMessage

DEMO_PASSWORD = "partnership-demo"

# (name, short name, kind, single point of contact, teams). Schools are fictional.
DEMO_AGENCIES: list[tuple[str, str, str, str, list[str]]] = [
    (
        "Durham Local Safeguarding Children Board",
        "LSCB",
        AgencyKind.OTHER,
        "lscb@example.org",
        ["Business unit", "Executive group"],
    ),
    (
        "Durham County Council Children's Services",
        "DCC CYPS",
        AgencyKind.CHILDRENS_SOCIAL_CARE,
        "firstcontact@example.org",
        ["First Contact", "MASH", "Families First North", "Safeguarding and Professional Practice"],
    ),
    (
        "Durham Constabulary",
        "Police",
        AgencyKind.POLICE,
        "mash.police@example.org",
        ["MASH police team", "Operation Encompass desk", "Safeguarding unit"],
    ),
    (
        "County Durham and Darlington NHS Foundation Trust",
        "CDDFT",
        AgencyKind.HEALTH,
        "safeguarding.cddft@example.org",
        ["Safeguarding children team", "Midwifery", "Health visiting and school nursing"],
    ),
    (
        "Tees, Esk and Wear Valleys NHS Foundation Trust",
        "TEWV",
        AgencyKind.HEALTH,
        "safeguarding.tewv@example.org",
        ["Safeguarding team"],
    ),
    (
        "North Durham Clinical Commissioning Group",
        "ND CCG",
        AgencyKind.HEALTH,
        "nd.ccg@example.org",
        ["Designated professionals"],
    ),
    (
        "Durham Dales, Easington and Sedgefield Clinical Commissioning Group",
        "DDES CCG",
        AgencyKind.HEALTH,
        "ddes.ccg@example.org",
        ["Designated professionals"],
    ),
    (
        "National Probation Service (North East)",
        "NPS",
        AgencyKind.PROBATION,
        "nps.durham@example.org",
        ["Durham office"],
    ),
    (
        "Durham Tees Valley Community Rehabilitation Company",
        "CRC",
        AgencyKind.PROBATION,
        "crc.durham@example.org",
        ["Durham office"],
    ),
    ("County Durham Youth Offending Service", "YOS", AgencyKind.YOUTH_JUSTICE, "yos@example.org", ["Case management"]),
    (
        "Harbour Support Services",
        "Harbour",
        AgencyKind.DOMESTIC_ABUSE_SERVICE,
        "referrals.harbour@example.org",
        ["IDVA service"],
    ),
    ("Wearside Primary School", "Wearside Primary", AgencyKind.EDUCATION, "dsl.wearside@example.org", ["Safeguarding"]),
    ("Riverside Academy", "Riverside Academy", AgencyKind.EDUCATION, "dsl.riverside@example.org", ["Safeguarding"]),
    ("St Aidan's RC Primary School", "St Aidan's", AgencyKind.EDUCATION, "dsl.staidans@example.org", ["Safeguarding"]),
    (
        "Bishop Auckland Nursery School",
        "BA Nursery",
        AgencyKind.EDUCATION,
        "dsl.banursery@example.org",
        ["Safeguarding"],
    ),
]

# (username, first name, last name, job title, agency short name, team, role, has two-factor set up)
DEMO_PEOPLE: list[tuple[str, str, str, str, str, str, str, bool]] = [
    ("admin", "Alex", "Admin", "Partnership business manager", "LSCB", "Business unit", Role.ADMIN, True),
    (
        "executive",
        "Evelyn",
        "Executive",
        "Corporate director of children's services",
        "DCC CYPS",
        "",
        Role.EXECUTIVE,
        True,
    ),
    (
        "lead",
        "Lee",
        "Lead",
        "Head of early help, assessment and safeguarding",
        "DCC CYPS",
        "First Contact",
        Role.ACTION_LEAD,
        True,
    ),
    ("frontdoor", "Frankie", "Frontdoor", "MASH social worker", "DCC CYPS", "MASH", Role.FRONT_DOOR, True),
    (
        "socialworker",
        "Sam",
        "Socialworker",
        "Social worker",
        "DCC CYPS",
        "Families First North",
        Role.SOCIAL_WORKER,
        True,
    ),
    ("manager", "Morgan", "Manager", "Team manager", "DCC CYPS", "Families First North", Role.TEAM_MANAGER, True),
    (
        "encompass",
        "Erin",
        "Encompass",
        "Operation Encompass officer",
        "Police",
        "Operation Encompass desk",
        Role.ENCOMPASS_OFFICER,
        True,
    ),
    (
        "keyadult",
        "Kim",
        "Keyadult",
        "Designated safeguarding lead",
        "Wearside Primary",
        "Safeguarding",
        Role.KEY_ADULT,
        True,
    ),
    ("auditor", "Aude", "Auditor", "Independent auditor", "LSCB", "Business unit", Role.AUDITOR, True),
    ("viewer", "Vic", "Viewer", "Cabinet portfolio holder's adviser", "DCC CYPS", "", Role.VIEWER, True),
    ("police", "Pat", "Police", "MASH police researcher", "Police", "MASH police team", Role.FRONT_DOOR, True),
    (
        "health",
        "Hari",
        "Health",
        "Named nurse for safeguarding",
        "CDDFT",
        "Safeguarding children team",
        Role.FRONT_DOOR,
        True,
    ),
    ("probation", "Priya", "Probation", "Probation officer", "NPS", "Durham office", Role.FRONT_DOOR, True),
    (
        "newstarter",
        "Nat",
        "Newstarter",
        "Newly qualified social worker",
        "DCC CYPS",
        "Families First North",
        Role.SOCIAL_WORKER,
        False,
    ),
]


def load() -> None:
    """Create the demo agencies, teams and people; each demo person signs in with the demo password."""
    agencies: dict[str, Agency] = {}
    teams: dict[tuple[str, str], Team] = {}
    for name, short, kind, contact, team_names in DEMO_AGENCIES:
        agency = agency_create(name=name, kind=kind, short_name=short, contact_email=contact)
        agencies[short] = agency
        for team_name in team_names:
            teams[(short, team_name)] = team_create(agency=agency, name=team_name)
    for username, first, last, title, agency_short, team_name, role, two_factor in DEMO_PEOPLE:
        user = person_create(
            username=username,
            email=f"{username}@example.org",
            first_name=first,
            last_name=last,
            job_title=title,
            agency=agencies[agency_short],
            team=teams.get((agency_short, team_name)),
            role=role,
            password=DEMO_PASSWORD,
        )
        if two_factor:
            TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
            recovery_codes_issue(user=user)
    _undelivered_message()


def _undelivered_message() -> None:
    """One e-mail that could not be delivered, caused by the social worker, for the manager's page and home card."""
    sender = User.objects.get(username="socialworker")
    OutboxMessage.objects.create(
        kind="strategy-invitation",
        dedupe_key="demo-undelivered-invitation",
        sender=sender,
        to_address="safeguarding.lead@school.example",
        subject="Invitation to a strategy meeting",
        body="You are invited to a strategy meeting about a child known to your school.",
        attempts=1,
        failed_at=timezone.now(),
        delivery_status="permanent-failure",
        last_error="The recipient's e-mail provider rejected the message: the address may not exist.",
    )


def is_loaded() -> bool:
    """Whether the demo people exist."""
    return User.objects.filter(username="admin").exists()
