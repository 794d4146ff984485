"""The benchmark harness's pure pieces: percentiles, ratios, budgets, the results' shape and the printed table, the
locust summary reader and the invented Annex A file. Nothing here is timed."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bench.database import postgres_name_allowed
from bench.imports import list_1_csv
from bench.load import read_summary
from bench.report_table import budgets, describe, figure_row, results_document, table_lines
from bench.timing import percentile, ratio, repeated, summary_ms
from django.test import Client


def test_percentiles_interpolate_between_ranks() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.0) == 1.0
    assert percentile(values, 1.0) == 5.0
    assert percentile(values, 0.95) == pytest.approx(4.8)
    assert percentile([7.0], 0.95) == 7.0


@pytest.mark.parametrize(("values", "share"), [([], 0.5), ([1.0], 1.5), ([1.0], -0.1)])
def test_a_percentile_of_nothing_or_beyond_the_range_is_refused(values: list[float], share: float) -> None:
    with pytest.raises(ValueError, match=r"percentile|share"):
        percentile(values, share)


def test_a_summary_gives_milliseconds_to_one_place() -> None:
    assert summary_ms([0.010, 0.020, 0.030]) == {"p50_ms": 20.0, "p95_ms": 29.0, "best_ms": 10.0, "runs": 3}


def test_repeated_runs_the_action_each_time() -> None:
    calls: list[int] = []
    seconds = repeated(lambda: calls.append(1), 4)
    assert len(seconds) == 4
    assert len(calls) == 4
    assert all(value >= 0 for value in seconds)


@pytest.mark.parametrize(
    ("figure", "reference", "expected"),
    [(30.0, 10.0, 3.0), (10.0, 30.0, 0.33), (None, 10.0, None), (10.0, None, None), (10.0, 0.0, None)],
)
def test_the_ratio_is_the_figure_over_its_reference(
    figure: float | None, reference: float | None, expected: float | None
) -> None:
    assert ratio(figure, reference) == expected


def _page(name: str, p95: float, bare: float, database: str = "sqlite") -> dict[str, Any]:
    return figure_row(
        section="pages",
        name=name,
        database=database,
        figure={"p50_ms": p95 / 2, "p95_ms": p95},
        reference={"name": "bare view", "p50_ms": bare / 2, "p95_ms": bare},
        compared="p95_ms",
    )


def _rows() -> list[dict[str, Any]]:
    return [
        _page("home (admin)", 20.0, 10.0),
        _page("MASH queue (frontdoor)", 160.0, 40.0),
        figure_row(
            section="load",
            name="locust",
            database="sqlite",
            figure={"users": 20, "p95_ms": 300.0, "requests_per_s": 19.5, "errors": 0},
            reference={"name": "bare view", "p95_ms": 100.0, "requests_per_s": 20.0, "errors": 0},
            compared="p95_ms",
        ),
        {"scope": "all", "period_kind": "quarter"}
        | figure_row(
            section="indicators",
            name="all 30 indicators, quarter",
            database="sqlite",
            figure={"ms": 1500.0, "per_indicator_ms": 50.0},
            reference={"per_indicator_ms": 1.0},
            compared="per_indicator_ms",
        ),
        figure_row(
            section="import",
            name="Annex A",
            database="sqlite",
            figure={"seconds": 1.0, "rows_per_s": 25_000},
            reference={"name": "raw executemany", "seconds": 0.25, "rows_per_s": 100_000},
            compared="seconds",
        ),
    ]


def test_a_figure_row_carries_its_reference_and_ratio() -> None:
    row = _page("home (admin)", 30.0, 10.0)
    assert row["ratio"] == 3.0
    assert row["reference"] == {"name": "bare view", "p50_ms": 5.0, "p95_ms": 10.0}
    with pytest.raises(ValueError, match="Unknown section"):
        figure_row(section="speed", name="x", database="sqlite", figure={}, reference={}, compared="ms")


def test_budgets_take_the_worst_figure_and_say_met_missed_or_not_measured() -> None:
    held = {budget["budget"]: (budget["measured"], budget["met"], budget["where"]) for budget in budgets(_rows())}
    assert held == {
        "every listed page, single user (sqlite)": (160.0, False, "MASH queue (frontdoor)"),
        "every listed page within 3× the bare view (sqlite)": (4.0, False, "MASH queue (frontdoor)"),
        "pages at 20 concurrent users (sqlite)": (300.0, True, ""),
        "all indicators for a quarter (sqlite)": (1.5, False, ""),
        "Annex A import (sqlite)": (25_000, True, ""),
    }
    page_without_reference = figure_row(
        section="pages", name="x", database="postgresql", figure={"p95_ms": 10.0}, reference={}, compared="p95_ms"
    )
    ratios = [b for b in budgets([page_without_reference]) if "within" in b["budget"]]
    assert ratios == [
        {
            "budget": "every listed page within 3× the bare view (postgresql)",
            "target": "p95 ratio ≤ 3",
            "measured": None,
            "unit": "×",
            "met": None,
            "where": "",
        }
    ]


def test_the_results_document_has_machine_date_commit_figures_and_budgets() -> None:
    machine = {"date": "2026-11-29 08:00:00 UTC", "git_commit": "abc123", "cpus": 2}
    document = results_document(machine=machine, rows=_rows(), scale="demo", notes=["PostgreSQL not measured."])
    assert set(document) == {"machine", "date", "git_commit", "scale", "notes", "figures", "budgets"}
    assert (document["date"], document["git_commit"], document["scale"]) == (machine["date"], "abc123", "demo")
    assert all({"figure", "reference", "ratio"} <= set(row) for row in document["figures"])
    assert json.loads(json.dumps(document)) == document


def test_the_table_shows_each_figure_beside_its_reference_then_the_budgets() -> None:
    document = results_document(machine={"date": "d", "git_commit": "c"}, rows=_rows(), scale="demo", notes=["n"])
    lines = table_lines(document)
    assert lines[0].split() == ["section", "figure", "db", "measured", "reference", "ratio"]
    mash = next(line for line in lines if "MASH queue" in line)
    assert "p50 80.0 ms, p95 160.0 ms" in mash
    assert "bare view: p50 20.0 ms, p95 40.0 ms" in mash
    assert mash.endswith("4.00× (p95)")
    assert (
        "  MISSED       every listed page, single user (sqlite): p95 ≤ 150 ms "
        "(measured 160.0 ms, MASH queue (frontdoor))" in lines
    )
    assert "  met          Annex A import (sqlite): ≥ 20,000 rows/s (measured 25,000 rows/s)" in lines
    assert lines[-1] == "Note: n"


def test_describe_names_the_numbers_it_knows() -> None:
    assert describe({"rows_per_s": 25000, "seconds": 0.8}) == "0.8 s, 25,000 rows/s"
    assert describe({"name": "bare view"}) == "—"


def test_locust_summary_is_read_from_the_aggregated_line(tmp_path: Path) -> None:
    stats = tmp_path / "locust_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,Median Response Time,Requests/s,50%,95%\n"
        "GET,home,100,1,12,9.5,12,40\n"
        ",Aggregated,200,3,13,19.04,13,55\n",
        encoding="utf-8",
    )
    assert read_summary(stats) == {"requests_per_s": 19.0, "p50_ms": 13.0, "p95_ms": 55.0, "errors": 3, "requests": 200}


def test_only_a_bench_database_of_postgresql_may_be_wiped() -> None:
    assert postgres_name_allowed("postgres://postgres@127.0.0.1:5432/bench")
    assert not postgres_name_allowed("postgres://postgres@127.0.0.1:5432/partnership")
    assert not postgres_name_allowed("postgres://postgres@127.0.0.1:5432/test_partnership_gw0")
    assert not postgres_name_allowed("postgres://postgres@127.0.0.1:5432/")


@pytest.mark.django_db
def test_the_invented_annex_a_list_passes_the_import_checks() -> None:
    from partnership.measures.annex_a_importing import annex_a_check_file

    checked, findings = annex_a_check_file(
        stream=io.BytesIO(list_1_csv(50, date(2026, 11, 29))), filename="a.csv", list_number=1, today=date(2026, 11, 29)
    )
    assert findings.problems == []
    assert len(checked[1].rows) == 50
    assert {row["child_ref"] for row in checked[1].rows} == {f"BENCH{number:07d}" for number in range(50)}


@pytest.mark.django_db
@pytest.mark.urls("bench.reference_urls")
def test_the_reference_view_answers_ok_through_the_product_middleware(signed_in: Callable[..., Client]) -> None:
    response = signed_in("admin").get("/ok/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"  # the product's NoStoreMiddleware ran
