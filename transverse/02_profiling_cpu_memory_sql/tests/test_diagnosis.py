"""The tools find each problem in /report/slow, and no longer find it in /report: pyinstrument
(CPU), tracemalloc (memory), SQLAlchemy's engine events (N+1) and EXPLAIN (ANALYZE) (the scan).
Structural facts only: which functions, how many statements, which plan nodes, how many bytes."""

import tracemalloc

import pytest
import shop.report
from shop import create_app
from shop.models import db

MAX_PEAK = 2_000_000  # what the fixed report may hold at once (test_skill.py)


def test_pyinstrument_finds_the_hot_loop_in_the_slow_version_only(runs):
    slow, fast = runs("slow", "year", "profile"), runs("fast", "year", "profile")
    assert "slow_report" in slow.functions and "fast_report" in fast.functions
    assert "add_up_by_search" in slow.functions
    assert "add_up_by_search" not in fast.functions
    assert slow.json == fast.json


def test_the_slow_version_sends_one_select_per_customer(runs):
    run = runs("slow", "week")
    assert len(run.statements) == 1 + run.json["customers"] == 101  # N+1
    lazy = [statement for statement, _ in run.statements[1:]]
    assert all("FROM customers" in s and "WHERE customers.id =" in s for s in lazy)
    assert len(runs("fast", "week").statements) == 1


def test_explain_shows_a_seq_scan_of_every_order_in_the_slow_version(runs, explain):
    run = runs("slow", "week")
    plan = explain(*run.statements[0])  # SELECT ... FROM orders, no WHERE
    assert [(n["Node Type"], n["Actual Rows"]) for n in plan] == [("Seq Scan", 20_000)]
    assert run.json["orders"] == 384  # for 384 orders of that week


def test_without_the_index_the_fixed_query_scans_the_whole_table(runs, explain, index_dropped):
    statement, parameters = runs("fast", "week").statements[0]
    plan = explain(statement, parameters, connection=index_dropped)
    scans = {n["Node Type"] for n in plan if n.get("Relation Name") == "orders"}
    assert scans == {"Seq Scan"}


@pytest.fixture
def traced(monkeypatch, client):
    """traced(path, query) -> (JSON, peak bytes, snapshot diff by file). The diff compares
    tracemalloc's snapshot from before the request with one taken right after the report has
    added its rows up: what is still held then, and which files allocated it."""

    def run(path, query):
        taken = []
        for name in ("add_up_by_search", "add_up"):
            original = getattr(shop.report, name)

            def spy(rows, original=original):
                tallies = original(rows)
                taken.append(tracemalloc.take_snapshot())
                return tallies

            monkeypatch.setattr(shop.report, name, spy)
        tracemalloc.start()
        try:
            before = tracemalloc.take_snapshot()
            response = client.get(path, query_string=query)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            monkeypatch.undo()
        assert response.status_code == 200 and len(taken) == 1
        return response.get_json(), peak, taken[0].compare_to(before, "filename")

    return run


def test_tracemalloc_finds_every_order_held_in_the_slow_version(traced):
    week = {"from": "2026-03-02", "to": "2026-03-08"}
    slow_json, slow_peak, slow_diff = traced("/report/slow", week)
    fast_json, fast_peak, fast_diff = traced("/report", week)
    assert slow_json == fast_json
    assert slow_peak > 5 * MAX_PEAK  # all 20,000 orders as objects, for a week of 384
    assert sum(stat.size_diff for stat in slow_diff) > 5 * MAX_PEAK  # still held
    biggest = max(slow_diff, key=lambda stat: stat.size_diff).traceback[0].filename
    assert "sqlalchemy" in biggest  # the ORM's objects, one per order
    assert fast_peak < MAX_PEAK / 4
    assert sum(stat.size_diff for stat in fast_diff) < MAX_PEAK / 4


@pytest.mark.parametrize("enabled", [False, True])
def test_the_profile_switch_is_off_unless_configured(database, enabled):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url,
         "PROFILE_REQUESTS": enabled}
    )  # fmt: skip
    query = {"from": "2026-03-02", "to": "2026-03-08", "profile": ""}
    response = app.test_client().get("/report", query_string=query)
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 200
    if enabled:
        assert response.mimetype == "text/plain"
        assert "fast_report" in response.get_data(as_text=True)
        refused = app.test_client().get("/report", query_string=query | {"top": "0"})
        assert refused.status_code == 400  # the profile of a refusal keeps its status
        assert "Samples:" in refused.get_data(as_text=True)  # pyinstrument's header
    else:
        assert response.mimetype == "application/json"  # a production app never shows one
        assert response.get_json()["orders"] == 384
