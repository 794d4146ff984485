"""Everything the partnership holds about one child, for a subject access request, and who has looked at it.

A subject access request covers every agency's records, so nothing here is filtered by the administrator's own
agency; only the partnership administrator may reach it, and every look and every export is in the access log.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from partnership.access.accesslog import access_event_record
from partnership.access.models import AccessEvent, Agency, Role, Team, User
from partnership.access.selectors import has_role
from partnership.audits.models import AgencyReturn, ModeratedGrade, Moderation, Recommendation, RoundCase, SectionGrade
from partnership.children.models import (
    BreakGlass,
    Child,
    ChronologyEvent,
    Commitment,
    Household,
    HouseholdAdult,
    Involvement,
    RiskAnswer,
    RiskAssessment,
    VoiceEntry,
    WrittenAgreement,
)
from partnership.core.progress import SILENT, Progress
from partnership.core.spreadsheets import quote_for_sheet
from partnership.encompass.models import EncompassException, Enrolment, Incident, IncidentChild, Notification, Setting
from partnership.frontdoor.models import Contact, Feedback, MashEnquiry, ResearchRequest
from partnership.records.subject_access_writer import RecordWriter, plain
from partnership.strategy.models import Invitation, MeetingAction, MeetingChild, StrategyMeeting

PURPOSE = "Subject access request"
FORMAT = "partnership-subject-access/1"
# Related records shown by name as well as by id, so the reader can tell who did what; a child is never among them.
NAMED = (Agency, Team, User, Setting, HouseholdAdult)
# How the access log names each record type about a child (the child itself is "child" or "break_glass").
LOGGED_AS: dict[type[models.Model], str] = {
    RiskAssessment: "risk_assessment",
    WrittenAgreement: "written_agreement",
    Contact: "contact",
    MashEnquiry: "mash_enquiry",
    ResearchRequest: "research_request",
    StrategyMeeting: "strategy_meeting",
    Invitation: "strategy_invitation",
    Incident: "encompass_incident",
    Notification: "encompass_notification",
    EncompassException: "encompass_exception",
    RoundCase: "audit_case",
    AgencyReturn: "audit_return",
}
LOG_HEADINGS = ["When (UTC)", "Who", "Username", "Agency", "Role", "Action", "Record type", "Record ID", "Purpose"]


@dataclass(frozen=True)
class Kind:
    """One kind of record held about the child, and the record types it is made of."""

    key: str
    title: str
    querysets: list[QuerySet[Any]]


@dataclass(frozen=True)
class KindCount:
    """How many records of one kind are held, by record type, for the summary page."""

    key: str
    title: str
    total: int
    parts: list[tuple[str, int]]


def is_uuid(value: Any) -> bool:
    """Whether the value is written as a UUID."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def identities(child: Child) -> set[Any]:
    """The child's record and every duplicate record merged into it, however many merges ago."""
    ids, frontier = {child.pk}, [child.pk]
    while frontier:
        frontier = [
            pk for pk in Child.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True) if pk not in ids
        ]
        ids.update(frontier)
    return ids


def kinds_held(child_ids: set[Any]) -> list[Kind]:
    """Every kind of record about the children with these ids, each as the querysets of its record types."""
    contacts = Contact.objects.filter(children__in=child_ids).distinct()
    meeting_children = MeetingChild.objects.filter(child_id__in=child_ids)
    meetings = StrategyMeeting.objects.filter(children__child_id__in=child_ids).distinct()
    incident_children = IncidentChild.objects.filter(child_id__in=child_ids)
    incidents = Incident.objects.filter(children__child_id__in=child_ids).distinct()
    assessments = RiskAssessment.objects.filter(child_id__in=child_ids)
    agreements = WrittenAgreement.objects.filter(child_id__in=child_ids)
    cases = RoundCase.objects.filter(child_id__in=child_ids)
    returns = AgencyReturn.objects.filter(round_case__in=cases)
    households = Household.objects.filter(children__in=child_ids).distinct()
    return [
        Kind(
            "child",
            "The child's record",
            [
                Child.objects.filter(pk__in=child_ids),
                Involvement.objects.filter(child_id__in=child_ids),
                BreakGlass.objects.filter(child_id__in=child_ids),
                Enrolment.objects.filter(child_id__in=child_ids),
            ],
        ),
        Kind(
            "family", "Family and relationships", [households, HouseholdAdult.objects.filter(household__in=households)]
        ),
        Kind("chronology", "Chronology", [ChronologyEvent.objects.filter(child_id__in=child_ids)]),
        Kind("voice", "Voice of the child", [VoiceEntry.objects.filter(child_id__in=child_ids)]),
        Kind(
            "front_door",
            "Contacts, MASH enquiries and research",
            [
                contacts,
                MashEnquiry.objects.filter(contact__in=contacts),
                ResearchRequest.objects.filter(enquiry__contact__in=contacts),
                Feedback.objects.filter(contact__in=contacts),
            ],
        ),
        Kind(
            "strategy",
            "Strategy meetings",
            [
                meetings,
                meeting_children,
                Invitation.objects.filter(meeting__in=meetings),
                MeetingAction.objects.filter(meeting__in=meetings),
            ],
        ),
        Kind(
            "encompass",
            "Operation Encompass incidents and notifications",
            [
                incidents,
                incident_children,
                Notification.objects.filter(incident_child__in=incident_children),
                EncompassException.objects.filter(incident_child__in=incident_children),
            ],
        ),
        Kind(
            "risk",
            "Risk assessments and written agreements",
            [
                assessments,
                RiskAnswer.objects.filter(assessment__in=assessments),
                agreements,
                Commitment.objects.filter(agreement__in=agreements),
            ],
        ),
        Kind(
            "audits",
            "Case file audit samples and returns",
            [
                cases,
                returns,
                SectionGrade.objects.filter(agency_return__in=returns),
                Moderation.objects.filter(round_case__in=cases),
                ModeratedGrade.objects.filter(moderation__round_case__in=cases),
                Recommendation.objects.filter(round_case__in=cases),
            ],
        ),
    ]


def _history_of(queryset: QuerySet[Any], child_ids: set[Any]) -> QuerySet[Any] | None:
    """The history rows of the records, and of records about the child since deleted; None for untracked types."""
    history = getattr(queryset.model, "history", None)
    if history is None:
        return None
    rows = Q(id__in=list(queryset.values_list("pk", flat=True)))
    if any(field.name == "child" for field in queryset.model._meta.concrete_fields):
        rows |= Q(child_id__in=child_ids)
    return history.model.objects.filter(rows).select_related("history_user").order_by("history_date", "history_id")


def _type_name(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural).capitalize()


def summary_counts(child: Child) -> list[KindCount]:
    """How many records of each kind are held about the child, by record type, with the history of changes last."""
    child_ids = identities(child)
    counts: list[KindCount] = []
    history_parts: list[tuple[str, int]] = []
    for kind in kinds_held(child_ids):
        parts = [(_type_name(queryset.model), queryset.count()) for queryset in kind.querysets]
        counts.append(KindCount(kind.key, kind.title, sum(n for _, n in parts), parts))
        for queryset in kind.querysets:
            history = _history_of(queryset, child_ids)
            if history is not None:
                history_parts.append((_type_name(queryset.model), history.count()))
    history_parts = [part for part in history_parts if part[1]]
    counts.append(KindCount("history", "History of changes", sum(n for _, n in history_parts), history_parts))
    return counts


def export_data(child: Child, *, generated_at: datetime, progress: Progress = SILENT) -> dict[str, Any]:
    """Every field of every record held about the child, grouped by kind, each record type with its history rows."""
    child_ids = identities(child)
    writer = RecordWriter(child_ids, named=NAMED)
    kinds = []
    held = kinds_held(child_ids)
    progress.stage("Gathering the records held about the child", total=len(held), unit="kinds of record")
    for kind in held:
        sections = []
        for queryset in kind.querysets:
            history = _history_of(queryset, child_ids)
            sections.append(
                {
                    "record_type": queryset.model._meta.label_lower,
                    "name": _type_name(queryset.model),
                    "records": writer.records(queryset),
                    "history": writer.records(history) if history is not None else [],
                }
            )
        kinds.append({"kind": kind.key, "title": kind.title, "sections": sections})
        progress.advance(1)
    return {
        "format": FORMAT,
        "generated_at": plain(generated_at),
        "child_id": str(child.pk),
        "record_ids": sorted(str(pk) for pk in child_ids),
        "kinds": kinds,
    }


def access_log(child: Child) -> QuerySet[AccessEvent]:
    """Every access log entry about the child's record or a record about the child, newest first."""
    child_ids = identities(child)
    about = Q(object_type__in=("child", "break_glass"), object_id__in=[str(pk) for pk in child_ids])
    for kind in kinds_held(child_ids):
        for queryset in kind.querysets:
            object_type = LOGGED_AS.get(queryset.model)
            ids = [str(pk) for pk in queryset.values_list("pk", flat=True)] if object_type else []
            if ids:
                about |= Q(object_type=object_type, object_id__in=ids)
    return AccessEvent.objects.filter(about).select_related("user", "agency").order_by("-occurred_at", "-id")


def access_log_csv(events: Iterable[AccessEvent]) -> str:
    """The access log as CSV; a cell a spreadsheet would run as a formula is written with a leading quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LOG_HEADINGS)
    for event in events:
        cells = [
            plain(event.occurred_at),
            str(event.user) if event.user else "Not signed in",
            event.user.username if event.user else "",
            event.agency.name if event.agency else "",
            Role(event.role).label if event.role in Role.values else event.role,
            event.get_action_display(),
            event.object_type,
            event.object_id,
            event.purpose,
        ]
        writer.writerow([quote_for_sheet(cell) for cell in cells])
    return out.getvalue()


def _require_admin(user: Any) -> None:
    if user is None or not has_role(user, Role.ADMIN):
        raise Http404()


def subject_access_find(
    *, user: Any, local_child_id: str = "", first_name: str = "", last_name: str = "", date_of_birth: Any = None
) -> list[Child]:
    """The children matching a local child ID, or a name with a date of birth, for the administrator; the search is
    logged, and a merged duplicate is shown as the record it was merged into."""
    if not has_role(user, Role.ADMIN):
        return []
    query = Q()
    if local_child_id.strip():
        query |= Q(local_child_id__iexact=local_child_id.strip())
    if last_name.strip() and date_of_birth:
        by_name = Q(last_name__iexact=last_name.strip()) | Q(other_names__icontains=last_name.strip())
        if first_name.strip():
            by_name &= Q(first_name__iexact=first_name.strip()) | Q(other_names__icontains=first_name.strip())
        query |= by_name & (Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth))
    if not query:
        return []
    found: dict[Any, Child] = {}
    for child in Child.objects.filter(query).select_related("merged_into"):
        while child.merged_into_id is not None:
            child = Child.objects.get(pk=child.merged_into_id)
        found[child.pk] = child
    access_event_record(
        user=user,
        action=AccessEvent.Action.LIST,
        object_type="child_search",
        object_id=len(found),
        purpose=f"{PURPOSE}: searched for a child",
    )
    return sorted(found.values(), key=lambda c: (c.last_name, c.first_name, c.local_child_id))


def subject_access_child(*, user: Any, child_id: Any) -> Child:
    """The child a request is about, for the administrator; 404 for anyone else, an unknown id or a merged record."""
    _require_admin(user)
    child = Child.objects.filter(pk=child_id, merged_into__isnull=True).first() if is_uuid(child_id) else None
    if child is None:
        raise Http404()
    return child


@transaction.atomic
def subject_access_view(*, user: Any, child: Child) -> list[KindCount]:
    """Log that the administrator viewed the child's record for a subject access request; the counts of what is held."""
    _require_admin(user)
    access_event_record(
        user=user, action=AccessEvent.Action.VIEW, object_type="child", object_id=child.pk, purpose=PURPOSE
    )
    return summary_counts(child)


@transaction.atomic
def subject_access_export(
    *, user: Any, child: Child, purpose: str = PURPOSE, progress: Progress | None = None
) -> bytes:
    """A zip of everything held about the child (JSON) and the access log of their record (CSV); the export is
    logged first, so the log it holds includes it. With no user (the command line) the event names nobody."""
    if user is not None:
        _require_admin(user)
    access_event_record(
        user=user, action=AccessEvent.Action.EXPORT, object_type="child", object_id=child.pk, purpose=purpose
    )
    generated_at = timezone.now()
    progress = progress or SILENT
    data = export_data(child, generated_at=generated_at, progress=progress)
    progress.stage("Writing the zip with the access log")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("access-log.csv", "\ufeff" + access_log_csv(access_log(child).iterator()))
    progress.close()
    return buffer.getvalue()


def subject_access_command(*, child_id: str, output: Path, progress: Progress | None = None) -> str:
    """Write the zip for the child to a file from the command line; the problem in words, or empty when written."""
    child = Child.objects.filter(pk=child_id, merged_into__isnull=True).first() if is_uuid(child_id) else None
    if child is None:
        return "There is no child's record with that id (a merged duplicate answers with the record it joined)."
    if output.suffix.lower() != ".zip":
        return f"The file to write must end in .zip, not {output.name!r}."
    content = subject_access_export(user=None, child=child, purpose=f"{PURPOSE} (command line)", progress=progress)
    output.write_bytes(content)
    return ""
