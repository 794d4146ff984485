"""Bulk inserts of checked rows: defaults, fixed columns, automatic timestamps and keys, all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import transaction

from partnership.core.bulk import insert_rows
from partnership.measures.models import AnnexAImport, List1Contact

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)


def _holder() -> AnnexAImport:
    return AnnexAImport.objects.create(file_name="bulk.csv", imported_at=NOW, is_current=False)


def test_rows_are_inserted_with_their_fixed_columns_defaults_and_numbered_keys() -> None:
    holder = _holder()
    rows = [
        {
            "line": line,
            "child_ref": f"C{line}",
            "gender": "1",
            "contact_date": date(2026, 3, line),
            "contact_source": "2A",
        }
        for line in range(1, 11)
    ]
    assert insert_rows(List1Contact, iter(rows), fixed={"annex_import_id": holder.pk}, now=NOW) == 10
    stored = list(List1Contact.objects.filter(annex_import=holder).order_by("line"))
    assert [row.child_ref for row in stored] == [f"C{line}" for line in range(1, 11)]
    assert stored[4].contact_date == date(2026, 3, 5) and stored[0].ethnicity == "" and stored[0].date_of_birth is None
    assert len({row.pk for row in stored}) == 10 and all(row.pk is not None for row in stored)


def test_versioned_records_take_new_keys_the_first_version_and_the_moment_given() -> None:
    from partnership.access.models import Agency

    inserted = insert_rows(Agency, [{"name": "Bulk Agency", "short_name": "BA", "kind": "police"}], fixed={}, now=NOW)
    agency = Agency.objects.get(name="Bulk Agency")
    assert inserted == 1 and agency.version == 1 and agency.created_at == agency.updated_at == NOW and agency.pk


def test_a_failure_part_way_leaves_none_of_the_rows() -> None:
    holder = _holder()
    rows = [{"line": 1, "child_ref": "C1", "gender": "1", "contact_date": date(2026, 3, 1), "contact_source": "2A"}]
    rows.append({"line": 2, "child_ref": "C2", "gender": "1", "contact_date": None, "contact_source": "2A"})
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 (the database's own integrity error)
        insert_rows(List1Contact, rows, fixed={"annex_import_id": holder.pk}, now=NOW)
    assert not List1Contact.objects.filter(annex_import=holder).exists()
