"""What the report answers: the same JSON from both endpoints, and a clear 400 for bad input."""

import pytest
from shop.report import Tally, dense_rank

ENDPOINTS = ["/report/slow", "/report"]


@pytest.mark.parametrize(("window", "tool"), [("week", None), ("year", "profile")])
def test_slow_and_fixed_give_the_same_json(runs, window, tool):
    slow, fast = runs("slow", window, tool), runs("fast", window, tool)
    assert slow.status == fast.status == 200
    assert slow.json == fast.json


def test_the_report_of_a_week(runs):
    report = runs("fast", "week").json
    assert (report["from"], report["to"]) == ("2026-03-02", "2026-03-08")
    assert report["orders"] == 384 and report["customers"] == 100
    top = report["top"]
    assert len(top) == 10 and [row["rank"] for row in top] == list(range(1, 11))
    assert sorted(top[0]) == ["customer_id", "name", "orders", "rank", "total_cents"]
    totals = [row["total_cents"] for row in top]
    assert totals == sorted(totals, reverse=True)
    assert sum(row["orders"] for row in top) <= report["orders"]


def test_one_day_and_the_top_one(get):
    day = {"from": "2026-06-01", "to": "2026-06-01", "top": "1"}
    slow, fast = get("/report/slow", day), get("/report", day)
    assert slow.json == fast.json
    assert fast.json["orders"] == 55 and len(fast.json["top"]) == 1


@pytest.mark.parametrize("day", ["2025-12-31", "0001-01-01", "9999-12-31"])
def test_windows_without_orders(client, day):
    """No orders that day; the first and last days a date can be are fine."""
    empty = client.get("/report", query_string={"from": day, "to": day, "top": "100"})
    assert empty.status_code == 200
    assert empty.get_json() == {
        "from": day, "to": day, "customers": 0, "orders": 0, "total_cents": 0, "top": []
    }  # fmt: skip


def test_equal_totals_share_a_rank():
    tallies = {cid: Tally(cid, f"c{cid}", 1, total) for cid, total in
               [(1, 500), (2, 900), (3, 500), (4, 100), (5, 900)]}  # fmt: skip
    assert dense_rank(tallies) == {2: 1, 5: 1, 1: 2, 3: 2, 4: 3}
    assert dense_rank({}) == {}


GOOD = {"from": "2026-03-01", "to": "2026-03-07", "top": "5"}


@pytest.mark.parametrize(
    "change",
    [
        {"from": None}, {"to": None}, {"from": ""}, {"from": "2026-02-30"}, {"from": "2026-3-1"},
        {"from": "20260301"}, {"from": "2026-03-01T00:00"}, {"from": "2026-W09-1"},
        {"from": "٢٠٢٦-٠٣-٠١"}, {"from": "2026-03-01\x00"}, {"from": " 2026-03-01"},
        {"from": "0000-01-01"}, {"from": "2026-03-08"}, {"from": "2025-03-01"},
        {"top": "0"}, {"top": "101"}, {"top": "-1"}, {"top": "+5"}, {"top": "1.5"},
        {"top": "1e2"}, {"top": "five"}, {"top": ""}, {"top": " 5"}, {"top": "٥"},
        {"top": "9" * 5000},
    ],
)  # fmt: skip
@pytest.mark.parametrize("path", ENDPOINTS)
def test_bad_parameters_are_400_before_any_sql(get, path, change):
    query = {name: value for name, value in (GOOD | change).items() if value is not None}
    run = get(path, query)
    assert run.status == 400, run.json
    assert run.json["error"]["code"] == "bad_request"
    assert run.statements == []  # refused before the database is asked anything


def test_a_year_is_the_longest_window(client, get):
    leap = client.get("/report", query_string={"from": "2028-01-01", "to": "2028-12-31"})
    assert leap.status_code == 200  # 366 days
    for path in ENDPOINTS:
        too_long = get(path, {"from": "2026-01-01", "to": "2027-01-02", "top": "3"})
        assert too_long.status == 400 and too_long.statements == []  # 367 days
        assert "366 days" in too_long.json["error"]["message"]


def test_other_errors_have_the_same_shape(client):
    missing = client.get("/reports")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"
    wrong = client.post("/report", query_string=GOOD)
    assert wrong.status_code == 405
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
