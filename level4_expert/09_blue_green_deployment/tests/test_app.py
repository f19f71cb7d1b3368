"""The app alone (Flask's test client): which release answers, readiness, in-flight, bad input."""

import threading
import time

import pytest
from app import create_app


def test_every_answer_names_its_release(client):
    response = client.get("/")
    assert response.get_json() == {"color": "blue", "version": "1.0"}
    assert response.headers["X-App-Version"] == "1.0"


def test_errors_are_json_and_name_their_release_too(client):
    response = client.get("/nope")
    assert response.status_code == 404 and response.headers["X-App-Version"] == "1.0"
    assert response.get_json()["status"] == 404 and response.get_json()["error"]


def test_the_version_and_color_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("APP_VERSION", "2.0")
    monkeypatch.setenv("APP_COLOR", "green")
    monkeypatch.delenv("APP_FAIL_READY", raising=False)
    client = create_app({"TESTING": True}).test_client()
    response = client.get("/readyz")
    assert response.status_code == 200 and response.headers["X-App-Version"] == "2.0"
    assert response.get_json() == {"status": "ready", "color": "green", "version": "2.0"}


def test_a_release_that_cannot_serve_says_so_on_readyz(monkeypatch):
    monkeypatch.setenv("APP_FAIL_READY", "1")
    client = create_app({"TESTING": True, "APP_VERSION": "2.1"}).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.headers["X-App-Version"] == "2.1"
    assert response.get_json()["status"] == "not ready"


def in_flight(app):
    """/inflight, its response closed as gunicorn closes every response: only then is a request
    done (the test client leaves that to its caller)."""
    with app.test_client().get("/inflight") as response:
        return response.get_json()


def test_inflight_counts_the_requests_being_served_and_not_itself(app):
    assert in_flight(app) == {"in_flight": 0, "paths": []}
    slow = threading.Thread(target=lambda: app.test_client().get("/slow?seconds=0.4").close())
    slow.start()
    try:
        deadline = time.monotonic() + 3
        while (now := in_flight(app))["in_flight"] == 0:
            assert time.monotonic() < deadline, "the slow request never showed in /inflight"
            time.sleep(0.01)
        assert now == {"in_flight": 1, "paths": ["/slow"]}
    finally:
        slow.join()
    assert in_flight(app) == {"in_flight": 0, "paths": []}  # answered and closed: done


def test_a_response_not_yet_closed_is_still_in_flight(app):
    response = app.test_client().get("/")
    assert in_flight(app)["paths"] == ["/"]  # gunicorn is still sending it
    response.close()
    assert in_flight(app)["paths"] == []


def test_a_view_that_raises_is_uncounted_once_answered(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    app.testing = False  # a 500 page, as in production, instead of the exception
    with app.test_client().get("/boom") as response:
        assert response.status_code == 500
    assert in_flight(app)["in_flight"] == 0


@pytest.mark.parametrize(
    "seconds", ["abc", "nan", "inf", "-1", "1e308", "5.5", "9", "", "٣", "1\x00", "0.1234"]
)
def test_slow_takes_only_a_short_plain_number(client, seconds):
    response = client.get("/slow", query_string={"seconds": seconds})
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "seconds: a number from 0 to 5, like 0.5",
        "status": 400,
    }


def test_slow_answers_after_the_time_asked(client):
    started = time.monotonic()
    response = client.get("/slow?seconds=0.2")
    assert time.monotonic() - started >= 0.2
    assert response.get_json() == {"slept": 0.2, "color": "blue", "version": "1.0"}
