"""Skill checks: each region is written with the skill, not only with the right behaviour.

Shortcuts fail here: the job run inline in the request (or in a new unbounded thread) instead of
the pool, `.delay()` without our id and queue, a loop that retries inside the task instead of
Celery's `autoretry_for`, a broker URL written in the code, a status read from Redis keys by hand
instead of `AsyncResult` / `Job.fetch`, a second Redis connection instead of the RQ job's own.
"""

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

import jobs
import pytest
from rq.job import Job, JobStatus

HERE = Path(__file__).resolve().parents[1]  # the example folder


# --- threads --------------------------------------------------------------------------------------


def test_skill_the_thread_job_runs_in_the_bounded_pool(client, app, monkeypatch):
    seen = []
    monkeypatch.setattr(
        jobs, "run", lambda *args: seen.append((args, threading.current_thread().name))
    )
    pool = app.extensions["background"].executor
    response = client.post("/thread/jobs", json={"limit": 100, "fail_times": 2, "seconds": 0})
    future = app.extensions["background"].thread_jobs[response.get_json()["id"]]
    assert isinstance(future, Future), "Skill missing: keep the Future that executor.submit returns"
    future.result(timeout=10)
    assert seen and seen[0][0] == (100, 2, 1, 0), (
        "Skill missing: executor.submit(jobs.run, limit, fail_times, 1, seconds): one attempt"
    )
    assert seen[0][1].startswith("background-job"), (
        "Skill missing: run the job in background().executor (the thread pool), not inline in "
        "the request nor in a threading.Thread of its own"
    )
    assert pool._max_workers == 2, "Skill missing: a thread pool with a bound (max_workers=2)"


def finished(value=None, error=None):
    future = Future()
    future.set_running_or_notify_cancel()
    future.set_exception(error) if error else future.set_result(value)
    return future


def running():
    future = Future()
    future.set_running_or_notify_cancel()
    return future


@pytest.mark.parametrize(
    ("future", "body"),
    [
        (Future, {"state": "queued", "done": False}),
        (running, {"state": "running", "done": False}),
        (lambda: finished({"primes": 4}),
         {"state": "finished", "done": True, "result": {"primes": 4}}),
        (lambda: finished(error=ValueError("it's \"bad\"")),
         {"state": "failed", "done": True, "error": "ValueError: it's \"bad\""}),
        (lambda: finished(0), {"state": "finished", "done": True, "result": 0}),
    ],
    ids=["queued", "running", "finished", "failed", "finished-with-0"],
)  # fmt: skip
def test_skill_the_thread_status_is_read_from_the_future(client, app, future, body):
    app.extensions["background"].thread_jobs["abc"] = future()
    response = client.get("/thread/jobs/abc")
    assert response.status_code == 200
    assert response.get_json() == {"id": "abc", "runner": "thread", **body}, (
        "Skill missing: read the Future: done(), running(), exception(), result()"
    )


# --- RQ -------------------------------------------------------------------------------------------


def test_skill_rq_enqueues_rq_job_with_retries_and_ttls(idle_app, store):
    app, _, rq_length = idle_app
    response = app.test_client().post("/rq/jobs", json={"limit": 50, "fail_times": 1, "seconds": 2})
    assert rq_length() == 1, "Skill missing: rq_queue.enqueue(...): the job waits for a worker"
    job = Job.fetch(response.get_json()["id"], connection=store)
    assert (job.func_name, job.args) == ("jobs.rq_job", (50, 1, 2)), (
        "Skill missing: rq_queue.enqueue(jobs.rq_job, limit, fail_times, seconds, ...)"
    )
    assert (job.retries_left, job.retry_intervals) == (jobs.MAX_RETRIES, [0]), (
        "Skill missing: retry=Retry(max=jobs.MAX_RETRIES)"
    )
    assert (job.result_ttl, job.failure_ttl) == (jobs.KEEP_FOR, jobs.KEEP_FOR), (
        "Skill missing: result_ttl=jobs.KEEP_FOR and failure_ttl=jobs.KEEP_FOR (RQ keeps 500 s)"
    )
    status = app.test_client().get(response.headers["Location"])
    assert status.get_json() == {
        "id": job.id, "runner": "rq", "state": "queued", "done": False, "attempts": 0,
    }, "Skill missing: Job.fetch(job_id, connection=store) and its get_status()"  # fmt: skip


def test_skill_rq_status_is_read_with_job_fetch(client, store, monkeypatch):
    asked = []
    fetch = Job.fetch
    monkeypatch.setattr(
        Job,
        "fetch",
        lambda job_id, connection: asked.append(job_id) or fetch(job_id, connection=connection),
    )
    job = Job.create(jobs.count_primes, args=(10,), connection=store)
    job.set_status(JobStatus.STARTED)
    job.save()
    try:
        body = client.get(f"/rq/jobs/{job.id}").get_json()
    finally:
        job.delete()
    assert asked == [job.id], "Skill missing: Job.fetch(job_id, connection=...) reads the job"
    assert (body["state"], body["done"]) == ("started", False)


@pytest.mark.parametrize("state", [JobStatus.CANCELED, JobStatus.DEFERRED, JobStatus.STOPPED])
def test_a_job_neither_finished_nor_failed_has_no_result_and_no_error(client, store, state):
    job = Job.create(jobs.count_primes, args=(10,), connection=store)
    job.set_status(state)
    job.save()
    try:
        response = client.get(f"/rq/jobs/{job.id}")
    finally:
        job.delete()
    assert response.status_code == 200
    body = response.get_json()
    assert (body["state"], body["done"]) == (state.value, False)
    assert "result" not in body and "error" not in body


class FakeRedis:
    def __init__(self):
        self.calls = []

    def incr(self, key):
        self.calls.append(("incr", key))
        return 2

    def expire(self, key, seconds):
        self.calls.append(("expire", key, seconds))


def test_skill_rq_job_counts_with_the_current_jobs_connection(monkeypatch):
    connection = FakeRedis()
    current = type("CurrentJob", (), {"connection": connection, "id": "job-1"})()
    monkeypatch.setattr(jobs, "get_current_job", lambda: current)
    try:
        jobs.rq_job(10, 2)  # the fake connection says this is attempt 2: it fails on purpose
        error = None
    except Exception as exc:  # whatever a wrong region raises, the check below says why
        error = exc
    key = "attempts:job-1"
    assert connection.calls == [("incr", key), ("expire", key, jobs.KEEP_FOR)], (
        "Skill missing: job = get_current_job(); count_attempt(job.connection, job.id): the RQ "
        "job's own Redis connection and id, not a new connection"
    )
    assert isinstance(error, jobs.TransientError)
    assert str(error) == "attempt 2 failed on purpose (fail_times=2)"
    assert jobs.rq_job(10, 1) == {"limit": 10, "primes": 4, "pid": os.getpid()}


# --- Celery ---------------------------------------------------------------------------------------


def celery_conf(**env):
    """The Celery app's settings as a new process imports `tasks` with exactly these variables."""
    names = ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_QUEUE", "REDIS_URL")
    env = {**{k: v for k, v in os.environ.items() if k not in names}, **env}
    code = (
        "import json, tasks; c = tasks.celery_app.conf; print(json.dumps([c.broker_url, "
        "c.result_backend, c.task_default_queue, c.task_track_started, c.result_expires, "
        "c.broker_connection_retry_on_startup]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=HERE, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_skill_the_celery_app_reads_broker_backend_and_queue_from_the_environment():
    conf = celery_conf(
        CELERY_BROKER_URL="redis://127.0.0.1:1/3",
        CELERY_RESULT_BACKEND="redis://127.0.0.1:1/4",
        CELERY_QUEUE="skill-queue",
        REDIS_URL="redis://127.0.0.1:1/5",
    )
    urls = ["redis://127.0.0.1:1/3", "redis://127.0.0.1:1/4"]
    assert conf == [*urls, "skill-queue", True, 86400, True], (
        "Skill missing: Celery('tasks', broker=$CELERY_BROKER_URL, "
        "backend=$CELERY_RESULT_BACKEND), task_default_queue=$CELERY_QUEUE, "
        "task_track_started=True, result_expires=jobs.KEEP_FOR, "
        "broker_connection_retry_on_startup=True (a worker started before Redis waits for it)"
    )


def test_skill_without_celery_variables_broker_and_backend_are_redis_url():
    conf = celery_conf(REDIS_URL="redis://127.0.0.1:1/5")
    urls = ["redis://127.0.0.1:1/5", "redis://127.0.0.1:1/5"]
    assert conf == [*urls, "celery-jobs", True, 86400, True], (
        "Skill missing: by default broker and backend are jobs.redis_url() ($REDIS_URL) and the "
        "queue jobs.CELERY_QUEUE; no URL written in the code"
    )


def test_skill_the_task_retries_with_celerys_autoretry(tasks):
    task = tasks.count_primes_task
    assert task.name == "tasks.count_primes_task", "Skill missing: @celery_app.task on the function"
    assert tuple(getattr(task, "autoretry_for", ())) == (jobs.TransientError,), (
        "Skill missing: autoretry_for=(jobs.TransientError,): Celery retries, not a loop in "
        "the task"
    )
    assert (task.max_retries, task.default_retry_delay) == (jobs.MAX_RETRIES, 0), (
        "Skill missing: max_retries=jobs.MAX_RETRIES, default_retry_delay=0"
    )
    assert not getattr(task, "retry_backoff", False), "Skill missing: no wait between retries"


def test_skill_celery_sends_the_task_with_our_id_to_our_queue(
    app, client, tasks, store, monkeypatch
):
    sent = []

    def apply_async(args=None, kwargs=None, **options):
        sent.append((tuple(args), options, store.exists(f"celery-job:{options.get('task_id')}")))

    monkeypatch.setattr(tasks.count_primes_task, "apply_async", apply_async)
    response = client.post("/celery/jobs", json={"limit": 70, "fail_times": 1})
    job_id = response.get_json()["id"]
    assert sent == [((70, 1, 0), {"queue": app.config["CELERY_QUEUE"], "task_id": job_id}, 1)], (
        "Skill missing: store.set(f'celery-job:{job_id}', ...) first, then "
        "count_primes_task.apply_async(args=(...), queue=CELERY_QUEUE, task_id=job_id); "
        "calling the task inline or .delay() does not count"
    )
    assert store.get(f"celery-job:{job_id}") == b"1"  # the id's marker: store.set(key, 1, ...)
    assert store.ttl(f"celery-job:{job_id}") > jobs.KEEP_FOR - 60
    store.delete(f"celery-job:{job_id}")


class FakeResult:
    """What AsyncResult would say; counts how often `state` is read (a second read may differ)."""

    def __init__(self, state, result):
        self._state, self.result, self.reads = state, result, 0

    @property
    def state(self):
        self.reads += 1
        return self._state


@pytest.mark.parametrize(
    ("state", "result", "body"),
    [
        ("PENDING", None, {"state": "PENDING", "done": False}),
        ("STARTED", None, {"state": "STARTED", "done": False}),
        ("RETRY", None, {"state": "RETRY", "done": False}),
        ("SUCCESS", {"primes": 4}, {"state": "SUCCESS", "done": True, "result": {"primes": 4}}),
        ("FAILURE", KeyError("x"), {"state": "FAILURE", "done": True, "error": "KeyError: 'x'"}),
        ("REVOKED", None, {"state": "REVOKED", "done": True}),
    ],
)  # fmt: skip
def test_skill_celery_status_is_read_once_from_async_result(
    client, tasks, store, monkeypatch, state, result, body
):
    fake = FakeResult(state, result)
    monkeypatch.setattr(tasks.celery_app, "AsyncResult", lambda job_id: fake)
    store.set("celery-job:skill-id", 1, ex=60)
    answer = client.get("/celery/jobs/skill-id").get_json()
    store.delete("celery-job:skill-id")
    assert answer == {"id": "skill-id", "runner": "celery", **body, "attempts": 0}, (
        "Skill missing: celery_app.AsyncResult(job_id): its state, done when in READY_STATES, "
        "result on SUCCESS, the exception on FAILURE"
    )
    assert fake.reads == 1, "Skill missing: read result.state once, into a variable"
