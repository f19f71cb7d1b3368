"""Celery: POST sends the task to the broker, a `celery worker` process runs it; GET reads it."""

import jobs
from background import background
from celery.states import FAILURE, READY_STATES, SUCCESS
from celery.utils import uuid
from flask import Blueprint, current_app, jsonify
from kombu.exceptions import OperationalError
from replies import accepted, job_params, not_found
from tasks import celery_app, count_primes_task

bp = Blueprint("celery", __name__)


@bp.post("/jobs")
def submit():
    params, error = job_params()
    if error:
        return error  # nothing was sent to the broker
    store = background().store
    job_id = uuid()
    # exercise: start - remember the id in Redis, then send the task with that id to the queue
    key = f"celery-job:{job_id}"
    store.set(key, 1, ex=jobs.KEEP_FOR)  # first: if Redis fails, nothing is sent
    try:
        count_primes_task.apply_async(
            args=(params["limit"], params["fail_times"], params["seconds"]),
            queue=current_app.config["CELERY_QUEUE"],
            task_id=job_id,
        )
    except OperationalError:  # the broker is down: forget the id (never sent), then a 503
        store.delete(key)
        raise
    # exercise: end
    return accepted(job_id, "celery.status")


@bp.get("/jobs/<job_id>")
def status(job_id):
    store = background().store
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
