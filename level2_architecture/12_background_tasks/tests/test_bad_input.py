"""Bad input is a 422 before anything is queued, an unknown id a 404, whatever the runner."""

import importlib
import time
from urllib.parse import urlsplit

import pytest
from celery import Celery

from shared.testing import free_port

BAD = [
    ({}, "limit must be an integer between 2 and 200000."),
    ({"limit": "1000"}, "limit must be an integer between 2 and 200000."),
    ({"limit": 1}, "limit must be an integer between 2 and 200000."),
    ({"limit": 200_001}, "limit must be an integer between 2 and 200000."),
    ({"limit": True}, "limit must be an integer between 2 and 200000."),
    ({"limit": 100, "fail_times": -1}, "fail_times must be an integer between 0 and 10."),
    ({"limit": 100, "fail_times": 11}, "fail_times must be an integer between 0 and 10."),
    ({"limit": 100, "fail_times": 1.5}, "fail_times must be an integer between 0 and 10."),
    ({"limit": 100, "seconds": 11}, "seconds must be an integer between 0 and 10."),
    ({"limit": 100, "seconds": "2"}, "seconds must be an integer between 0 and 10."),
    ([1000], 'Send a JSON object, e.g. {"limit": 1000}.'),
]


def eventually(read, expected, timeout=5.0):
    """Read a count until it equals `expected` (a broker may route a message a moment later)."""
    deadline = time.monotonic() + timeout
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


RUNNERS = {"celery": "Celery", "rq": "RQ", "thread": "thread"}


@pytest.mark.parametrize("runner", RUNNERS)
def test_invalid_parameters_are_a_422_and_nothing_is_queued(idle_app, runner):
    app, celery_length, rq_length = idle_app
    client = app.test_client()
    thread_jobs = app.extensions["background"].thread_jobs

    for body, message in BAD:
        response = client.post(f"/{runner}/jobs", json=body)
        assert response.status_code == 422, body
        assert response.get_json() == {"error": message}
        assert "Location" not in response.headers
    response = client.post(f"/{runner}/jobs", data="limit=1000")  # a form, not JSON
    assert response.status_code == 422
    assert response.get_json() == {"error": 'Send a JSON object, e.g. {"limit": 1000}.'}

    assert (celery_length(), rq_length(), len(thread_jobs)) == (0, 0, 0)

    # The same app does queue a valid job, and the count sees it (no worker reads these
    # queues, so it stays there): the check above could have failed.
    assert client.post(f"/{runner}/jobs", json={"limit": 100}).status_code == 202
    counts = {"celery": celery_length, "rq": rq_length, "thread": lambda: len(thread_jobs)}
    assert eventually(counts[runner], 1) == 1


@pytest.mark.parametrize("job_id", ["no-such-job", "0d8c7e0e-5a1b-4c55-9a86-7f0d5b1f3b6e"])
@pytest.mark.parametrize("runner", RUNNERS)
def test_an_unknown_job_id_is_a_404_with_a_json_message(client, runner, job_id):
    response = client.get(f"/{runner}/jobs/{job_id}")
    assert response.status_code == 404
    assert response.get_json() == {"error": f"No {RUNNERS[runner]} job with id {job_id!r}."}


@pytest.mark.parametrize("runner", RUNNERS)
def test_json_nested_5000_deep_is_a_400_and_nothing_is_queued(idle_app, runner):
    app, celery_length, rq_length = idle_app
    client = app.test_client()
    body = "[" * 5_000 + "]" * 5_000  # valid JSON (10 kB), too deep for Python's parser

    response = client.post(f"/{runner}/jobs", data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.get_json() == {"error": "The JSON body is nested too deep."}
    thread_jobs = app.extensions["background"].thread_jobs
    assert (celery_length(), rq_length(), len(thread_jobs)) == (0, 0, 0)


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_body_over_64_kib_is_a_json_413_and_nothing_is_queued(idle_app, runner):
    app, celery_length, rq_length = idle_app
    body = b'{"limit": 100, "pad": "' + b"x" * 64 * 1024 + b'"}'

    response = app.test_client().post(f"/{runner}/jobs", data=body, content_type="application/json")

    assert response.status_code == 413
    assert response.get_json() == {"error": "The request body is larger than 65536 bytes."}
    thread_jobs = app.extensions["background"].thread_jobs
    assert (celery_length(), rq_length(), len(thread_jobs)) == (0, 0, 0)


@pytest.mark.parametrize("runner", ["celery", "rq"])
def test_with_redis_down_celery_and_rq_answer_a_json_503(make_app, runner):
    """Nothing listens on that port: the app's Redis (ids, results, RQ's queue) is down."""
    client = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0").test_client()

    submitted = client.post(f"/{runner}/jobs", json={"limit": 100})
    status = client.get(f"/{runner}/jobs/0d8c7e0e-5a1b-4c55-9a86-7f0d5b1f3b6e")

    for response in (submitted, status):
        assert response.status_code == 503
        assert response.get_json() == {
            "error": "The job queue is unavailable. Try again in a moment."
        }
        assert response.headers["Retry-After"] == "5"
    # The thread needs no Redis: it still takes jobs.
    assert client.post("/thread/jobs", json={"limit": 100}).status_code == 202


@pytest.fixture
def broker_down(settings, celery_broker_url, monkeypatch):
    """The Celery broker on a port where nothing listens (same transport: Redis or RabbitMQ),
    Redis still up.

    `tasks.celery_app` is made once per test run, with the real broker, and keeps its
    connections: the view sends the same task instead, by its name, through a second Celery app
    whose broker is the dead one. (Celery reads CELERY_BROKER_URL before its `broker=`.)"""
    url = urlsplit(celery_broker_url)  # keep the user and password, change the port
    dead = url._replace(netloc=f"{url.netloc.rpartition(':')[0]}:{free_port()}").geturl()
    monkeypatch.setenv("CELERY_BROKER_URL", dead)
    with Celery("broker-down", broker=dead, backend=settings["CELERY_RESULT_BACKEND"]) as dead_app:
        assert dead_app.conf.broker_url == dead
        task = dead_app.signature("tasks.count_primes_task")
        views = importlib.import_module("celery_views")  # after `settings`, as in conftest.py
        monkeypatch.setattr(views, "count_primes_task", task)
        yield


def test_with_the_broker_down_celery_answers_a_json_503_quickly_and_keeps_no_id(
    make_app, broker_down, store
):
    client = make_app().test_client()
    ids_before = set(store.scan_iter("celery-job:*"))

    started = time.monotonic()
    response = client.post("/celery/jobs", json={"limit": 100})
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.get_json() == {"error": "The job queue is unavailable. Try again in a moment."}
    assert response.headers["Retry-After"] == "5"
    assert elapsed < 5, f"{elapsed:.1f} s to give up on the broker"
    # Nothing half-written: no id left in Redis for a task that was never sent (a GET would
    # report it PENDING forever).
    assert set(store.scan_iter("celery-job:*")) == ids_before
    # RQ and the thread need no broker: they still take jobs.
    assert client.post("/rq/jobs", json={"limit": 100}).status_code == 202
    assert client.post("/thread/jobs", json={"limit": 100}).status_code == 202
