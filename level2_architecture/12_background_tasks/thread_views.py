"""A thread: POST runs the job in this process's thread pool; GET reads its Future."""

import uuid

import jobs
from background import background
from flask import Blueprint, jsonify
from replies import accepted, job_params, not_found

bp = Blueprint("thread", __name__)


@bp.post("/jobs")
def submit():
    params, error = job_params()
    if error:
        return error  # no thread was started
    executor, thread_jobs = background().executor, background().thread_jobs
    job_id = uuid.uuid4().hex
    # exercise: start - run jobs.run in the thread pool (one attempt only) and keep the Future
    thread_jobs[job_id] = executor.submit(
        jobs.run, params["limit"], params["fail_times"], 1, params["seconds"]
    )
    # exercise: end
    return accepted(job_id, "thread.status")


@bp.get("/jobs/<job_id>")
def status(job_id):
    future = background().thread_jobs.get(job_id)  # only this process knows its threads' jobs
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
