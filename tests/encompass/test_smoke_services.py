"""A first pass through the Encompass services: an incident reaches the child's school with the right deadline."""

from __future__ import annotations

import pytest

from partnership.core.models import OutboxMessage
from partnership.encompass.models import ChildStatus, Notification
from tests.encompass.builders import at, entry_for, record_incident

pytestmark = pytest.mark.django_db


def test_friday_evening_incident_is_due_before_monday_school(officer, pupil, key_adult, deputy):
    incident = record_incident(by=officer, children=[entry_for(pupil, words="I hid upstairs")])
    notification = Notification.objects.get(incident_child__incident=incident)
    assert notification.deadline_at == at("2026-11-16 08:45")
    assert notification.incident_child.status == ChildStatus.NOTIFIED
    sent_to = set(OutboxMessage.objects.filter(kind="encompass-notification").values_list("to_address", flat=True))
    assert sent_to == {key_adult.email, deputy.email}
    assert "Robin" not in OutboxMessage.objects.filter(kind="encompass-notification").first().body
