"""RQ: POST enqueues the job in Redis, an `rq worker` process runs it; GET reads its status."""

import jobs
from background import background
from flask import Blueprint, jsonify
from replies import accepted, job_params, not_found
from rq import Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

bp = Blueprint("rq", __name__)


@bp.post("/jobs")
def submit():
    params, error = job_params()
    if error:
        return error  # nothing was enqueued
    rq_queue = background().rq_queue
    # exercise: start - enqueue jobs.rq_job on the RQ queue, retried up to MAX_RETRIES times
    job = rq_queue.enqueue(
        jobs.rq_job,
        params["limit"],
        params["fail_times"],
        params["seconds"],
        retry=Retry(max=jobs.MAX_RETRIES),
        result_ttl=jobs.KEEP_FOR,  # RQ's default is 500 s
        failure_ttl=jobs.KEEP_FOR,
    )
    # exercise: end
    return accepted(job.id, "rq.status")


@bp.get("/jobs/<job_id>")
def status(job_id):
    store = background().store
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
