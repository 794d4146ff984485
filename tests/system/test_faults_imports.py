"""Faults: a crash in the middle of each import — the plan, Annex A, the police incidents of Operation Encompass and
the council's term dates. A write fails part-way (the database refuses the n-th write statement, whether a single
save or a bulk insert, as a full disk or a lost connection would), at every point or at points spread evenly along
the import: afterwards every table holds exactly what it held before, row for row, and the same import run again
succeeds in full."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import pytest
from django.db import OperationalError, transaction

from partnership.access.models import Agency, Role, User
from partnership.children.models import Child
from partnership.encompass import services as encompass
from partnership.encompass import setting_services
from partnership.encompass.models import Incident, Notification, Term
from partnership.measures import annex_a_importing
from partnership.measures.annex_a_importing import annex_a_import
from partnership.measures.models import AnnexAImport, List1Contact
from partnership.plans.importing import plan_import
from partnership.plans.models import Action, Inspection
from tests.encompass.builders import at, enrol, make_child
from tests.encompass.conftest import build_setting, key_adult_of
from tests.factories import make_person
from tests.measures.test_annex_a_import import NOW, four_lists
from tests.plans.test_import_export import good_data
from tests.system.faults_db import (
    INJECTED,
    changed_tables,
    counting_writes,
    database_gone_after,
    row_counts,
    strike_points,
    table_contents,
)
from tests.trust import tally

pytestmark = pytest.mark.django_db(transaction=True)


def writes_of(run: Callable[[], Any]) -> int:
    """How many write statements the import makes when nothing fails, learnt in a transaction rolled back."""
    with transaction.atomic(), counting_writes() as writes:
        run()
        transaction.set_rollback(True)
    return len(writes)


def crash_everywhere(run: Callable[[], Any]) -> int:
    """Run the import once for each strike point, failing its n-th write; prove each time nothing was written."""
    total = writes_of(run)
    assert total >= 2, "an import of one write cannot be half-written"
    before, counts = table_contents(), row_counts()
    points = strike_points(total)
    for allowed in points:
        with database_gone_after(allowed, writes_only=True) as fault, pytest.raises(OperationalError):
            run()
        assert fault.refused >= 1
        assert changed_tables(counts, row_counts()) == {}, f"rows left after a crash at write {allowed + 1}/{total}"
        assert table_contents() == before, f"rows changed after a crash at write {allowed + 1}/{total}"
        tally("faults")
    return len(points)


def crash_inside_bulk_inserts(run: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the import once for each of its bulk inserts (a COPY on PostgreSQL), breaking that one after two rows
    have gone to the database; prove each time nothing was written."""
    real = annex_a_importing.insert_rows
    calls = {"n": 0, "break_at": 0}

    def breaking_after_two_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for number, row in enumerate(rows):
            if number == 2:
                raise OperationalError(INJECTED)
            yield row

    def insert_rows(model: Any, rows: Iterable[dict[str, Any]], **options: Any) -> int:
        calls["n"] += 1
        return real(model, breaking_after_two_rows(rows) if calls["n"] == calls["break_at"] else rows, **options)

    monkeypatch.setattr(annex_a_importing, "insert_rows", insert_rows)
    before, counts = table_contents(), row_counts()
    struck = 0
    for break_at in range(1, 5):
        calls.update(n=0, break_at=break_at)
        with pytest.raises(OperationalError):
            run()
        assert changed_tables(counts, row_counts()) == {}, f"rows left after bulk insert {break_at} broke"
        assert table_contents() == before
        struck += 1
        tally("faults")
    monkeypatch.setattr(annex_a_importing, "insert_rows", real)
    return struck


def test_a_plan_import_that_crashes_part_way_writes_nothing_and_a_rerun_imports_it() -> None:
    assert crash_everywhere(lambda: plan_import(data=good_data())) >= 4
    result = plan_import(data=good_data())
    assert Inspection.objects.get() == result.inspection
    assert Action.objects.count() == len(good_data()["Actions"])


def test_an_annex_a_import_that_crashes_part_way_writes_nothing_and_a_rerun_imports_it(monkeypatch) -> None:
    admin = make_person(Role.ADMIN)

    def run() -> Any:
        return annex_a_import(actor=admin, stream=four_lists(), filename="annex-a.xlsx", now=NOW)

    assert crash_everywhere(run) >= 2  # on PostgreSQL the rows go by COPY, which the statement faults cannot reach
    assert crash_inside_bulk_inserts(run, monkeypatch) == 4
    run()
    assert AnnexAImport.objects.get().is_current
    assert List1Contact.objects.count() == 3


INCIDENTS = "\n".join(
    [
        "police_reference,occurred_at,place,risk_level,officer,circumstances,child_first_name,child_last_name,"
        "child_date_of_birth,child_local_id,child_nhs_number,child_present,child_words",
        "DUR-100,2026-11-13 18:30,The family home,medium,PC 1 Example,Shouting heard,Robin,Example,2017-05-01,,,yes,",
        "DUR-100,2026-11-13 18:30,The family home,medium,PC 1 Example,Shouting heard,Lee,Example,2013-02-02,,,no,",
        "DUR-101,2026-11-14 11:00,Park Road,high,PC 2 Example,,Robin,Example,2017-05-01,,,yes,",
    ]
)
TERMS = "term_name,first_day,last_day\nAutumn 2026,2026-09-07,2026-12-18\nSpring 2027,2027-01-06,2027-03-26\n"


def encompass_world(police: Agency) -> User:
    """The council's terms, a school with its key adult and deputy, two children who attend it, and the officer."""
    Term.objects.create(name="Autumn 2026", first_day=date(2026, 9, 3), last_day=date(2026, 12, 18))
    Term.objects.create(name="Spring 2027", first_day=date(2027, 1, 5), last_day=date(2027, 3, 26))
    officer = make_person(Role.ENCOMPASS_OFFICER, agency=police)
    officer.email = "encompass.officer@police.example"
    officer.save(update_fields=["email"])
    school = build_setting(name="Hilltop Primary School", urn="114001")
    key_adult_of(school)
    key_adult_of(school, deputy=True)
    for first_name, born in (("Robin", date(2017, 5, 1)), ("Lee", date(2013, 2, 2))):
        enrol(make_child(by=officer, first_name=first_name, last_name="Example", date_of_birth=born), school)
    return officer


def test_an_incidents_import_that_crashes_part_way_writes_nothing_and_a_rerun_imports_it(police, council) -> None:
    officer = encompass_world(police)
    children = Child.objects.count()
    now = at("2026-11-16 07:00")
    assert crash_everywhere(lambda: encompass.incidents_import(actor=officer, text=INCIDENTS, now=now)) >= 4
    result = encompass.incidents_import(actor=officer, text=INCIDENTS, now=now)
    assert (result.created, result.notifications) == (2, 3)
    assert Incident.objects.count() == 2 and Child.objects.count() == children


def test_a_term_dates_import_that_crashes_part_way_writes_nothing_and_a_rerun_loads_them(police, council) -> None:
    officer = encompass_world(police)
    encompass.incidents_import(actor=officer, text=INCIDENTS, now=at("2026-11-16 07:00"))
    deadlines = sorted(Notification.objects.values_list("deadline_at", flat=True))
    admin = make_person(Role.ADMIN)
    assert crash_everywhere(lambda: setting_services.terms_import(actor=admin, setting=None, text=TERMS)) >= 2
    assert sorted(Notification.objects.values_list("deadline_at", flat=True)) == deadlines
    setting_services.terms_import(actor=admin, setting=None, text=TERMS)
    assert set(Term.objects.values_list("first_day", flat=True)) == {date(2026, 9, 7), date(2027, 1, 6)}
