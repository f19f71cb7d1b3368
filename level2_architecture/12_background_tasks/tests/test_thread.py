"""A plain thread: no broker, no worker, no retry, and the jobs live in this process only."""

import os


def test_post_answers_202_with_the_status_url_then_a_thread_does_the_job(client, submit, wait_done):
    response = submit("thread", limit=1000)
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


def test_a_failing_job_is_not_retried(client, submit, wait_done):
    response = submit("thread", limit=100, fail_times=1)  # Celery and RQ would succeed on try 2

    body, _ = wait_done(client, response.headers["Location"])

    assert body["state"] == "failed"
    assert body["error"] == "TransientError: attempt 1 failed on purpose (fail_times=1)"
    assert "result" not in body


def test_the_jobs_live_in_one_process_only(make_app, wait_done):
    first = make_app()
    response = first.test_client().post("/thread/jobs", json={"limit": 100})
    location = response.headers["Location"]
    assert wait_done(first.test_client(), location)[0]["state"] == "finished"
    assert len(first.extensions["background"].thread_jobs) == 1  # a dict in this app's memory

    # A restarted app (or a second gunicorn worker) has never heard of that job.
    second = make_app()
    response = second.test_client().get(location)
    assert response.status_code == 404
    assert second.extensions["background"].thread_jobs == {}
