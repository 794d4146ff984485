"""Every read of children's records, filtered by need-to-know: involvement, role or break-glass."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, AgencyKind
from partnership.access.selectors import agency_ids_of, roles_of
from partnership.children import rules
from partnership.children.models import (
    AdultRole,
    BreakGlass,
    Child,
    ChronologyEvent,
    EventType,
    Involvement,
    RiskAssessment,
    VoiceEntry,
    WrittenAgreement,
)


def _record_wide(user: Any) -> bool:
    """Whether the user's role lets them see every child's record (the front door triages every contact)."""
    return bool(roles_of(user) & set(settings.PARTNERSHIP_CHILD_RECORD_ROLES))


def _visible_filter(user: Any) -> Q:
    now, today = timezone.now(), timezone.localdate()
    involved = Involvement.objects.filter(
        child=OuterRef("pk"), agency_id__in=agency_ids_of(user), started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    glass = BreakGlass.objects.filter(child=OuterRef("pk"), user=user, expires_at__gt=now)
    return Q(Exists(involved)) | Q(Exists(glass))


def visible_children(*, user: Any) -> QuerySet[Child]:
    """The children whose records the user may read in full; merged duplicates are never listed."""
    if user is None or not user.is_authenticated or not user.has_perm("children.find_child"):
        return Child.objects.none()
    children = Child.objects.filter(merged_into__isnull=True)
    if _record_wide(user):
        return children
    return children.filter(_visible_filter(user))


def merged_into_visible(*, user: Any, child_id: Any) -> Child | None:
    """The record a merged duplicate now lives in, when the user may read that record."""
    if not _is_uuid(child_id):
        return None
    kept_id = Child.objects.filter(pk=child_id).values_list("merged_into_id", flat=True).first()
    return visible_children(user=user).filter(pk=kept_id).first() if kept_id else None


def child_is_visible(*, user: Any, child: Child) -> bool:
    """Whether the user may read this child's record in full."""
    return visible_children(user=user).filter(pk=child.pk).exists()


def active_break_glass(*, user: Any, child: Child) -> BreakGlass | None:
    """The user's unexpired break-glass access to the child, if any."""
    return (
        BreakGlass.objects.filter(user=user, child=child, expires_at__gt=timezone.now()).order_by("-expires_at").first()
    )


def child_list(*, user: Any, search: str = "", flagged_only: bool = False) -> QuerySet[Child]:
    """The children the user may see, with their household, for a list; filtered by name or local ID."""
    children = visible_children(user=user).select_related("household")
    if search.strip():
        term = search.strip()
        children = children.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(local_child_id__iexact=term)
        )
    return children


def child_get(*, user: Any, child_id: Any, purpose: str) -> Child:
    """One child's record the user may read; the view is written to the access log with its purpose."""
    if not _is_uuid(child_id):
        raise Http404()
    visible = visible_children(user=user).select_related("household", "created_by")
    child = visible.filter(pk=child_id).first()
    if child is None:
        if Child.objects.filter(pk=child_id).exists():
            access_event_record(user=user, action=AccessEvent.Action.REFUSED, object_type="child", object_id=child_id)
        raise Http404()
    access_event_record(
        user=user, action=AccessEvent.Action.VIEW, object_type="child", object_id=child.pk, purpose=purpose
    )
    return child


def _is_uuid(value: Any) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class FoundChild:
    """A child found by exact identifiers: the full record if the user may see it, else only a limited view."""

    child: Child
    visible: bool
    agencies: list[str]


def child_find(
    *,
    user: Any,
    nhs_number: str = "",
    local_child_id: str = "",
    first_name: str = "",
    last_name: str = "",
    date_of_birth: Any = None,
) -> list[FoundChild]:
    """Children matching exact identifiers (NHS number, local ID, or name with date of birth); searches are logged."""
    if not user.has_perm("children.find_child"):
        return []
    query = Q()
    if nhs_number:
        query |= Q(nhs_number=rules.normalised_nhs_number(nhs_number))
    if local_child_id:
        query |= Q(local_child_id__iexact=local_child_id.strip())
    if first_name and last_name and date_of_birth:
        query |= Q(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
        ) & (Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth))
    if not query:
        return []
    matches = list(Child.objects.filter(query, merged_into__isnull=True).prefetch_related(_current_involvements()))
    visible_ids = set(visible_children(user=user).filter(pk__in=[c.pk for c in matches]).values_list("pk", flat=True))
    access_event_record(
        user=user,
        action=AccessEvent.Action.LIST,
        object_type="child_search",
        object_id=len(matches),
        purpose="Searched for a child by exact identifiers",
    )
    return [
        FoundChild(
            child=c,
            visible=c.pk in visible_ids,
            agencies=sorted({i.agency.name for i in c.current_involvements}),  # type: ignore[attr-defined]
        )
        for c in matches
    ]


def _current_involvements() -> Prefetch[Any]:
    today = timezone.localdate()
    return Prefetch(
        "involvements",
        queryset=Involvement.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today)).select_related(
            "agency", "practitioner"
        ),
        to_attr="current_involvements",
    )


def possible_duplicates(
    *, first_name: str, last_name: str, date_of_birth: Any, nhs_number: str, exclude: Any = None
) -> QuerySet[Child]:
    """Existing records with the same name and date of birth, or the same NHS number."""
    query = Q()
    if date_of_birth:
        query |= Q(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip()) & (
            Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth)
        )
    if nhs_number:
        query |= Q(nhs_number=rules.normalised_nhs_number(nhs_number))
    if not query:
        return Child.objects.none()
    found = Child.objects.filter(query, merged_into__isnull=True)
    return found.exclude(pk=exclude) if exclude else found


def involvements(*, child: Child) -> QuerySet[Involvement]:
    """Every agency's involvement with a child (for a reader of the record), current first."""
    return child.involvements.select_related("agency", "practitioner").order_by("ended_on", "-started_on")


def chronology(*, child: Child, agency_id: Any = None, event_type: str = "") -> QuerySet[ChronologyEvent]:
    """A child's chronology in date order, optionally for one agency or one kind of event."""
    events = ChronologyEvent.objects.filter(child=child).select_related("source_agency", "recorded_by")
    if agency_id:
        events = events.filter(source_agency_id=agency_id)
    if event_type:
        events = events.filter(event_type=event_type)
    return events.order_by("occurred_at", "created_at")


def voice_entries(*, child: Child) -> QuerySet[VoiceEntry]:
    """The child's voice, newest first."""
    return (
        VoiceEntry.objects.filter(child=child)
        .select_related("agency", "recorded_by")
        .order_by("-gathered_on", "-created_at")
    )


def latest_voice_entries(
    *, child_ids: list[Any], on_or_before: date | None = None, each: int = 2
) -> dict[Any, list[VoiceEntry]]:
    """The newest voice entries (up to a day, when given) of children already read through an access check, in
    one read: child id → entries."""
    entries = VoiceEntry.objects.filter(child_id__in=child_ids).order_by("child_id", "-gathered_on", "-created_at")
    if on_or_before is not None:
        entries = entries.filter(gathered_on__lte=on_or_before)
    newest: dict[Any, list[VoiceEntry]] = {child_id: [] for child_id in child_ids}
    for entry in entries:
        if len(newest[entry.child_id]) < each:
            newest[entry.child_id].append(entry)
    return newest


def risk_assessments(*, child: Child) -> QuerySet[RiskAssessment]:
    """The child's risk assessments, newest first, with their template."""
    return RiskAssessment.objects.filter(child=child).select_related("template").order_by("-assessed_on", "-created_at")


def agreements(*, child: Child) -> QuerySet[WrittenAgreement]:
    """The child's written agreements with their commitments."""
    return WrittenAgreement.objects.filter(child=child).prefetch_related(
        "commitments__responsible_adult", "commitments__responsible_agency"
    )


def household_members(*, child: Child) -> dict[str, list[Any]]:
    """The child's siblings and the adults of the household."""
    if child.household_id is None:
        return {"siblings": [], "adults": []}
    siblings = list(
        Child.objects.filter(household_id=child.household_id, merged_into__isnull=True).exclude(pk=child.pk)
    )
    adults = list(child.household.adults.all())  # type: ignore[union-attr]
    return {"siblings": siblings, "adults": adults}


# --- flags --------------------------------------------------------------------------------------------------


def _open_since(involvement_rows: list[Any], today: Any) -> Any:
    csc = [
        i.started_on
        for i in involvement_rows
        if i.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE and (i.ended_on is None or i.ended_on >= today)
    ]
    return min(csc) if csc else None


def flags_for_children(children: list[Child]) -> dict[Any, list[rules.Flag]]:
    """The cumulative-risk flags of each child, worked out with a fixed number of queries for the whole list."""
    ids = [c.pk for c in children]
    today = timezone.localdate()
    events: dict[Any, list[rules.Occurrence]] = defaultdict(list)
    for row in ChronologyEvent.objects.filter(
        child_id__in=ids, event_type__in=[EventType.DOMESTIC_ABUSE_INCIDENT, EventType.MARAC]
    ).values("id", "child_id", "event_type", "occurred_at"):
        events[row["child_id"]].append(rules.Occurrence(row["id"], row["event_type"], row["occurred_at"]))
    latest_voice: dict[Any, Any] = {}
    for child_id, gathered_on in VoiceEntry.objects.filter(child_id__in=ids).values_list("child_id", "gathered_on"):
        if child_id not in latest_voice or gathered_on > latest_voice[child_id]:
            latest_voice[child_id] = gathered_on
    involvement_rows: dict[Any, list[Any]] = defaultdict(list)
    for involvement in Involvement.objects.filter(child_id__in=ids).select_related("agency"):
        involvement_rows[involvement.child_id].append(involvement)
    household_ids = {c.household_id for c in children if c.household_id}
    harm: dict[Any, list[str]] = defaultdict(list)
    from partnership.children.models import HouseholdAdult

    for adult in HouseholdAdult.objects.filter(household_id__in=household_ids, role=AdultRole.PERSON_CAUSING_HARM):
        if adult.is_current:
            harm[adult.household_id].append(f"{adult.first_name} {adult.last_name}")
    burdens: dict[Any, list[str]] = defaultdict(list)
    latest_agreement: dict[Any, Any] = {}
    for agreement in (
        WrittenAgreement.objects.filter(child_id__in=ids).prefetch_related("commitments").order_by("made_on")
    ):
        latest_agreement[agreement.child_id] = agreement
    for child_id, agreement in latest_agreement.items():
        burdens[child_id] = [c.responsible for c in agreement.commitments.all()]

    months = settings.PARTNERSHIP_NO_VOICE_MONTHS
    result: dict[Any, list[rules.Flag]] = {}
    for child in children:
        found = [
            rules.escalation_flag(events[child.pk], today=today),
            rules.repeat_after_marac_flag(events[child.pk], today=today),
            rules.unborn_with_harm_flag(
                is_unborn=child.is_unborn, people_causing_harm=harm.get(child.household_id, [])
            ),
            None
            if child.is_unborn  # an unborn child has no voice to record yet
            else rules.no_voice_flag(
                open_since=_open_since(involvement_rows[child.pk], today),
                latest_voice_on=latest_voice.get(child.pk),
                today=today,
                months=months,
            ),
            rules.agreement_burden_flag(burdens.get(child.pk, [])),
        ]
        result[child.pk] = [flag for flag in found if flag is not None]
    return result


def unborn_timeline(*, child: Child) -> rules.UnbornTimeline | None:
    """Gestation and the referral and pre-birth conference deadlines of an unborn child."""
    if not child.is_unborn or child.expected_date_of_birth is None:
        return None
    referred = child.involvements.filter(agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE).exists()
    conference_held = ChronologyEvent.objects.filter(child=child, event_type=EventType.PRE_BIRTH_CONFERENCE).exists()
    return rules.unborn_timeline(
        expected=child.expected_date_of_birth,
        today=timezone.localdate(),
        referral_weeks=settings.PARTNERSHIP_UNBORN_REFERRAL_WEEKS,
        conference_weeks=settings.PARTNERSHIP_PREBIRTH_CONFERENCE_WEEKS,
        referred=referred,
        conference_held=conference_held,
    )


# System-level reads for drawing a case file audit sample: child IDs only, never shown row by row.


def domestic_abuse_events_for_audits(*, since: Any, until: Any) -> QuerySet[ChronologyEvent]:
    """Domestic abuse incidents in any child's chronology between the two moments, for drawing an audit sample (no
    user filter: the sample is drawn by the system, and auditors then see only the children drawn)."""
    return ChronologyEvent.objects.filter(
        event_type=EventType.DOMESTIC_ABUSE_INCIDENT,
        occurred_at__gte=since,
        occurred_at__lte=until,
        child__merged_into__isnull=True,
    )


def involvements_for_audits(*, child_ids: list[Any]) -> QuerySet[Involvement]:
    """Every agency's involvement with the given children, for asking each involved agency to audit its records."""
    return Involvement.objects.filter(child_id__in=child_ids).select_related("agency")


def chronology_for_audits(*, child: Child) -> QuerySet[ChronologyEvent]:
    """A sampled child's chronology, newest first, for an auditor the caller has already let open the record."""
    return (
        ChronologyEvent.objects.filter(child=child)
        .select_related("source_agency", "recorded_by")
        .order_by("-occurred_at", "-created_at")
    )
