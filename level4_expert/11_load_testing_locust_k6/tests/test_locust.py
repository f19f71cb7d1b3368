"""The locustfile run headless (bounded: 4 users, 5 s, then a 3 s stop timeout) against the shop
under gunicorn with 2 workers: no failure, the reports written with every journey, nothing lost;
then against broken variants of the shop, whose wrong answers must be counted as failures."""

import pytest

JOURNEYS = [
    "catalogue", "product", "search", "search: empty",
    "login", "login: wrong password", "order",
]  # fmt: skip


def test_a_bounded_run_against_the_shop_has_no_failure_and_writes_its_reports(live, locust):
    url, shop = live
    with shop.app_context():
        from models import Order, db

        orders_before = db.session.query(Order).count()
    run = locust(url)
    if set(JOURNEYS) - set(run.stats):  # the mix is random: a busy machine may miss a rare one
        with shop.app_context():
            orders_before = db.session.query(Order).count()
        run = locust(url, seconds=8)  # once more, and no more: bounded
    assert run.code == 0, run.output[-3000:]
    assert sorted(run.stats) == sorted(JOURNEYS), "every journey ran, under its own name"
    for name, entry in run.stats.items():
        assert entry["num_requests"] > 0, name
        assert entry["num_failures"] == 0, f"{name}: {run.failures}"
    # The CSV and HTML reports: written, one line per journey, no failure.
    assert set(JOURNEYS) <= set(run.csv), sorted(run.csv)
    assert {row["Failure Count"] for row in run.csv.values()} == {"0"}
    assert run.failures == []
    for name in JOURNEYS:
        assert f'"{name}"' in run.html, f"{name} is not in the HTML report"
    # Every order that locust saw succeed (201, right total) is in the database, once.
    with shop.app_context():
        orders_after = db.session.query(Order).count()
    assert orders_after - orders_before == run.stats["order"]["num_requests"]


@pytest.mark.parametrize(
    ("fault", "journey", "why"),
    [
        ("search-wrong-body", "search", "wrong body: expected results that all contain"),
        ("order-wrong-total", "order", "wrong body: expected an order of"),
    ],
)
def test_the_checks_fail_a_shop_that_answers_200_with_a_wrong_body(
    broken, locust, fault, journey, why
):
    run = locust(broken(fault), seconds=4)
    if journey not in run.stats:  # the mix is random: on a busy machine, a 4 s run may miss it
        run = locust(broken(fault), seconds=6)  # once more, and no more: bounded
    wrong = run.stats[journey]
    assert wrong["num_requests"] > 0
    assert wrong["num_failures"] == wrong["num_requests"], (
        f"{wrong['num_failures']} of {wrong['num_requests']} wrong answers to {journey!r} were "
        "counted as failures: a 200 with a wrong body must be marked failed "
        "(catch_response=True and check())"
    )
    others = {name: e["num_failures"] for name, e in run.stats.items() if name != journey}
    assert set(others.values()) == {0}, others
    assert run.code == 1, "locust exits 1 when any request failed: that is what fails a CI job"
    # The HTML report's failures table is written at the end (the CSV every second only).
    assert why in run.html, "the check's message is not in the HTML report's failures"
