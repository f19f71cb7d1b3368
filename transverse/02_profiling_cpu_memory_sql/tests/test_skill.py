"""Skill checks: each fix proved by the tool that finds its problem. SQLAlchemy's engine events
count the statements, PostgreSQL's EXPLAIN (ANALYZE) says how the rows were read, tracemalloc
measures the memory, and a line counter (sys.settrace) how the work grows with the input.
Structural facts only, never times. A failing check starts with "Skill missing: "."""

import sys

from shop.models import Order
from shop.report import add_up

MAX_PEAK = 2_000_000  # bytes Python may hold at once for a report over all 20,000 orders


def test_skill_the_report_sends_one_statement_whatever_the_customers(runs):
    for window in ("week", "year"):
        run = runs("fast", window)
        assert run.status == 200
        assert run.json["customers"] == 100
        assert len(run.statements) <= 2, (
            f"Skill missing: one SELECT for the report, joining the customer's name "
            f"(select(Order.customer_id, Customer.name, Order.amount_cents).join(Order.customer)):"
            f" {len(run.statements)} statements were sent, reading order.customer loads each "
            "customer with a SELECT of its own (N+1)"
        )


def test_skill_placed_on_is_indexed():
    indexed = [[column.name for column in index.columns] for index in Order.__table__.indexes]
    assert any(columns[:1] == ["placed_on"] for columns in indexed), (
        "Skill missing: an index on the column the report filters on: "
        "__table_args__ = (Index('ix_orders_placed_on', 'placed_on'),) on Order"
    )


def test_skill_a_week_reads_the_index_not_the_whole_table(runs, explain):
    run = runs("fast", "week")
    plans = [explain(statement, parameters) for statement, parameters in run.statements]
    scans = [node for plan in plans for node in plan if node.get("Relation Name") == "orders"]
    assert scans, "Skill missing: the report's SELECT reads the orders table"
    assert not [node for node in scans if node["Node Type"] == "Seq Scan"], (
        "Skill missing: filter in SQL on the indexed column, "
        ".where(Order.placed_on.between(start, end)): PostgreSQL read the whole orders table "
        "(Seq Scan) for one week"
    )
    used = {node.get("Index Name") for plan in plans for node in plan}
    assert "ix_orders_placed_on" in used
    assert sum(node["Actual Rows"] for node in scans) == run.json["orders"]  # only the week's


def test_skill_rows_are_streamed_not_held_in_a_list(runs):
    run = runs("fast", "year", "memory")
    assert run.status == 200 and run.json["orders"] == 20_000
    assert run.peak_bytes < MAX_PEAK, (
        f"Skill missing: stream the rows in batches into add_up, "
        f"db.session.execute(query.execution_options(yield_per=1_000)), not .all(): "
        f"Python held {run.peak_bytes / 1e6:.1f} MB at once for 20,000 orders"
    )


def lines_run(function, rows):
    """How many lines of Python the call runs: a measure of work that no machine's speed or
    load changes."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += event == "line"
        return tracer

    sys.settrace(tracer)
    try:
        function(rows)
    finally:
        sys.settrace(None)
    return count


def rows_of(customers, per_customer=4):
    return [(c, f"customer {c}", 100 + c) for _ in range(per_customer) for c in range(customers)]


def test_skill_adding_up_takes_one_step_per_row():
    growth = lines_run(add_up, rows_of(200)) / lines_run(add_up, rows_of(100))
    assert growth < 2.5, (
        "Skill missing: find each row's tally in a dict keyed by customer_id "
        "(tallies.get(customer_id)), not by searching a list: twice the rows and customers made "
        f"{growth:.1f} times the work, it must be about 2"
    )
    tallies = add_up([(7, "g", 100), (3, "c", 5), (7, "g", 20)])
    assert {cid: (t.name, t.orders, t.total_cents) for cid, t in tallies.items()} == {
        7: ("g", 2, 120),
        3: ("c", 1, 5),
    }
