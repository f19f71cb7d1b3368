"""The fan-out's answers, in process (Flask's test client runs the async view in an event loop)."""

import pytest
from app import create_app

from shared.testing import free_port


@pytest.fixture
def error_of():
    """error_of(response, status): the message, checking the one shape all errors share."""

    def read(response, status: int) -> str:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert list(body) == ["error"] and body["error"]["status"] == status
        return body["error"]["message"]

    return read


@pytest.mark.parametrize("count", [1, 10])
def test_count_is_the_number_of_calls_within_its_bounds(client, slow, count):
    body = client.get(f"/api/fanout?count={count}&delay_ms=0").get_json()
    assert [r["item"] for r in body["results"]] == list(range(1, count + 1))
    assert slow.stats()["calls"] == count


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("count=0", "count must be a whole number from 1 to 10"),
        ("count=11", "count must be a whole number from 1 to 10"),
        ("count=-1", "count must be a whole number from 1 to 10"),
        ("count=", "count must be a whole number from 1 to 10"),
        ("count=abc", "count must be a whole number from 1 to 10"),
        ("count=2.5", "count must be a whole number from 1 to 10"),
        ("count=%D9%A3", "count must be a whole number from 1 to 10"),  # an Arabic 3
        ("count=%00", "count must be a whole number from 1 to 10"),
        ("count=" + "9" * 5000, "count must be a whole number from 1 to 10"),
        ("count=1&count=2", "count is given 2 times"),
        ("delay_ms=5001", "delay_ms must be a whole number from 0 to 5000"),
        ("delay_ms=99999999999999999999", "delay_ms must be a whole number from 0 to 5000"),
        ("delay_ms=1e3", "delay_ms must be a whole number from 0 to 5000"),
    ],
)
def test_hostile_query_parameters_are_400s_and_call_nothing(client, slow, error_of, query, message):
    assert error_of(client.get(f"/api/fanout?{query}"), 400) == message
    assert slow.stats()["calls"] == 0


def test_every_call_timing_out_is_a_504(client, slow, impatient, error_of):
    slow.reset(hang={1, 2, 3})
    message = error_of(client.get("/api/fanout?count=3"), 504)
    assert message == "every upstream call failed (3 timed out)"
    assert (
        slow.stats()["max_in_flight"] == 3
    )  # the three timeouts ran together, not one after the other


def test_every_call_failing_is_a_502(client, slow, error_of):
    slow.reset(fail={1, 2})
    assert error_of(client.get("/api/fanout?count=2&delay_ms=0"), 502) == (
        "every upstream call failed"
    )


def test_an_upstream_that_is_down_is_a_502_at_once(error_of):
    app = create_app({"TESTING": True, "UPSTREAM_URL": f"http://127.0.0.1:{free_port()}"})
    assert error_of(app.test_client().get("/api/fanout?count=3"), 502) == (
        "every upstream call failed"
    )


def test_an_unknown_url_is_a_json_404(client, error_of):
    assert error_of(client.get("/nowhere"), 404).startswith("The requested URL was not found")
