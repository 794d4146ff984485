"""The demo partnership has records past retention of every type, and the review can delete one of them whole."""

from __future__ import annotations

import pytest

from partnership.access.models import User
from partnership.children.models import Child
from partnership.demo import demo_load
from partnership.records import retention_selectors as selectors
from partnership.records.models import RecordType
from partnership.records.retention import retention_delete
from tests.trust import tally

pytestmark = pytest.mark.django_db


def test_the_demo_has_records_past_retention_of_every_type_and_one_can_be_deleted() -> None:
    assert demo_load() is True
    admin = User.objects.get(username="admin")
    counts = {period.record_type: count for period, count in selectors.past_retention_counts()}
    assert counts[RecordType.CHILD] >= 2
    assert counts[RecordType.NFA_CONTACT] >= 1
    assert counts[RecordType.SENT_EMAIL] >= 1
    child = Child.objects.get(local_child_id="DEMO-RET-1")
    assert child in selectors.past_retention_list(user=admin, record_type=RecordType.CHILD)
    decision = retention_delete(actor=admin, record_type=RecordType.CHILD, record_id=child.pk, reason="Demo")
    tally("role_object_cases", 1)
    assert not Child.objects.filter(local_child_id="DEMO-RET-1").exists()
    assert not Child.history.filter(local_child_id="DEMO-RET-1").exists()
    assert decision.deleted_rows["children.Household"] == 1
    for period, count in selectors.past_retention_counts():
        assert count == counts[period.record_type] - (period.record_type == RecordType.CHILD)
