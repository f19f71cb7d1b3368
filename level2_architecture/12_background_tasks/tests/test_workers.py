"""Celery and RQ keep one contract: POST queues the job for a real worker process, GET polls it.

Each test of the contract runs twice, once per runner (the `job_runner` fixture). What differs
between the two, the names of the states and the processes that do the work, is checked below it.
"""

import os

import jobs
import pytest

pytestmark = pytest.mark.usefixtures("workers")

ALWAYS_FAILS = {"limit": 100, "fail_times": jobs.MAX_FAIL_TIMES}


# --- The contract: Celery and RQ alike ------------------------------------------------------------


def test_post_answers_202_with_the_status_url_then_the_worker_does_the_job(
    client, submit, job_runner, wait_done
):
    response = submit(job_runner, limit=1000)
    job_id = response.get_json()["id"]
    assert response.headers["Location"] == f"/{job_runner}/jobs/{job_id}"
    assert response.get_json()["status_url"] == f"/{job_runner}/jobs/{job_id}"

    body, _ = wait_done(client, response.headers["Location"])

    assert body["id"] == job_id
    assert body["runner"] == job_runner
    assert body["done"] is True
    assert "error" not in body
    assert body["result"]["limit"] == 1000
    assert body["result"]["primes"] == 168
    assert body["result"]["pid"] != os.getpid()  # another process did the work: the worker
    assert body["attempts"] == 1


def test_a_transient_failure_is_retried_until_it_succeeds(
    client, submit, job_runner, wait_done, store
):
    response = submit(job_runner, limit=100, fail_times=2)
    job_id = response.get_json()["id"]

    body, _ = wait_done(client, response.headers["Location"])

    assert body["result"]["primes"] == 25
    assert body["attempts"] == 3  # failed twice, retried twice, then succeeded
    assert int(store.get(jobs.attempts_key(job_id))) == 3  # the counter the worker increments


def test_a_job_that_always_fails_ends_failed_after_its_retries(
    client, submit, job_runner, wait_done, store
):
    response = submit(job_runner, **ALWAYS_FAILS)
    job_id = response.get_json()["id"]

    body, _ = wait_done(client, response.headers["Location"])

    assert body["done"] is True
    assert "result" not in body
    assert body["error"].endswith("TransientError: attempt 4 failed on purpose (fail_times=10)")
    assert body["attempts"] == jobs.MAX_RETRIES + 1 == 4
    assert int(store.get(jobs.attempts_key(job_id))) == 4


def test_each_job_gets_its_own_id_and_result(client, submit, job_runner, wait_done):
    first = submit(job_runner, limit=10).headers["Location"]
    second = submit(job_runner, limit=100).headers["Location"]
    assert first != second
    assert wait_done(client, first)[0]["result"]["primes"] == 4
    assert wait_done(client, second)[0]["result"]["primes"] == 25


# --- What is each runner's own ------------------------------------------------------------------


def test_celery_names_its_states_in_capitals(client, submit, wait_done):
    done, seen = wait_done(client, submit("celery", limit=1000).headers["Location"])
    failed, _ = wait_done(client, submit("celery", **ALWAYS_FAILS).headers["Location"])

    assert done["state"] == "SUCCESS"
    assert set(seen) <= {"PENDING", "STARTED", "SUCCESS"}
    assert failed["state"] == "FAILURE"
    assert failed["error"] == "TransientError: attempt 4 failed on purpose (fail_times=10)"


def test_rq_names_its_states_in_lower_case(client, submit, wait_done):
    done, seen = wait_done(client, submit("rq", limit=1000).headers["Location"])
    failed, _ = wait_done(client, submit("rq", **ALWAYS_FAILS).headers["Location"])

    assert done["state"] == "finished"
    assert set(seen) <= {"queued", "started", "finished"}
    assert failed["state"] == "failed"
    # The last line of the worker's traceback: the exception's module is part of its name.
    assert failed["error"] == "jobs.TransientError: attempt 4 failed on purpose (fail_times=10)"


def test_rq_forks_a_new_process_for_every_job(client, submit, wait_done):
    pids = [
        wait_done(client, submit("rq", limit=100).headers["Location"])[0]["result"]["pid"]
        for _ in range(2)
    ]
    assert pids[0] != pids[1]
    assert os.getpid() not in pids


def test_the_solo_celery_worker_runs_every_job_in_its_own_process(client, submit, wait_done):
    pids = {
        wait_done(client, submit("celery", limit=100).headers["Location"])[0]["result"]["pid"]
        for _ in range(2)
    }
    assert len(pids) == 1  # --pool=solo: the worker process itself, one job at a time
    assert os.getpid() not in pids


def test_rq_keeps_results_and_failures_24_hours_in_redis(client, submit, wait_done, store):
    """What Redis holds on the job's keys: a TTL of KEEP_FOR (24 h), not RQ's default 500 s."""
    finished = submit("rq", limit=100).get_json()["id"]
    failed = submit("rq", **ALWAYS_FAILS).get_json()["id"]
    for job_id in (finished, failed):
        wait_done(client, f"/rq/jobs/{job_id}")

    for key in (f"rq:job:{finished}", f"rq:results:{finished}", f"rq:job:{failed}"):
        assert jobs.KEEP_FOR - 60 < store.ttl(key) <= jobs.KEEP_FOR == 24 * 3600, key


def test_celery_keeps_results_24_hours_in_redis(client, submit, wait_done, store):
    job_id = submit("celery", limit=100).get_json()["id"]
    wait_done(client, f"/celery/jobs/{job_id}")
    assert jobs.KEEP_FOR - 60 < store.ttl(f"celery-task-meta-{job_id}") <= jobs.KEEP_FOR
