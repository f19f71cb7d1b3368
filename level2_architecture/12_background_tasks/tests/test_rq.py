"""RQ: POST enqueues a job on Redis for a real `rq worker`; GET polls its status."""

import os

import jobs
import pytest

pytestmark = pytest.mark.usefixtures("workers")


def submit(client, **body):
    response = client.post("/rq/jobs", json=body)
    assert response.status_code == 202, response.get_data(as_text=True)
    return response


def test_post_answers_202_with_the_status_url_then_the_worker_does_the_job(client, wait_done):
    response = submit(client, limit=1000)
    job_id = response.get_json()["id"]
    assert response.headers["Location"] == f"/rq/jobs/{job_id}"
    assert response.get_json()["status_url"] == f"/rq/jobs/{job_id}"

    body, states = wait_done(client, response.headers["Location"])

    assert body["state"] == "finished"
    assert body["result"]["limit"] == 1000
    assert body["result"]["primes"] == 168
    assert body["result"]["pid"] != os.getpid()  # another process did the work: the worker
    assert body["attempts"] == 1
    assert set(states) <= {"queued", "started", "finished"}


def test_a_transient_failure_is_retried_until_it_succeeds(client, wait_done, store):
    response = submit(client, limit=100, fail_times=2)
    job_id = response.get_json()["id"]

    body, _ = wait_done(client, response.headers["Location"])

    assert body["state"] == "finished"
    assert body["result"]["primes"] == 25
    assert body["attempts"] == 3
    assert int(store.get(jobs.attempts_key(job_id))) == 3


def test_a_job_that_always_fails_ends_failed_after_its_retries(client, wait_done, store):
    response = submit(client, limit=100, fail_times=jobs.MAX_FAIL_TIMES)
    job_id = response.get_json()["id"]

    body, _ = wait_done(client, response.headers["Location"])

    assert body["state"] == "failed"
    assert "result" not in body
    assert body["error"] == "jobs.TransientError: attempt 4 failed on purpose (fail_times=10)"
    assert body["attempts"] == jobs.MAX_RETRIES + 1 == 4
    assert int(store.get(jobs.attempts_key(job_id))) == 4


@pytest.mark.parametrize("job_id", ["no-such-job", "0d8c7e0e-5a1b-4c55-9a86-7f0d5b1f3b6e"])
def test_an_unknown_job_id_is_a_404_with_a_json_message(client, job_id):
    response = client.get(f"/rq/jobs/{job_id}")
    assert response.status_code == 404
    assert response.get_json() == {"error": f"No RQ job with id {job_id!r}."}
