"""The independent audit pack: a zip of every action with its history, updates and evidence, read-only."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.utils import timezone

from partnership.plans import cycle_selectors, selectors
from partnership.plans.fileformat import quote_for_sheet
from partnership.plans.models import Inspection

README = """Improvement plan audit pack

actions.csv         every action as it stands today, one row each
actions.json        every action with its revisions, full change history and quarterly updates
evidence_index.csv  every evidence item: the action, quarter, description, file name, size and SHA-256
evidence/           the evidence files, named by action reference and evidence id

Check a file against the index with: sha256sum evidence/<file>
"""


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([quote_for_sheet(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def build_audit_pack(*, user: Any, inspection: Inspection) -> bytes:
    """Every action of the plan with its history and evidence index (and the files), as a zip archive."""
    rated = selectors.action_list(user=user, inspection=inspection)
    actions = [item.action for item in rated]
    evidence = cycle_selectors.evidence_for_actions(actions=actions)
    revisions = cycle_selectors.revisions_for_actions(actions=actions)
    updates_of = cycle_selectors.updates_for_actions(actions=actions)
    history_of = cycle_selectors.history_for_actions(actions=actions)
    action_rows: list[list[Any]] = [
        [
            "Reference",
            "Theme",
            "Title",
            "Owner",
            "Lead",
            "Status",
            "Rating",
            "Rating reason",
            "Original due",
            "Current due",
            "Expected impact",
            "Success measures",
        ]
    ]
    evidence_rows: list[list[Any]] = [
        ["Action", "Quarter", "Description", "Kind", "File", "Size (bytes)", "SHA-256", "Link", "Added"]
    ]
    records = []
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as pack:
        for item in rated:
            action, rating = item.action, item.rating
            action_rows.append(
                [
                    action.reference,
                    action.theme.title,
                    action.title,
                    action.owner_name,
                    action.lead_name,
                    action.get_status_display(),
                    rating.colour or "",
                    rating.reason,
                    action.original_due_date.isoformat(),
                    action.current_due_date.isoformat(),
                    action.expected_impact,
                    action.success_measures,
                ]
            )
            records.append(
                {
                    "reference": action.reference,
                    "title": action.title,
                    "revisions": [
                        {
                            "when": r.created_at.isoformat(),
                            "by": str(r.revised_by or ""),
                            "reason": r.reason,
                            "changes": r.changes,
                        }
                        for r in revisions[action.pk]
                    ],
                    "history": [
                        {
                            "when": h.history_date.isoformat(),
                            "by": str(h.history_user or ""),
                            "what": h.history_change_reason or h.get_history_type_display(),
                            "status": h.status,
                            "due": h.current_due_date.isoformat(),
                        }
                        for h in history_of[action.pk]
                    ],
                    "updates": [
                        {
                            "quarter": u.period.label,
                            "state": u.state,
                            "narrative": u.narrative,
                            "scrutiny": u.scrutiny_done,
                            "proposed_rating": u.proposed_brag,
                            "submitted": u.submitted_at.isoformat() if u.submitted_at else None,
                        }
                        for u in updates_of[action.pk]
                    ],
                }
            )
            for evidence_item in evidence[action.pk]:
                name = ""
                if evidence_item.kind == "file" and evidence_item.file:
                    name = f"evidence/{action.reference}/{evidence_item.pk}-{evidence_item.original_name}"
                    with evidence_item.file.open("rb") as handle:
                        pack.writestr(name, handle.read())
                evidence_rows.append(
                    [
                        action.reference,
                        evidence_item.update.period.label,
                        evidence_item.description,
                        evidence_item.kind,
                        name,
                        evidence_item.size,
                        evidence_item.sha256,
                        evidence_item.url,
                        evidence_item.created_at.isoformat(),
                    ]
                )
        pack.writestr("README.txt", README)
        pack.writestr("actions.csv", _csv(action_rows))
        pack.writestr("evidence_index.csv", _csv(evidence_rows))
        pack.writestr(
            "actions.json",
            json.dumps(
                {"inspection": inspection.title, "generated": timezone.now().isoformat(), "actions": records},
                indent=2,
                ensure_ascii=False,
            ),
        )
    return archive.getvalue()
