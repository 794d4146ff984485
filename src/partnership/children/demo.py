"""Loads the demo children: 38 invented children in 15 invented County Durham households.

Every name, date and event is made up. NHS numbers are in the 999 range, which the NHS never issues.
Dates count back from today, so the demo stays current: chronologies cover the last two years, the unborn
children are at about 12, 20, 31 and 34 weeks, and the cumulative-risk flags fall as designed:

- escalation: the Larchfield, Hazeldene and Thistleton children (3+ incidents within 12 months);
- repeat after MARAC: the Wrenfold and Thistleton children;
- unborn with harm: the Fernside and Quillan unborn children (the Ashcombe unborn's father has left);
- no voice: Tyler Hazeldene, Alfie Ketterley, Daisy Stainthorpe and Harry Oakenshaw;
- agreement burden: Mia Wrenfold and Poppy Ketterley;
- no flag: the Ashcombe, Calderwood, Pennyfeather (but Daisy), Morrowby, Dunmore, Marwood, Hollinside and
  Rookwood children, and Freya Oakenshaw.

The Morrowby children are known only to the police, and the Quillan unborn and the Hollinside children only to
health (and a school): a social worker must find them and use break-glass to read their records.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from partnership.access.models import Agency, User
from partnership.children import services
from partnership.children.models import (
    AdultRole,
    Child,
    Commitment,
    Ethnicity,
    EventType,
    Gender,
    Household,
    HouseholdAdult,
    Involvement,
    Responsible,
    Significance,
    VoiceMethod,
    WrittenAgreement,
)
from partnership.core.clocks import add_months

# Who records each agency's events in the demo; agencies with no demo person are recorded by the MASH.
RECORDER = {
    "DCC CYPS": "socialworker",
    "Police": "police",
    "CDDFT": "health",
    "NPS": "probation",
    "Wearside Primary": "keyadult",
}
SW = "Sam Socialworker, social worker"
KEY_ADULT = "Kim Keyadult, designated safeguarding lead, Wearside Primary"
HEALTH_VISITOR = "Jo Pryor, health visitor"
ADVOCATE = "Dee Marsh, independent advocate"
UNIT = "Domestic abuse safeguarding unit"

DA = EventType.DOMESTIC_ABUSE_INCIDENT
ENCOMPASS = EventType.ENCOMPASS_NOTIFICATION
SERIOUS, ROUTINE = Significance.SERIOUS, Significance.ROUTINE
F, M, U = Gender.FEMALE, Gender.MALE, Gender.NOT_KNOWN

CommitmentSpec = tuple[str, str, HouseholdAdult | None, str]


class _Demo:
    """Writes the demo records through the children services, with dates counted back from today."""

    def __init__(self) -> None:
        self.today = timezone.localdate()
        self.utc_today = timezone.now().astimezone(UTC).date()
        self.users = {user.username: user for user in User.objects.all()}
        self.agencies = {agency.short_name: agency for agency in Agency.objects.all()}
        self.next_nhs = 0
        self.next_id = 1000

    # --- dates ---------------------------------------------------------------------------------------------

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def at(self, days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
        """An instant in UTC some days ago; 23:30 UTC on a summer night is the next day in England."""
        return datetime.combine(self.utc_today - timedelta(days=days_ago), time(hour, minute), tzinfo=UTC)

    def born(self, years: int, months: int = 0) -> date:
        return add_months(self.today, -(12 * years + months)) - timedelta(days=(7 * years + months) % 23)

    # --- people and records --------------------------------------------------------------------------------

    def user(self, agency: str) -> User:
        return self.users[RECORDER.get(agency, "frontdoor")]

    def nhs_number(self) -> str:
        """The next valid NHS number in the 999 test range."""
        while True:
            self.next_nhs += 1
            digits = f"999{self.next_nhs:06d}"
            check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
            if check != 10:
                return digits + str(check % 11)

    def child(
        self,
        first: str,
        last: str,
        gender: str,
        *,
        age: tuple[int, int] | None = None,
        weeks_pregnant: tuple[int, int] | None = None,
        ethnicity: str = Ethnicity.WBRI,
        opened_by: str = "socialworker",
        service: str,
        since: int,
    ) -> Child:
        """Open a child's record as a person of the agency that first knew the child, `since` days ago."""
        self.next_id += 1
        born = self.born(*age) if age else None
        expected = None
        if weeks_pregnant:
            expected = self.today + timedelta(weeks=40) - timedelta(weeks=weeks_pregnant[0], days=weeks_pregnant[1])
        child = services.child_create(
            actor=self.users[opened_by],
            first_name=first,
            last_name=last,
            date_of_birth=born,
            expected_date_of_birth=expected,
            gender=gender,
            ethnicity=ethnicity,
            nhs_number=self.nhs_number() if born else "",
            local_child_id=f"DEMO-{self.next_id}",
            service=service,
        )
        # child_create starts the opening agency's involvement today; the demo's records were opened earlier.
        Involvement.objects.filter(child=child).update(started_on=self.day(since))
        return child

    def household(self, reference: str, children: list[Child]) -> Household:
        household = services.household_create(actor=self.users["socialworker"], reference=reference, children=children)
        for child in children:
            child.household = household
        return household

    def adult(
        self,
        household: Household,
        first: str,
        last: str,
        role: str,
        *,
        age: int,
        parent: bool = False,
        lives_here: bool = True,
        left_days_ago: int | None = None,
    ) -> HouseholdAdult:
        adult = services.adult_add(
            actor=self.users["socialworker"],
            household=household,
            first_name=first,
            last_name=last,
            role=role,
            date_of_birth=self.born(age, 5),
            lives_in_household=lives_here and left_days_ago is None,
        )
        if parent or left_days_ago is not None:
            left_on = self.day(left_days_ago) if left_days_ago is not None else None
            HouseholdAdult.objects.filter(pk=adult.pk).update(is_parent=parent, left_on=left_on)
        return adult

    def involve(
        self, children: Iterable[Child], agency: str, service: str, *, since: int, ended: int | None = None
    ) -> None:
        actor = self.user(agency)
        for child in children:
            involvement = services.involvement_add(
                actor=actor,
                child=child,
                agency=self.agencies[agency],
                service=service,
                started_on=self.day(since),
                practitioner=actor if agency in RECORDER else None,
            )
            if ended is not None:
                services.involvement_end(actor=actor, involvement=involvement, ended_on=self.day(ended))

    def event(
        self,
        children: Iterable[Child],
        days_ago: int,
        event_type: str,
        agency: str,
        summary: str,
        *,
        hour: int = 10,
        minute: int = 0,
        significance: str = Significance.SIGNIFICANT,
        by: str = "",
    ) -> None:
        actor = self.users[by] if by else self.user(agency)
        for child in children:
            services.event_add(
                actor=actor,
                child=child,
                occurred_at=self.at(days_ago, hour, minute),
                event_type=event_type,
                summary=summary,
                significance=significance,
                source_agency=self.agencies[agency],
            )

    def incident(
        self,
        children: Iterable[Child],
        days_ago: int,
        summary: str,
        *,
        hour: int = 21,
        minute: int = 15,
        significance: str = Significance.SIGNIFICANT,
    ) -> None:
        """A domestic abuse incident the police attended, in the evening unless another hour is given."""
        self.event(children, days_ago, DA, "Police", summary, hour=hour, minute=minute, significance=significance)

    def encompass(self, children: Iterable[Child], days_ago: int, school: str) -> None:
        """The Operation Encompass notification to the school the morning after an incident."""
        self.event(
            children,
            days_ago,
            ENCOMPASS,
            "Police",
            f"Operation Encompass notification sent to {school} before the start of the school day.",
            hour=7,
            minute=45,
            significance=ROUTINE,
            by="encompass",
        )

    def voice(self, child: Child, days_ago: int, words: str, method: str, *, by: str = SW, actor: str = "") -> None:
        services.voice_add(
            actor=self.users[actor or "socialworker"],
            child=child,
            words=words,
            method=method,
            gathered_on=self.day(days_ago),
            gathered_by=by,
        )

    def agreement(self, child: Child, days_ago: int, commitments: list[CommitmentSpec]) -> None:
        """A written safety agreement; no service writes agreements yet, so the demo uses the ORM."""
        agreement = WrittenAgreement.objects.create(
            child=child,
            made_on=self.day(days_ago),
            review_on=self.day(days_ago - 42),
            recorded_by=self.users["socialworker"],
            agency=self.agencies["DCC CYPS"],
        )
        for responsible, text, adult, agency in commitments:
            Commitment.objects.create(
                agreement=agreement,
                text=text,
                responsible=responsible,
                responsible_adult=adult,
                responsible_agency=self.agencies[agency] if agency else None,
            )


# --- the households --------------------------------------------------------------------------------------------


def _larchfield(d: _Demo) -> None:
    """Three incidents in a year and child protection plans: escalation for all three children."""
    cp = "Child protection (Families First North)"
    ella = d.child("Ella", "Larchfield", F, age=(9, 4), service=cp, since=300)
    jack = d.child("Jack", "Larchfield", M, age=(6, 2), service=cp, since=300)
    lola = d.child("Lola", "Cawthorne", F, age=(2, 1), ethnicity=Ethnicity.MWBC, service=cp, since=300)
    kids = [ella, jack, lola]
    home = d.household("DEMO-FAM-01", kids)
    kerry = d.adult(home, "Kerry", "Larchfield", AdultRole.ADULT_VICTIM, age=31, parent=True)
    dean = d.adult(home, "Dean", "Cawthorne", AdultRole.PERSON_CAUSING_HARM, age=34, parent=True)
    d.involve([ella], "Wearside Primary", "Pupil, year 5", since=1500)
    d.involve([jack], "Wearside Primary", "Pupil, year 2", since=700)
    d.involve([lola], "CDDFT", "Health visiting", since=750)
    d.involve(kids, "Harbour", "IDVA support for Kerry", since=45)
    d.involve(kids, "Police", UNIT, since=330)

    d.event(
        kids,
        690,
        EventType.CONTACT,
        "CDDFT",
        "Health visitor's concern: Kerry said Dean has 'a temper' and she feels on edge at home. Advice given.",
        significance=ROUTINE,
    )
    d.incident(
        kids,
        330,
        "Police attended a report of shouting. Kerry had a cut lip. Ella and Jack were upstairs and heard it; "
        "Lola was asleep. Dean was arrested and released with no further action.",
        hour=22,
        minute=40,
    )
    d.encompass([ella, jack], 329, "Wearside Primary")
    d.event(
        [ella, jack],
        329,
        EventType.SCHOOL,
        "Wearside Primary",
        "Key adult checked in with Ella and Jack. Ella was quiet and tired; Jack was unsettled at lunchtime.",
        hour=13,
    )
    d.event(kids, 320, EventType.CONTACT, "DCC CYPS", "Police referral received at First Contact.", by="frontdoor")
    d.event(
        kids,
        300,
        EventType.ASSESSMENT,
        "DCC CYPS",
        "Child and family assessment started. Kerry wants support but is worried about how Dean will react.",
    )
    d.event(
        kids, 255, EventType.PLAN, "DCC CYPS", "Child in need plan agreed with Kerry. Ella and Jack's views included."
    )
    d.incident(
        kids,
        190,
        "Police attended late at night after a neighbour called. Dean had thrown a mug and broken the kitchen "
        "window. Ella called 999 from her bedroom. All three children were at home.",
        hour=23,
        minute=30,
        significance=SERIOUS,
    )
    d.encompass([ella, jack], 189, "Wearside Primary")
    d.event(
        kids,
        186,
        EventType.STRATEGY_MEETING,
        "DCC CYPS",
        "Strategy meeting with police, health and school. Section 47 enquiries agreed for all three children.",
    )
    d.event(
        kids,
        170,
        EventType.CONFERENCE,
        "DCC CYPS",
        "Initial child protection conference: Ella, Jack and Lola to have child protection plans (emotional abuse).",
        by="manager",
    )
    d.event(
        [jack],
        150,
        EventType.ATTENDANCE,
        "CDDFT",
        "Jack attended A&E with a cut to his forehead from a fall in the garden, Kerry said. The account fitted "
        "the injury; the safeguarding liaison nurse was told.",
        hour=17,
        significance=ROUTINE,
    )
    d.event(
        [ella],
        120,
        EventType.SCHOOL,
        "Wearside Primary",
        "Ella told her teacher she was 'too tired to work' after a row at home. Shared with the social worker.",
    )
    d.incident(
        kids,
        60,
        "Police attended: Dean had pushed Kerry against a door while she was holding Lola. Ella and Jack were in "
        "the living room. Dean left before police arrived and was arrested the next day.",
        significance=SERIOUS,
    )
    d.encompass([ella, jack], 59, "Wearside Primary")
    d.event(kids, 45, EventType.CONTACT, "Harbour", "Kerry accepted a referral to Harbour; an IDVA is allocated.")
    d.event(
        kids,
        40,
        EventType.CONFERENCE,
        "DCC CYPS",
        "Review child protection conference: plans continue. Referral to MARAC made for the escalation.",
        by="manager",
    )
    d.event(
        [jack],
        20,
        EventType.SCHOOL,
        "Wearside Primary",
        "Jack drew his family with Dean outside the house. He said he feels safer when Dean is not there.",
        significance=ROUTINE,
    )

    d.voice(
        ella,
        25,
        "When Dean shouts I take Jack and Lola upstairs and put the telly on loud. I want Mam to be safe.",
        VoiceMethod.DIRECT_WORK,
    )
    d.voice(
        jack,
        20,
        "I hide under my bed when they shout. I like school because it's quiet.",
        VoiceMethod.CONVERSATION,
        by=KEY_ADULT,
        actor="keyadult",
    )
    d.voice(
        lola,
        30,
        "Lola played happily with Jack's cars. When a door banged she startled, cried and went straight to Kerry.",
        VoiceMethod.OBSERVATION,
    )
    d.agreement(
        ella,
        40,
        [
            (
                Responsible.PERSON_CAUSING_HARM,
                "Dean will not come to the house and will go to the Inspire course.",
                dean,
                "",
            ),
            (Responsible.AGENCY, "The social worker will visit every week and see each child alone.", None, "DCC CYPS"),
            (Responsible.AGENCY, "The IDVA will call Kerry every week and review her safety plan.", None, "Harbour"),
            (Responsible.ADULT_VICTIM, "Kerry will call 999 if Dean comes to the house.", kerry, ""),
        ],
    )


def _wrenfold(d: _Demo) -> None:
    """A MARAC, then a new incident within the year: repeat after MARAC; the agreement loads Natalie alone."""
    cin = "Child in need (Families First North)"
    mia = d.child("Mia", "Wrenfold", F, age=(12, 7), service=cin, since=470)
    leo = d.child("Leo", "Wrenfold", M, age=(8, 3), service=cin, since=470)
    ava = d.child("Ava", "Tollerby", F, age=(3, 5), service=cin, since=470)
    kids = [mia, leo, ava]
    home = d.household("DEMO-FAM-02", kids)
    natalie = d.adult(home, "Natalie", "Wrenfold", AdultRole.ADULT_VICTIM, age=33, parent=True)
    d.adult(home, "Craig", "Tollerby", AdultRole.PERSON_CAUSING_HARM, age=36, parent=True, lives_here=False)
    d.involve([mia], "Riverside Academy", "Pupil, year 8", since=600)
    d.involve([leo], "Wearside Primary", "Pupil (moved school)", since=1200, ended=400)
    d.involve([leo], "St Aidan's", "Pupil, year 4", since=399)
    d.involve([ava], "BA Nursery", "Nursery place", since=200)
    d.involve(kids, "Harbour", "IDVA support for Natalie", since=460, ended=300)
    d.involve(kids, "Police", UNIT, since=500)

    d.incident(
        kids,
        500,
        "Police attended late at night: Craig was threatening to kill Natalie. Mia hid with Leo and Ava in the "
        "bathroom. The DASH risk assessment was high risk.",
        hour=23,
        minute=50,
        significance=SERIOUS,
    )
    d.encompass([mia], 499, "Riverside Academy")
    d.encompass([leo], 499, "Wearside Primary")
    d.event(kids, 480, EventType.CONTACT, "DCC CYPS", "Police referral received at First Contact.", by="frontdoor")
    d.event(kids, 470, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting: section 47 enquiries for all three.")
    d.event(
        kids,
        460,
        EventType.MARAC,
        "Police",
        "MARAC heard the case. Actions: a marker on the address, IDVA support for Natalie, the schools told.",
    )
    d.event(kids, 440, EventType.ASSESSMENT, "DCC CYPS", "Assessment completed: the children need a plan of support.")
    d.event(kids, 400, EventType.PLAN, "DCC CYPS", "Child in need plan agreed with Natalie.")
    d.event(
        [mia],
        350,
        EventType.SCHOOL,
        "Riverside Academy",
        "Mia's attendance fell to 82% this term. She said she worries about leaving her mam at home.",
    )
    d.event(
        [mia],
        300,
        EventType.MISSING_EPISODE,
        "Police",
        "Mia was reported missing in the evening and found by police at a friend's house after midnight. "
        "She said she did not want to go home because Craig was there.",
        hour=21,
    )
    d.incident(
        kids,
        215,
        "Police attended: Craig came to the house in breach of a non-molestation order and kicked the front door "
        "in. Natalie and all three children were at home; Leo was crying on the stairs.",
        hour=22,
        minute=10,
        significance=SERIOUS,
    )
    d.encompass([mia], 214, "Riverside Academy")
    d.encompass([leo], 214, "St Aidan's")
    d.event(kids, 200, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting after Craig's breach of the order.")
    d.event(
        [leo],
        120,
        EventType.SCHOOL,
        "St Aidan's",
        "Leo's teacher noticed he was hungry and tired most mornings; breakfast club offered and taken up.",
        significance=ROUTINE,
    )
    d.event(
        kids,
        90,
        EventType.CONFERENCE,
        "DCC CYPS",
        "Initial child protection conference: Mia, Leo and Ava to have child protection plans (emotional abuse).",
        by="manager",
    )
    d.event(
        [ava],
        30,
        EventType.SCHOOL,
        "BA Nursery",
        "Ava has settled well. Staff saw her act out shouting with the dolls in the home corner.",
        significance=ROUTINE,
    )

    d.voice(
        mia,
        35,
        "I don't want to keep telling Mam what to do. I just want Craig to stop coming round.",
        VoiceMethod.DIRECT_WORK,
    )
    d.voice(leo, 50, "I'm scared when the door bangs. I sleep in Mia's room now.", VoiceMethod.CONVERSATION)
    d.voice(
        ava,
        28,
        "Ava chatted about nursery and her dog. When her dad was mentioned she stopped and hid behind the sofa.",
        VoiceMethod.OBSERVATION,
    )
    d.agreement(
        mia,
        150,
        [
            (Responsible.ADULT_VICTIM, "Natalie will not let Craig into the house.", natalie, ""),
            (Responsible.ADULT_VICTIM, "Natalie will call the police if Craig comes to the house.", natalie, ""),
            (Responsible.ADULT_VICTIM, "Natalie will make sure the children go to school every day.", natalie, ""),
        ],
    )


def _hazeldene(d: _Demo) -> None:
    """Four incidents in a year: escalation; Tyler's voice not heard for five months: no voice."""
    cp = "Child protection (Families First North)"
    tyler = d.child("Tyler", "Hazeldene", M, age=(15, 2), service=cp, since=250)
    sienna = d.child("Sienna", "Hazeldene", F, age=(4, 8), service=cp, since=250)
    kids = [tyler, sienna]
    home = d.household("DEMO-FAM-03", kids)
    d.adult(home, "Donna", "Hazeldene", AdultRole.ADULT_VICTIM, age=38, parent=True)
    d.adult(home, "Shaun", "Garside", AdultRole.PERSON_CAUSING_HARM, age=41)
    d.involve([tyler], "Riverside Academy", "Pupil, year 10", since=1300)
    d.involve([tyler], "YOS", "Referral order", since=110)
    d.involve([sienna], "BA Nursery", "Nursery place", since=400)
    d.involve(kids, "NPS", "Offender manager for Shaun Garside (on licence)", since=320)
    d.involve(kids, "Police", UNIT, since=280)

    d.event(
        [tyler],
        700,
        EventType.SCHOOL,
        "Riverside Academy",
        "Tyler was excluded for two days for fighting. He said he was angry about things at home.",
    )
    d.event(
        [tyler],
        600,
        EventType.MISSING_EPISODE,
        "Police",
        "Tyler was missing overnight and came home the next morning. He would not say where he had been.",
        hour=22,
    )
    d.incident(
        kids,
        280,
        "Police attended a fight in the street outside the house. Shaun had hit Donna; Tyler stepped in and was "
        "pushed over. Sienna was in bed.",
        hour=20,
    )
    d.encompass([tyler], 279, "Riverside Academy")
    d.event(kids, 270, EventType.CONTACT, "DCC CYPS", "Police referral received at First Contact.", by="frontdoor")
    d.event(kids, 250, EventType.ASSESSMENT, "DCC CYPS", "Child and family assessment started.")
    d.event(
        [tyler],
        200,
        EventType.MISSING_EPISODE,
        "Police",
        "Tyler was missing for a night and found in Spennymoor with older boys. Return home interview offered.",
        hour=1,
        minute=20,
    )
    d.incident(
        kids,
        150,
        "Police attended late at night. Donna said Shaun had held her by the throat. Tyler had already taken "
        "Sienna to a neighbour's house.",
        hour=23,
        minute=30,
        significance=SERIOUS,
    )
    d.event(kids, 149, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting: section 47 enquiries agreed.")
    d.event(
        kids,
        130,
        EventType.CONFERENCE,
        "DCC CYPS",
        "Initial child protection conference: Tyler and Sienna to have child protection plans (emotional abuse).",
        by="manager",
    )
    d.event(
        [tyler],
        110,
        EventType.OTHER,
        "YOS",
        "Tyler was given a referral order for criminal damage; a YOS case manager is allocated.",
    )
    d.event(
        [sienna],
        90,
        EventType.SCHOOL,
        "BA Nursery",
        "Sienna told nursery staff 'Shaun hurt Mammy'. Shared with the social worker the same day.",
    )
    d.incident(
        kids,
        40,
        "Police attended: Shaun was shouting and had smashed the television. Donna had bruising to her arm. "
        "Sienna was awake and crying.",
        hour=22,
        minute=5,
    )
    d.incident(
        kids,
        10,
        "Police attended after Tyler called 999. Shaun had come home drunk and threatened Donna. He was arrested "
        "and bailed to another address.",
        hour=2,
        minute=40,
        significance=SERIOUS,
    )
    d.event(
        kids, 9, EventType.OTHER, "NPS", "Probation told of the arrest; Shaun's licence conditions are under review."
    )

    d.voice(
        tyler,
        150,
        "I'm the man of the house when he kicks off. Nobody listens to me anyway.",
        VoiceMethod.DIRECT_WORK,
    )
    d.voice(
        sienna, 35, "I like nursery. Shaun shouts at Mammy and I put my hands on my ears.", VoiceMethod.CONVERSATION
    )


def _fernside(d: _Demo) -> None:
    """An unborn baby at 31 weeks, referred late, with no pre-birth conference; the father causes harm."""
    cin = "Child in need (Families First North)"
    poppy = d.child("Poppy", "Ketterley", F, age=(3, 9), service=cin, since=280)
    alfie = d.child("Alfie", "Ketterley", M, age=(1, 5), service=cin, since=280)
    unborn = d.child("Unborn", "Fernside", U, weeks_pregnant=(31, 1), service="Pre-birth assessment", since=70)
    kids = [poppy, alfie, unborn]
    home = d.household("DEMO-FAM-04", kids)
    leanne = d.adult(home, "Leanne", "Fernside", AdultRole.ADULT_VICTIM, age=27, parent=True)
    d.adult(home, "Liam", "Ketterley", AdultRole.PERSON_CAUSING_HARM, age=29, parent=True)
    d.involve([poppy], "BA Nursery", "Nursery place", since=400)
    d.involve([poppy, alfie], "CDDFT", "Health visiting", since=500)
    d.involve([unborn], "CDDFT", "Midwifery", since=120)
    d.involve([poppy, alfie], "Police", UNIT, since=300, ended=200)

    d.event(
        [poppy],
        400,
        EventType.ATTENDANCE,
        "CDDFT",
        "Poppy attended A&E with a scald to her hand. Leanne said she pulled a cup of tea over. Health visitor told.",
        hour=18,
    )
    d.event(
        [poppy, alfie],
        380,
        EventType.CONTACT,
        "CDDFT",
        "Health visitor saw a hole punched in the bedroom door. Leanne said it was an accident.",
        significance=ROUTINE,
    )
    d.incident(
        [poppy, alfie],
        300,
        "Police attended late at night after neighbours heard screaming. Liam had thrown Leanne's phone and "
        "pulled her hair. Poppy and Alfie were in the same room.",
        hour=23,
        minute=30,
    )
    d.event([poppy, alfie], 290, EventType.CONTACT, "DCC CYPS", "Police referral received.", by="frontdoor")
    d.event([poppy, alfie], 280, EventType.ASSESSMENT, "DCC CYPS", "Child and family assessment started.")
    d.event([poppy, alfie], 230, EventType.PLAN, "DCC CYPS", "Child in need plan agreed with Leanne.")
    d.event(
        [unborn],
        120,
        EventType.OTHER,
        "CDDFT",
        "Midwife booked Leanne at 14 weeks. Leanne spoke of the earlier incident; no referral was made then.",
        significance=ROUTINE,
    )
    d.incident(
        [poppy, alfie, unborn],
        78,
        "Police attended: Liam pushed Leanne, who is 20 weeks pregnant, into a wardrobe. Poppy saw it and was crying.",
        hour=19,
        minute=45,
        significance=SERIOUS,
    )
    d.event(
        [unborn],
        72,
        EventType.CONTACT,
        "DCC CYPS",
        "Referral from midwifery at 21 weeks, after the incident. Later than the 16 weeks the procedures expect.",
        by="frontdoor",
    )
    d.event(kids, 60, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting for Poppy, Alfie and the unborn baby.")
    d.event(
        [unborn],
        50,
        EventType.ASSESSMENT,
        "DCC CYPS",
        "Pre-birth assessment started. The pre-birth conference should be held by 30 weeks.",
    )
    d.event(
        [poppy],
        25,
        EventType.SCHOOL,
        "BA Nursery",
        "Poppy's attendance has dropped to two days a week. Leanne says mornings are hard.",
        significance=ROUTINE,
    )
    d.event(
        [unborn],
        14,
        EventType.OTHER,
        "DCC CYPS",
        "The pre-birth conference is not booked yet; the team manager asked for a date.",
        by="manager",
    )

    d.voice(poppy, 20, "Daddy is cross a lot. I like it when Nanna comes.", VoiceMethod.CONVERSATION)
    d.voice(
        alfie,
        160,
        "Alfie babbles and is meeting his milestones. He flinched and froze when a door slammed.",
        VoiceMethod.OBSERVATION,
        by=HEALTH_VISITOR,
        actor="health",
    )
    d.agreement(
        poppy,
        55,
        [
            (
                Responsible.ADULT_VICTIM,
                "Leanne will not let Liam be at the house when the children are there.",
                leanne,
                "",
            ),
            (Responsible.ADULT_VICTIM, "Leanne will take Poppy to nursery every day.", leanne, ""),
            (Responsible.ADULT_VICTIM, "Leanne will tell the social worker if Liam comes back.", leanne, ""),
        ],
    )


def _quillan(d: _Demo) -> None:
    """An unborn baby at 20 weeks known only to midwifery: the referral to children's social care is overdue."""
    unborn = d.child(
        "Unborn",
        "Quillan",
        U,
        weeks_pregnant=(20, 2),
        opened_by="health",
        service="Midwifery",
        since=72,
    )
    home = d.household("DEMO-FAM-05", [unborn])
    d.adult(home, "Shannon", "Quillan", AdultRole.ADULT_VICTIM, age=22, parent=True)
    d.adult(home, "Jordan", "Brambling", AdultRole.PERSON_CAUSING_HARM, age=26, parent=True)

    d.event(
        [unborn],
        70,
        EventType.OTHER,
        "CDDFT",
        "Booking appointment at 10 weeks. Shannon's partner Jordan answered every question for her.",
        significance=ROUTINE,
    )
    d.event(
        [unborn],
        40,
        EventType.ATTENDANCE,
        "CDDFT",
        "Shannon attended maternity triage with bruises on both arms and said she fell. Jordan waited outside.",
        hour=22,
    )
    d.event(
        [unborn],
        12,
        EventType.OTHER,
        "CDDFT",
        "At her 18-week appointment Shannon told the midwife Jordan grabs her and checks her phone. The "
        "safeguarding midwife will discuss a referral to children's social care.",
    )


def _ashcombe(d: _Demo) -> None:
    """An unborn baby at 34 weeks with a pre-birth conference held; the father who caused harm has left."""
    cin = "Child in need (Families First North)"
    theo = d.child("Theo", "Ashcombe", M, age=(11, 1), service=cin, since=80)
    isla = d.child("Isla", "Ashcombe", F, age=(7, 6), service=cin, since=80)
    unborn = d.child("Unborn", "Ashcombe", U, weeks_pregnant=(34, 4), service="Pre-birth assessment", since=80)
    kids = [theo, isla, unborn]
    home = d.household("DEMO-FAM-06", kids)
    d.adult(home, "Jade", "Ashcombe", AdultRole.ADULT_VICTIM, age=30, parent=True)
    d.adult(home, "Carol", "Ashcombe", AdultRole.OTHER_HOUSEHOLD_MEMBER, age=58)
    d.adult(home, "Kyle", "Penrose", AdultRole.PERSON_CAUSING_HARM, age=32, parent=True, left_days_ago=240)
    d.involve([theo], "Riverside Academy", "Pupil, year 7", since=400)
    d.involve([isla], "Wearside Primary", "Pupil, year 3", since=1200)
    d.involve([unborn], "CDDFT", "Midwifery", since=160)

    d.incident(
        [theo, isla],
        640,
        "Police attended late at night: Kyle had locked Jade out of the house. Theo let her back in. Isla slept "
        "through it.",
        hour=23,
        minute=30,
    )
    d.encompass([isla], 639, "Wearside Primary")
    d.event(
        [theo, isla],
        630,
        EventType.CONTACT,
        "DCC CYPS",
        "Police notification screened at First Contact: advice to Jade, no further action.",
        significance=ROUTINE,
        by="frontdoor",
    )
    d.incident(
        [theo, isla],
        250,
        "Police attended: Kyle punched Jade in the face in front of Theo and Isla. He was charged with assault.",
        significance=SERIOUS,
    )
    d.encompass([isla], 249, "Wearside Primary")
    d.event(
        [theo, isla],
        180,
        EventType.OTHER,
        "Police",
        "Kyle convicted of assault. A restraining order protects Jade and the children for two years.",
    )
    d.event(
        kids,
        80,
        EventType.CONTACT,
        "DCC CYPS",
        "Midwife referred Jade at 22 weeks: Kyle is the baby's father and the restraining order is in place.",
        by="frontdoor",
    )
    d.event(kids, 70, EventType.ASSESSMENT, "DCC CYPS", "Pre-birth and child and family assessment started.")
    d.event(
        [unborn],
        28,
        EventType.PRE_BIRTH_CONFERENCE,
        "DCC CYPS",
        "Pre-birth conference held at 30 weeks: the baby will be supported under a child in need plan. Kyle has "
        "not been in touch.",
        by="manager",
    )
    d.event(kids, 26, EventType.PLAN, "DCC CYPS", "Child in need plan agreed for Theo, Isla and the baby.")
    d.event(
        [isla],
        15,
        EventType.SCHOOL,
        "Wearside Primary",
        "Isla is excited about the baby and told her teacher home is 'calm now'.",
        significance=ROUTINE,
    )
    d.event(
        [theo],
        10,
        EventType.SCHOOL,
        "Riverside Academy",
        "Theo is doing well and has joined the football team.",
        significance=ROUTINE,
    )

    d.voice(
        isla,
        15,
        "Home is calm now. I want to help Mam with the baby and I want to choose its name.",
        VoiceMethod.CONVERSATION,
        by=KEY_ADULT,
        actor="keyadult",
    )
    d.voice(
        theo,
        22,
        "I don't want Kyle to know where we live. I used to check the doors every night but I don't now.",
        VoiceMethod.DIRECT_WORK,
    )


def _calderwood(d: _Demo) -> None:
    """An unborn baby at 12 weeks, referred early with the mother's agreement; no concerns about harm."""
    unborn = d.child(
        "Unborn", "Calderwood", U, weeks_pregnant=(12, 3), opened_by="health", service="Midwifery", since=25
    )
    home = d.household("DEMO-FAM-07", [unborn])
    d.adult(home, "Chloe", "Calderwood", AdultRole.PARENT, age=19, parent=True)
    d.adult(home, "Brenda", "Calderwood", AdultRole.OTHER_HOUSEHOLD_MEMBER, age=47)
    d.involve([unborn], "DCC CYPS", "Pre-birth assessment (early help)", since=8)

    d.event(
        [unborn],
        25,
        EventType.OTHER,
        "CDDFT",
        "Midwife booking at 9 weeks. Chloe is a care leaver and asked for help to get ready for the baby.",
        significance=ROUTINE,
    )
    d.event(
        [unborn],
        10,
        EventType.CONTACT,
        "DCC CYPS",
        "Referral from midwifery with Chloe's agreement, for early help and a pre-birth assessment. No concerns "
        "about harm from anyone.",
        significance=ROUTINE,
        by="frontdoor",
    )
    d.event(
        [unborn],
        5,
        EventType.ASSESSMENT,
        "DCC CYPS",
        "Social worker met Chloe with her personal adviser. Chloe lives with her aunt Brenda and wants to keep "
        "the baby safe.",
        significance=ROUTINE,
    )


def _pennyfeather(d: _Demo) -> None:
    """A MARAC over a year before the next incident (no repeat flag); Daisy's voice never recorded."""
    cin = "Child in need (Families First North)"
    ruby = d.child("Ruby", "Pennyfeather", F, age=(14, 3), service=cin, since=605)
    oscar = d.child("Oscar", "Stainthorpe", M, age=(10, 5), service=cin, since=605)
    daisy = d.child("Daisy", "Stainthorpe", F, age=(4, 2), service=cin, since=605)
    kids = [ruby, oscar, daisy]
    home = d.household("DEMO-FAM-08", kids)
    gemma = d.adult(home, "Gemma", "Pennyfeather", AdultRole.ADULT_VICTIM, age=36, parent=True)
    ryan = d.adult(home, "Ryan", "Stainthorpe", AdultRole.PERSON_CAUSING_HARM, age=39, parent=True, lives_here=False)
    d.involve([ruby], "Riverside Academy", "Pupil, year 9", since=900)
    d.involve([oscar], "Wearside Primary", "Pupil, year 6", since=1800)
    d.involve([daisy], "BA Nursery", "Nursery place", since=500)
    d.involve(kids, "NPS", "Offender manager for Ryan Stainthorpe (on licence)", since=300)

    d.incident(
        kids,
        610,
        "Police attended late at night: Ryan strangled Gemma in the kitchen. Ruby pulled him away and called "
        "999. Oscar and Daisy were in bed.",
        hour=23,
        minute=10,
        significance=SERIOUS,
    )
    d.encompass([ruby], 609, "Riverside Academy")
    d.encompass([oscar], 609, "Wearside Primary")
    d.event(kids, 600, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting: section 47 enquiries agreed.")
    d.event(
        kids,
        595,
        EventType.MARAC,
        "Police",
        "MARAC heard the case: IDVA support for Gemma, a marker on the address, the schools told.",
    )
    d.event(
        kids,
        560,
        EventType.CONFERENCE,
        "DCC CYPS",
        "Initial child protection conference: all three children to have child protection plans.",
        by="manager",
    )
    d.event(kids, 520, EventType.OTHER, "NPS", "Ryan sentenced to 18 months for assault.")
    d.event(
        kids,
        380,
        EventType.CONFERENCE,
        "DCC CYPS",
        "Review conference: the children step down to child in need plans.",
        by="manager",
    )
    d.event(
        kids,
        300,
        EventType.OTHER,
        "NPS",
        "Ryan released on licence. He must not contact Gemma or the children without social care's agreement.",
    )
    d.event(kids, 290, EventType.PLAN, "DCC CYPS", "Child in need plan and written agreement reviewed with Gemma.")
    d.incident(
        kids,
        200,
        "Police attended: Ryan came to the house drunk, in breach of his licence. Gemma kept the door locked. "
        "Daisy was frightened by the banging.",
        hour=21,
        minute=40,
    )
    d.event(kids, 199, EventType.OTHER, "NPS", "Ryan recalled to prison for breaching his licence.")
    d.encompass([ruby], 199, "Riverside Academy")
    d.encompass([oscar], 199, "Wearside Primary")
    d.event(
        [oscar],
        150,
        EventType.SCHOOL,
        "Wearside Primary",
        "Oscar's behaviour in class has improved. He has joined the after-school club.",
        significance=ROUTINE,
    )
    d.event(
        [ruby],
        100,
        EventType.MISSING_EPISODE,
        "Police",
        "Ruby was missing overnight and came home in the morning. She had been with older friends in Bishop "
        "Auckland. Return home interview offered.",
        hour=22,
    )
    d.event([ruby], 95, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting about Ruby's risk of exploitation.")
    d.event(
        [ruby],
        60,
        EventType.SCHOOL,
        "Riverside Academy",
        "Ruby's attendance is up to 94% this term.",
        significance=ROUTINE,
    )
    d.event(kids, 30, EventType.PLAN, "DCC CYPS", "Child in need review: all three children stay on the plan.")
    d.event(
        [daisy],
        20,
        EventType.ATTENDANCE,
        "CDDFT",
        "Daisy was seen at the urgent care centre with a chest infection. No concerns.",
        hour=19,
        significance=ROUTINE,
    )

    d.voice(
        ruby,
        30,
        "I'm not a kid. I look after Oscar and Daisy when Mam's upset. I want Ryan to stay away.",
        VoiceMethod.DIRECT_WORK,
    )
    d.voice(
        oscar,
        45,
        "I like after-school club. I don't want to see my dad yet.",
        VoiceMethod.CONVERSATION,
        by=KEY_ADULT,
        actor="keyadult",
    )
    d.agreement(
        oscar,
        290,
        [
            (
                Responsible.PERSON_CAUSING_HARM,
                "Ryan will have no contact with Gemma or the children unless the social worker agrees.",
                ryan,
                "",
            ),
            (
                Responsible.AGENCY,
                "Probation will tell the social worker at once of any breach of licence.",
                None,
                "NPS",
            ),
            (
                Responsible.AGENCY,
                "The social worker will visit every two weeks and see each child alone.",
                None,
                "DCC CYPS",
            ),
            (Responsible.ADULT_VICTIM, "Gemma will tell the social worker if Ryan gets in touch.", gemma, ""),
        ],
    )


def _morrowby(d: _Demo) -> None:
    """Known only to the police: two incidents over a year apart, not yet shared with children's social care."""
    kai = d.child("Kai", "Morrowby", M, age=(11, 0), opened_by="police", service=UNIT, since=420)
    lily = d.child("Lily", "Morrowby", F, age=(5, 8), opened_by="police", service=UNIT, since=420)
    bonnie = d.child("Bonnie", "Morrowby", F, age=(2, 3), opened_by="police", service=UNIT, since=420)
    kids = [kai, lily, bonnie]
    home = d.household("DEMO-FAM-09", kids)
    d.adult(home, "Stacey", "Morrowby", AdultRole.ADULT_VICTIM, age=32, parent=True)
    d.adult(home, "Paul", "Morrowby", AdultRole.PERSON_CAUSING_HARM, age=35, parent=True)

    d.incident(
        kids,
        420,
        "Police attended a loud argument between Stacey and Paul. No injuries. Kai and Lily were watching "
        "television downstairs; Bonnie was asleep. Graded standard risk.",
        hour=19,
        minute=30,
        significance=ROUTINE,
    )
    d.incident(
        kids,
        21,
        "Police attended late at night after Stacey said Paul had pushed her. She had a red mark on her neck. Kai "
        "heard it from the landing; Lily and Bonnie were asleep.",
        hour=23,
        minute=30,
    )
    d.event(
        kids,
        19,
        EventType.OTHER,
        "Police",
        "Domestic abuse officer's follow-up visit: DASH graded medium risk. Stacey declined support. Not yet "
        "shared with children's social care.",
    )


def _dunmore(d: _Demo) -> None:
    """Connor's missing episodes and criminal exploitation; Amber's case closed two months ago."""
    cin = "Child in need (Families First North)"
    connor = d.child("Connor", "Dunmore", M, age=(16, 4), service=cin, since=330)
    amber = d.child("Amber", "Dunmore", F, age=(13, 6), service=cin, since=330)
    lacey = d.child("Lacey", "Dunmore", F, age=(9, 0), ethnicity=Ethnicity.WIRI, service=cin, since=330)
    kids = [connor, amber, lacey]
    home = d.household("DEMO-FAM-10", kids)
    d.adult(home, "Tracey", "Dunmore", AdultRole.PARENT, age=42, parent=True)
    services.involvement_end(
        actor=d.users["socialworker"], involvement=Involvement.objects.get(child=amber), ended_on=d.day(60)
    )
    d.involve([connor], "YOS", "Youth caution and support", since=250)
    d.involve([amber], "Riverside Academy", "Pupil, year 9", since=900)
    d.involve([lacey], "Wearside Primary", "Pupil, year 4", since=1400)

    d.event(
        [connor],
        700,
        EventType.SCHOOL,
        "Riverside Academy",
        "Connor was permanently excluded for bringing a knife into school. He is now at the pupil referral unit.",
        significance=SERIOUS,
    )
    d.event(
        [connor],
        400,
        EventType.MISSING_EPISODE,
        "Police",
        "Connor was reported missing late at night and found by police in Darlington in the early hours with "
        "older men.",
        hour=23,
        minute=30,
        significance=SERIOUS,
    )
    d.event(
        [connor],
        350,
        EventType.MISSING_EPISODE,
        "Police",
        "Connor was missing for two days. He came home with a new phone and cash he would not explain.",
    )
    d.event(kids, 340, EventType.CONTACT, "DCC CYPS", "Police referral about Connor received.", by="frontdoor")
    d.event(
        [connor],
        330,
        EventType.STRATEGY_MEETING,
        "DCC CYPS",
        "Strategy meeting about child criminal exploitation. Connor's sisters to be assessed too.",
    )
    d.event(kids, 320, EventType.ASSESSMENT, "DCC CYPS", "Child and family assessment for Connor, Amber and Lacey.")
    d.event([connor], 250, EventType.OTHER, "YOS", "Connor given a youth caution for possession of cannabis.")
    d.event(
        [connor],
        200,
        EventType.MISSING_EPISODE,
        "Police",
        "Connor was found at an address in Newton Aycliffe known for drug dealing.",
        hour=3,
        significance=SERIOUS,
    )
    d.event(kids, 180, EventType.PLAN, "DCC CYPS", "Child in need plan agreed with Tracey.")
    d.event(
        [amber],
        150,
        EventType.SCHOOL,
        "Riverside Academy",
        "Amber is doing well in year 9; no concerns.",
        significance=ROUTINE,
    )
    d.event(
        [lacey],
        120,
        EventType.SCHOOL,
        "Wearside Primary",
        "Lacey worries about Connor and asked to talk to her key adult every Monday.",
        significance=ROUTINE,
    )
    d.event(
        [amber],
        60,
        EventType.OTHER,
        "DCC CYPS",
        "Amber's case closed to children's social care; early help offered through school.",
        significance=ROUTINE,
    )
    d.event(
        [connor],
        40,
        EventType.MISSING_EPISODE,
        "Police",
        "Connor was missing overnight and found in a car with two adult men. The men were arrested.",
        hour=1,
        minute=15,
        significance=SERIOUS,
    )
    d.event(
        [connor],
        38,
        EventType.STRATEGY_MEETING,
        "DCC CYPS",
        "Strategy meeting: National Referral Mechanism referral made.",
    )

    d.voice(
        connor,
        21,
        "I go because they're my mates and they give me stuff. I don't want to be a grass.",
        VoiceMethod.ADVOCATE,
        by=ADVOCATE,
    )
    d.voice(
        lacey,
        30,
        "I worry when Connor doesn't come home. Mam cries. I like talking to Mrs Keyadult on Mondays.",
        VoiceMethod.CONVERSATION,
        by=KEY_ADULT,
        actor="keyadult",
    )


def _oakenshaw(d: _Demo) -> None:
    """Neglect: a toddler and a baby; Harry's voice never recorded (no voice), Freya observed recently."""
    cin = "Child in need (Families First North)"
    harry = d.child("Harry", "Oakenshaw", M, age=(2, 3), service=cin, since=160)
    freya = d.child("Freya", "Oakenshaw", F, age=(0, 4), service=cin, since=115)
    kids = [harry, freya]
    home = d.household("DEMO-FAM-11", kids)
    d.adult(home, "Kirsty", "Oakenshaw", AdultRole.PARENT, age=24, parent=True)
    d.adult(home, "Daniel", "Oakenshaw", AdultRole.PARENT, age=27, parent=True)
    d.involve(kids, "CDDFT", "Health visiting", since=115)

    d.event(
        [harry],
        400,
        EventType.ATTENDANCE,
        "CDDFT",
        "Harry attended A&E with a high temperature; his parents had waited two days. Treated and discharged.",
        hour=20,
    )
    d.event(
        [harry],
        200,
        EventType.CONTACT,
        "CDDFT",
        "Health visitor found the home cold, with no food in the fridge. Harry had severe nappy rash.",
    )
    d.event(
        [harry], 165, EventType.CONTACT, "DCC CYPS", "Referral from the health visitor about neglect.", by="frontdoor"
    )
    d.event([harry], 160, EventType.ASSESSMENT, "DCC CYPS", "Child and family assessment started.")
    d.event(
        [freya],
        (d.today - (freya.date_of_birth or d.today)).days,
        EventType.OTHER,
        "CDDFT",
        "Freya was born at 38 weeks; mother and baby well.",
        significance=ROUTINE,
    )
    d.event(
        kids, 110, EventType.PLAN, "DCC CYPS", "Child in need plan: daily routines, home conditions, health visits."
    )
    d.event(
        [freya],
        60,
        EventType.ATTENDANCE,
        "CDDFT",
        "Freya was admitted to the children's ward with bronchiolitis for two nights. Her parents visited often.",
        hour=3,
    )
    d.event(
        kids,
        30,
        EventType.OTHER,
        "CDDFT",
        "Health visitor: the home is warmer and cleaner; Harry's nappy rash has cleared.",
        significance=ROUTINE,
    )

    d.voice(
        freya,
        18,
        "Freya was clean and content. She fed well, settled in Kirsty's arms and made good eye contact.",
        VoiceMethod.OBSERVATION,
        by=HEALTH_VISITOR,
        actor="health",
    )


def _thistleton(d: _Demo) -> None:
    """Three incidents in a year, a MARAC, then another incident: escalation and repeat after MARAC."""
    cp = "Child protection (Families First North)"
    noah = d.child("Noah", "Thistleton", M, age=(13, 0), service=cp, since=300)
    evie = d.child("Evie", "Thistleton", F, age=(9, 8), service=cp, since=300)
    archie = d.child("Archie", "Thistleton", M, age=(7, 1), service=cp, since=300)
    kids = [noah, evie, archie]
    home = d.household("DEMO-FAM-12", kids)
    d.adult(home, "Claire", "Thistleton", AdultRole.ADULT_VICTIM, age=37, parent=True)
    d.adult(home, "Gavin", "Thistleton", AdultRole.PERSON_CAUSING_HARM, age=40, parent=True)
    d.involve([noah], "Riverside Academy", "Pupil, year 8", since=700)
    d.involve([evie, archie], "Wearside Primary", "Pupil", since=1000)
    d.involve(kids, "Harbour", "IDVA support for Claire", since=140)
    d.involve(kids, "Police", UNIT, since=330)

    d.incident(
        kids,
        330,
        "Police attended: Gavin slapped Claire in an argument about money. All three children were at home; Noah "
        "tried to get between them.",
        hour=22,
        minute=50,
    )
    d.encompass([noah], 329, "Riverside Academy")
    d.encompass([evie, archie], 329, "Wearside Primary")
    d.event(kids, 310, EventType.CONTACT, "DCC CYPS", "Police referral received at First Contact.", by="frontdoor")
    d.event(kids, 300, EventType.ASSESSMENT, "DCC CYPS", "Child and family assessment started.")
    d.incident(
        kids,
        250,
        "Police attended: Gavin threw a chair, which hit Archie on the leg. Claire did not want to make a statement.",
        hour=20,
        minute=30,
        significance=SERIOUS,
    )
    d.event(
        [archie],
        250,
        EventType.ATTENDANCE,
        "CDDFT",
        "Archie attended A&E with bruising to his leg from the thrown chair. Safeguarding nurse told social care.",
        hour=22,
    )
    d.event(kids, 248, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting: section 47 enquiries agreed.")
    d.event(
        kids,
        235,
        EventType.CONFERENCE,
        "DCC CYPS",
        "Initial child protection conference: child protection plans for all three (physical and emotional abuse).",
        by="manager",
    )
    d.incident(
        kids,
        170,
        "Police attended late at night. Claire said Gavin threatened her with a knife. Evie was on the stairs "
        "and saw it. DASH graded high risk; MARAC referral made.",
        hour=23,
        minute=30,
        significance=SERIOUS,
    )
    d.encompass([noah], 169, "Riverside Academy")
    d.encompass([evie, archie], 169, "Wearside Primary")
    d.event(
        kids,
        140,
        EventType.MARAC,
        "Police",
        "MARAC heard the case: IDVA for Claire, a marker on the address, the schools' key adults told.",
    )
    d.event(
        [evie],
        120,
        EventType.SCHOOL,
        "Wearside Primary",
        "Evie told her key adult she does not sleep because she listens for shouting.",
    )
    d.event(kids, 90, EventType.CONFERENCE, "DCC CYPS", "Review conference: the plans continue.", by="manager")
    d.event(
        [noah],
        60,
        EventType.SCHOOL,
        "Riverside Academy",
        "Noah was in a fight at school. He said 'I'm sick of everything at home'.",
    )
    d.incident(
        kids,
        25,
        "Police attended: Gavin came home drunk and pushed Claire to the floor. All three children were at home; "
        "Archie hid in the wardrobe.",
        hour=21,
        significance=SERIOUS,
    )
    d.encompass([noah], 24, "Riverside Academy")
    d.encompass([evie, archie], 24, "Wearside Primary")
    d.event(
        kids,
        20,
        EventType.STRATEGY_MEETING,
        "DCC CYPS",
        "Strategy meeting: a new incident within 12 months of the MARAC, so the case goes back to MARAC.",
    )

    d.voice(
        noah,
        40,
        "I'm the oldest so I have to protect them. I want my dad to get help, not go to jail.",
        VoiceMethod.DIRECT_WORK,
    )
    d.voice(
        evie,
        18,
        "I don't sleep because I listen for shouting. I feel safe at school.",
        VoiceMethod.CONVERSATION,
        by=KEY_ADULT,
        actor="keyadult",
    )
    d.voice(
        archie,
        18,
        "I hide in the wardrobe with my teddy when Dad is loud.",
        VoiceMethod.DIRECT_WORK,
        by=KEY_ADULT,
        actor="keyadult",
    )


def _marwood(d: _Demo) -> None:
    """Neglect as the father struggles with his mood; things improving with the grandmother's help."""
    cin = "Child in need (Families First North)"
    ben = d.child("Ben", "Marwood", M, age=(15, 5), service=cin, since=200)
    max_ = d.child("Max", "Marwood", M, age=(13, 1), service=cin, since=200)
    sophie = d.child("Sophie", "Marwood", F, age=(10, 2), service=cin, since=200)
    kids = [ben, max_, sophie]
    home = d.household("DEMO-FAM-13", kids)
    d.adult(home, "Steven", "Marwood", AdultRole.PARENT, age=45, parent=True)
    d.adult(home, "Margaret", "Marwood", AdultRole.OTHER_HOUSEHOLD_MEMBER, age=71)
    d.involve([ben, max_], "Riverside Academy", "Pupil", since=1000)
    d.involve([sophie], "Wearside Primary", "Pupil, year 5", since=1700)
    d.involve([ben], "TEWV", "CAMHS", since=150)

    d.event(
        [sophie],
        380,
        EventType.SCHOOL,
        "Wearside Primary",
        "Sophie often arrives late and without a packed lunch; breakfast club offered.",
        significance=ROUTINE,
    )
    d.event(
        [ben, max_],
        300,
        EventType.SCHOOL,
        "Riverside Academy",
        "Ben's and Max's attendance is below 85%. Their dad did not come to the meeting about it.",
    )
    d.event(kids, 210, EventType.CONTACT, "DCC CYPS", "Referral from Wearside Primary about neglect.", by="frontdoor")
    d.event(kids, 200, EventType.ASSESSMENT, "DCC CYPS", "Child and family assessment started.")
    d.event(kids, 160, EventType.PLAN, "DCC CYPS", "Child in need plan agreed with Steven.")
    d.event([ben], 150, EventType.OTHER, "TEWV", "Ben referred to CAMHS for low mood; first appointment offered.")
    d.event(
        [max_],
        100,
        EventType.SCHOOL,
        "Riverside Academy",
        "Max is a young carer for his dad; referred to the young carers' service.",
        significance=ROUTINE,
    )
    d.event(
        kids,
        45,
        EventType.PLAN,
        "DCC CYPS",
        "Child in need review: the home is better and Margaret has moved in to help.",
        significance=ROUTINE,
    )
    d.event(
        [sophie],
        20,
        EventType.SCHOOL,
        "Wearside Primary",
        "Sophie's attendance is now 97%.",
        significance=ROUTINE,
    )

    d.voice(ben, 50, "I'm fine. I just don't want people in our business. Dad's trying.", VoiceMethod.CONVERSATION)
    d.voice(
        max_,
        45,
        "I do the shopping and help Sophie with her homework. I'd like to go to football again.",
        VoiceMethod.DIRECT_WORK,
    )
    d.voice(
        sophie,
        20,
        "I like breakfast club. Nana makes my lunch now.",
        VoiceMethod.CONVERSATION,
        by=KEY_ADULT,
        actor="keyadult",
    )


def _hollinside(d: _Demo) -> None:
    """Known only to health and the school: A&E visits with explanations that fit, and no concerns."""
    grace = d.child("Grace", "Hollinside", F, age=(1, 2), opened_by="health", service="Health visiting", since=420)
    ethan = d.child("Ethan", "Hollinside", M, age=(6, 3), opened_by="health", service="School nursing", since=300)
    home = d.household("DEMO-FAM-14", [grace, ethan])
    d.adult(home, "Rachel", "Hollinside", AdultRole.PARENT, age=33, parent=True)
    d.adult(home, "Mark", "Hollinside", AdultRole.PARENT, age=35, parent=True)
    d.involve([ethan], "St Aidan's", "Pupil, year 2", since=800)

    d.event(
        [grace],
        300,
        EventType.ATTENDANCE,
        "CDDFT",
        "Grace attended A&E after rolling off the sofa. No injury found; advice given about supervision.",
        hour=16,
        significance=ROUTINE,
    )
    d.event(
        [grace],
        120,
        EventType.ATTENDANCE,
        "CDDFT",
        "Grace attended A&E with a bump to her head from a fall while learning to walk. The account fitted.",
        hour=18,
        significance=ROUTINE,
    )
    d.event(
        [grace],
        110,
        EventType.OTHER,
        "CDDFT",
        "Health visitor's home visit after two A&E attendances: the home is safe and the parents engaged.",
        significance=ROUTINE,
    )
    d.event(
        [ethan],
        400,
        EventType.SCHOOL,
        "St Aidan's",
        "Ethan referred for speech and language therapy.",
        significance=ROUTINE,
    )
    d.event(
        [ethan],
        200,
        EventType.OTHER,
        "CDDFT",
        "School nurse: Ethan passed his hearing test; eczema treatment reviewed.",
        significance=ROUTINE,
    )
    d.event(
        [ethan],
        90,
        EventType.SCHOOL,
        "St Aidan's",
        "Ethan's attendance is 96%; no concerns.",
        significance=ROUTINE,
    )


def _rookwood(d: _Demo) -> None:
    """Kinship care with the grandparents after an incident two years ago; settled, with the children's views."""
    cin = "Child in need (kinship care support)"
    jayden = d.child("Jayden", "Rookwood", M, age=(16, 2), ethnicity=Ethnicity.MWBC, service=cin, since=700)
    amelia = d.child("Amelia", "Rookwood", F, age=(11, 4), ethnicity=Ethnicity.MWBC, service=cin, since=700)
    rosie = d.child("Rosie", "Rookwood", F, age=(8, 9), ethnicity=Ethnicity.MWBC, service=cin, since=700)
    kids = [jayden, amelia, rosie]
    home = d.household("DEMO-FAM-15", kids)
    d.adult(home, "Pauline", "Rookwood", AdultRole.CARER, age=63)
    d.adult(home, "Dennis", "Rookwood", AdultRole.CARER, age=66)
    d.involve([amelia, rosie], "St Aidan's", "Pupil", since=680)

    d.incident(
        kids,
        720,
        "Police attended a fight in the street between the children's mother and her partner. Police found the "
        "three children alone in the flat.",
        hour=23,
        minute=30,
        significance=SERIOUS,
    )
    d.event(kids, 719, EventType.STRATEGY_MEETING, "DCC CYPS", "Strategy meeting: the children cannot go home tonight.")
    d.event(
        kids,
        715,
        EventType.OTHER,
        "DCC CYPS",
        "The children moved to live with their grandparents, Pauline and Dennis.",
    )
    d.event(kids, 690, EventType.ASSESSMENT, "DCC CYPS", "Kinship carer assessment of Pauline and Dennis started.")
    d.event(kids, 600, EventType.PLAN, "DCC CYPS", "Child in need plan with the grandparents.", significance=ROUTINE)
    d.event(
        [amelia],
        500,
        EventType.SCHOOL,
        "St Aidan's",
        "Amelia has settled at St Aidan's and made friends.",
        significance=ROUTINE,
    )
    d.event(
        [jayden],
        300,
        EventType.MISSING_EPISODE,
        "Police",
        "Jayden was missing for five hours after an argument about his phone. He came home by himself.",
        hour=19,
        significance=ROUTINE,
    )
    d.event(
        [rosie],
        180,
        EventType.SCHOOL,
        "St Aidan's",
        "Rosie won the class reading award.",
        significance=ROUTINE,
    )
    d.event(kids, 90, EventType.PLAN, "DCC CYPS", "Plan review: the family is managing well.", significance=ROUTINE)

    d.voice(
        jayden,
        60,
        "Living with Nan and Grandad is alright. I want to do my mechanics course.",
        VoiceMethod.CONVERSATION,
    )
    d.voice(
        amelia,
        60,
        "I miss my mum but I feel safe here. I want to see her on Saturdays.",
        VoiceMethod.DIRECT_WORK,
    )
    d.voice(rosie, 60, "Grandad takes me to dancing. I like my bedroom because it's pink.", VoiceMethod.DIRECT_WORK)


HOUSEHOLDS = [
    _larchfield,
    _wrenfold,
    _hazeldene,
    _fernside,
    _quillan,
    _ashcombe,
    _calderwood,
    _pennyfeather,
    _morrowby,
    _dunmore,
    _oakenshaw,
    _thistleton,
    _marwood,
    _hollinside,
    _rookwood,
]


def load() -> None:
    """Create the demo children, households, involvements, chronologies, voice and agreements."""
    demo = _Demo()
    for household in HOUSEHOLDS:
        household(demo)
