"""A plain thread: no broker, no worker, no retry, and the jobs live in this process only."""

import os

import pytest


def submit(client, **body):
    response = client.post("/thread/jobs", json=body)
    assert response.status_code == 202, response.get_data(as_text=True)
    return response


def test_post_answers_202_with_the_status_url_then_a_thread_does_the_job(client, wait_done):
    response = submit(client, limit=1000)
    job_id = response.get_json()["id"]
    assert response.headers["Location"] == f"/thread/jobs/{job_id}"

    body, states = wait_done(client, response.headers["Location"])

    assert body == {
        "id": job_id,
        "runner": "thread",
        "state": "finished",
        "done": True,
        "result": {"limit": 1000, "primes": 168, "pid": os.getpid()},  # this very process
    }
    assert set(states) <= {"queued", "running", "finished"}


def test_a_failing_job_is_not_retried(client, wait_done):
    response = submit(client, limit=100, fail_times=1)  # Celery and RQ would succeed on try 2

    body, _ = wait_done(client, response.headers["Location"])

    assert body["state"] == "failed"
    assert body["error"] == "TransientError: attempt 1 failed on purpose (fail_times=1)"
    assert "result" not in body


def test_the_jobs_live_in_one_process_only(make_app, wait_done):
    first = make_app()
    location = submit(first.test_client(), limit=100).headers["Location"]
    assert wait_done(first.test_client(), location)[0]["state"] == "finished"
    assert len(first.extensions["background"]["thread_jobs"]) == 1  # a dict in this app's memory

    # A restarted app (or a second gunicorn worker) has never heard of that job.
    second = make_app()
    response = second.test_client().get(location)
    assert response.status_code == 404
    assert second.extensions["background"]["thread_jobs"] == {}


@pytest.mark.parametrize("job_id", ["no-such-job", "0d8c7e0e5a1b4c559a867f0d5b1f3b6e"])
def test_an_unknown_job_id_is_a_404_with_a_json_message(client, job_id):
    response = client.get(f"/thread/jobs/{job_id}")
    assert response.status_code == 404
    assert response.get_json() == {"error": f"No thread job with id {job_id!r}."}
