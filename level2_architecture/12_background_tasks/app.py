"""Background jobs three ways: a Celery worker, an RQ worker and a plain thread.

Each way has the same two endpoints:

    POST /<runner>/jobs        {"limit": 1000, "fail_times": 0}  -> 202 Accepted + Location
    GET  /<runner>/jobs/<id>   -> {"state": ..., "done": ..., "result" or "error": ...}

where <runner> is celery, rq or thread.
"""

import os
import uuid
from concurrent.futures import Future, ThreadPoolExecutor

import jobs
import redis
from celery.states import FAILURE, READY_STATES, SUCCESS
from flask import Flask, jsonify, request, url_for
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from tasks import celery_app, count_primes_task


def accepted(job_id, endpoint):
    """202 Accepted: the job is queued, not done. Location says where to ask for its status."""
    status_url = url_for(endpoint, job_id=job_id)
    response = jsonify(id=job_id, status_url=status_url)
    response.status_code = 202
    response.headers["Location"] = status_url
    return response


def not_found(runner, job_id):
    return jsonify(error=f"No {runner} job with id {job_id!r}."), 404


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.update(
        REDIS_URL=jobs.redis_url(),
        CELERY_QUEUE=os.environ.get("CELERY_QUEUE", jobs.CELERY_QUEUE),
        RQ_QUEUE=os.environ.get("RQ_QUEUE", jobs.RQ_QUEUE),
    )
    if test_config:
        app.config.update(test_config)

    store = redis.Redis.from_url(app.config["REDIS_URL"])
    rq_queue = Queue(app.config["RQ_QUEUE"], connection=store)
    # Threads: these live in this process only (see README, "The limits of a thread").
    executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="background-job")
    thread_jobs: dict[str, Future] = {}
    app.extensions["background"] = {"rq_queue": rq_queue, "thread_jobs": thread_jobs}

    def params_or_422():
        params, error = jobs.validate(request.get_json(silent=True))
        return params, (jsonify(error=error), 422) if error else None

    # ------------------------------------------------------------------------------- Celery

    @app.post("/celery/jobs")
    def celery_submit():
        params, error = params_or_422()
        if error:
            return error  # nothing was sent to the broker
        # exercise: start - send the task to the Celery queue; remember its id in Redis
        result = count_primes_task.apply_async(
            args=(params["limit"], params["fail_times"]), queue=app.config["CELERY_QUEUE"]
        )
        store.set(f"celery-job:{result.id}", 1, ex=jobs.KEEP_FOR)
        # exercise: end
        return accepted(result.id, "celery_status")

    @app.get("/celery/jobs/<job_id>")
    def celery_status(job_id):
        # Celery answers PENDING for any id, even one it never saw: we keep our own list.
        if not store.exists(f"celery-job:{job_id}"):
            return not_found("Celery", job_id)
        # exercise: start - read the task's state (and result or error) from the result backend
        result = celery_app.AsyncResult(job_id)
        state = result.state  # read once: a second read could already see a newer state
        body = {"id": job_id, "runner": "celery", "state": state, "done": state in READY_STATES}
        if state == SUCCESS:
            body["result"] = result.result  # kept from the read above, once the task is done
        elif state == FAILURE:
            body["error"] = f"{type(result.result).__name__}: {result.result}"
        # exercise: end
        body["attempts"] = int(store.get(jobs.attempts_key(job_id)) or 0)
        return jsonify(body)

    # ----------------------------------------------------------------------------------- RQ

    @app.post("/rq/jobs")
    def rq_submit():
        params, error = params_or_422()
        if error:
            return error  # nothing was enqueued
        # exercise: start - enqueue jobs.rq_job on the RQ queue, retried up to MAX_RETRIES times
        job = rq_queue.enqueue(
            jobs.rq_job,
            params["limit"],
            params["fail_times"],
            retry=Retry(max=jobs.MAX_RETRIES),
            failure_ttl=jobs.KEEP_FOR,
        )
        # exercise: end
        return accepted(job.id, "rq_status")

    @app.get("/rq/jobs/<job_id>")
    def rq_status(job_id):
        # exercise: start - fetch the job (404 if Redis has no such job) and read its status
        try:
            job = Job.fetch(job_id, connection=store)
        except NoSuchJobError:
            return not_found("RQ", job_id)
        state = JobStatus(job.get_status())  # read once, as for Celery
        done = state in (JobStatus.FINISHED, JobStatus.FAILED)
        body = {"id": job_id, "runner": "rq", "state": state.value, "done": done}
        latest = job.latest_result()  # the outcome of the last attempt
        if state == JobStatus.FINISHED:
            body["result"] = latest.return_value
        elif state == JobStatus.FAILED:
            body["error"] = latest.exc_string.strip().splitlines()[-1]
        # exercise: end
        body["attempts"] = int(store.get(jobs.attempts_key(job_id)) or 0)
        return jsonify(body)

    # ------------------------------------------------------------------------------- thread

    @app.post("/thread/jobs")
    def thread_submit():
        params, error = params_or_422()
        if error:
            return error  # no thread was started
        job_id = uuid.uuid4().hex
        # exercise: start - run jobs.run in the thread pool (one attempt only) and keep the Future
        thread_jobs[job_id] = executor.submit(jobs.run, params["limit"], params["fail_times"], 1)
        # exercise: end
        return accepted(job_id, "thread_status")

    @app.get("/thread/jobs/<job_id>")
    def thread_status(job_id):
        future = thread_jobs.get(job_id)  # only this process knows its threads' jobs
        if future is None:
            return not_found("thread", job_id)
        # exercise: start - turn the Future into a state, and its result or exception
        if not future.done():
            state = "running" if future.running() else "queued"
            body = {"state": state, "done": False}
        elif future.exception() is not None:
            error = future.exception()
            body = {"state": "failed", "done": True, "error": f"{type(error).__name__}: {error}"}
        else:
            body = {"state": "finished", "done": True, "result": future.result()}
        # exercise: end
        return jsonify(id=job_id, runner="thread", **body)

    return app
