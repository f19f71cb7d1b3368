"""Celery: POST queues a task for a real worker process; GET polls its state in Redis."""

import os

import jobs
import pytest

pytestmark = pytest.mark.usefixtures("workers")


def submit(client, **body):
    response = client.post("/celery/jobs", json=body)
    assert response.status_code == 202, response.get_data(as_text=True)
    return response


def test_post_answers_202_with_the_status_url_then_the_worker_does_the_job(client, wait_done):
    response = submit(client, limit=1000)
    job_id = response.get_json()["id"]
    assert response.headers["Location"] == f"/celery/jobs/{job_id}"
    assert response.get_json()["status_url"] == f"/celery/jobs/{job_id}"

    body, states = wait_done(client, response.headers["Location"])

    assert body["state"] == "SUCCESS"
    assert body["result"]["limit"] == 1000
    assert body["result"]["primes"] == 168
    assert body["result"]["pid"] != os.getpid()  # another process did the work: the worker
    assert body["attempts"] == 1
    assert set(states) <= {"PENDING", "STARTED", "SUCCESS"}


def test_a_transient_failure_is_retried_until_it_succeeds(client, wait_done, store):
    response = submit(client, limit=100, fail_times=2)
    job_id = response.get_json()["id"]

    body, _ = wait_done(client, response.headers["Location"])

    assert body["state"] == "SUCCESS"
    assert body["result"]["primes"] == 25
    assert body["attempts"] == 3  # failed twice, retried twice, then succeeded
    assert int(store.get(jobs.attempts_key(job_id))) == 3  # the counter the worker increments


def test_a_task_that_always_fails_ends_in_failure_after_its_retries(client, wait_done, store):
    response = submit(client, limit=100, fail_times=jobs.MAX_FAIL_TIMES)
    job_id = response.get_json()["id"]

    body, _ = wait_done(client, response.headers["Location"])

    assert body["state"] == "FAILURE"
    assert "result" not in body
    assert body["error"] == "TransientError: attempt 4 failed on purpose (fail_times=10)"
    assert body["attempts"] == jobs.MAX_RETRIES + 1 == 4
    assert int(store.get(jobs.attempts_key(job_id))) == 4


def test_each_job_gets_its_own_id_and_result(client, wait_done):
    first = submit(client, limit=10).headers["Location"]
    second = submit(client, limit=100).headers["Location"]
    assert first != second
    assert wait_done(client, first)[0]["result"]["primes"] == 4
    assert wait_done(client, second)[0]["result"]["primes"] == 25


@pytest.mark.parametrize("job_id", ["no-such-job", "0d8c7e0e-5a1b-4c55-9a86-7f0d5b1f3b6e"])
def test_an_unknown_job_id_is_a_404_with_a_json_message(client, job_id):
    response = client.get(f"/celery/jobs/{job_id}")
    assert response.status_code == 404
    assert response.get_json() == {"error": f"No Celery job with id {job_id!r}."}
