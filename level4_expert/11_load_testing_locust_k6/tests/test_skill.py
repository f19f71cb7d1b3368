"""Skill checks: the weights as locust itself reads them (--show-task-ratio-json), check() on
responses of every kind, every locust request checked and named, and the thresholds as k6 itself
reads them (k6 inspect)."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checks import check

EXAMPLE = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WEIGHTS = {"browse_catalogue": 6, "search": 3, "buy": 2, "search_nothing": 1, "log_in_wrong": 1}


def test_skill_the_journeys_are_weighted_as_in_production():
    done = subprocess.run(
        [str(BIN / "locust"), "-f", "locustfile.py", "--show-task-ratio-json"],
        cwd=EXAMPLE, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    try:
        tasks = json.loads(done.stdout)["per_class"]["Visitor"]["tasks"]
        ratios = {name: task["ratio"] for name, task in tasks.items()}
    except (ValueError, KeyError):
        ratios = {}
    total = sum(WEIGHTS.values())
    expected = {name: weight / total for name, weight in WEIGHTS.items()}
    assert ratios.keys() == expected.keys() and all(
        ratios[name] == pytest.approx(ratio) for name, ratio in expected.items()
    ), (
        "Skill missing: tasks = {browse_catalogue: 6, search: 3, buy: 2, search_nothing: 1, "
        "log_in_wrong: 1} on Visitor: the mix of journeys production sees; "
        f"locust reads {ratios or done.stderr[-300:]}"
    )


class FakeResponse:
    """What check() uses of locust's ResponseContextManager: enough to see what it marks."""

    def __init__(self, status, body):
        self.status_code, self.body, self.marked = status, body, []

    def json(self):
        if isinstance(self.body, str):
            raise ValueError("not JSON")
        return self.body

    def success(self):
        self.marked.append("success")

    def failure(self, why):
        self.marked.append("failure")


def has_token(body):
    return len(body["token"]) > 20


@pytest.mark.parametrize(
    ("status", "body", "expected", "verdict"),
    [
        (200, {"token": "t" * 30}, 200, "success"),
        (401, {"error": "wrong username or password"}, 401, "success"),  # an expected 4xx
        (500, {"token": "t" * 30}, 200, "failure"),  # a wrong status, whatever the body
        (200, {"token": "t" * 30}, 401, "failure"),  # a 200 where a 401 is right
        (200, {"token": ""}, 200, "failure"),  # the right status, a wrong body
        (200, {"error": "no token here"}, 200, "failure"),  # a field missing: KeyError
        (200, ["a", "list"], 200, "failure"),  # another shape: TypeError
        (200, "<html>oops</html>", 200, "failure"),  # not JSON
    ],
)
def test_skill_check_marks_a_wrong_status_or_a_wrong_body_as_a_failure(
    status, body, expected, verdict
):
    response = FakeResponse(status, body)
    try:
        check(response, expected, has_token if expected == 200 else None, "a token")
    except Exception as exc:  # a crash in a check is not a verdict: locust would not count it
        response.marked.append(f"raised {type(exc).__name__}")
    assert response.marked == [verdict], (
        "Skill missing: check(response, status, body_is_right) calls response.failure() when "
        "the status differs or body_is_right(json) is false (or raises), else "
        f"response.success(): for HTTP {status} {body!r}, expected {expected}, it did "
        f"{response.marked or 'nothing'}"
    )


def test_skill_every_locust_request_is_checked_and_named():
    tree = ast.parse((EXAMPLE / "locustfile.py").read_text())
    requests = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and ast.unparse(node.func.value) == "self.client"
    ]
    assert requests
    for call in requests:
        keywords = {kw.arg: ast.unparse(kw.value) for kw in call.keywords}
        assert keywords.get("catch_response") == "True" and "name" in keywords, (
            "Skill missing: self.client.<method>(..., name=<journey>, catch_response=True) then "
            f"check(): line {call.lineno} would count any status below 400 as a success"
        )


def thresholds():
    done = subprocess.run(
        [str(BIN / "k6"), "inspect", "load.js"],
        cwd=EXAMPLE, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout).get("thresholds") or {}


def bound(expressions, operator):
    """The bound of the first `rate<x` (or `rate>x`) expression, or None."""
    for expression in expressions:
        match = re.fullmatch(rf"\s*rate\s*{operator}=?\s*([0-9.]+)\s*", expression)
        if match:
            return float(match[1])
    return None


def test_skill_k6_thresholds_that_a_broken_app_crosses():
    found = thresholds()
    failed_at = bound(found.get("http_req_failed", []), "<")
    checks_at = bound(found.get("checks", []), ">")
    strict = (failed_at is not None and failed_at <= 0.05) and (
        checks_at is not None and checks_at >= 0.95
    )
    assert strict, (
        "Skill missing: options.thresholds = {http_req_failed: ['rate<0.01'], checks: "
        f"['rate>0.99']}} in load.js: k6 reads {found}, so a run with errors would still pass"
    )
