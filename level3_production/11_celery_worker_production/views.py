"""POST /payments, POST /reports (202: queued), GET /tasks/<id>, GET /accounts/<account>."""

import re

from celery.result import AsyncResult
from celery.states import READY_STATES
from flask import Blueprint, abort, jsonify, request, url_for
from tasks import apply_payment, build_report, store
from worker import celery_app

bp = Blueprint("ledger", __name__)
NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def json_body() -> dict:
    if not request.is_json:
        abort(415, "Send JSON (Content-Type: application/json).")
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        abort(400, "The JSON body is nested too deep.")
    if not isinstance(data, dict):
        abort(400, "Send a JSON object.")
    return data


def integer(data: dict, name: str, low: int, high: int, default=None) -> int:
    value = data.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        abort(422, f"{name} must be an integer between {low} and {high}.")
    return value


def name(value, what: str) -> str:
    if not isinstance(value, str) or not NAME.fullmatch(value):
        abort(422, f"{what} must be 1 to 64 ASCII letters, digits, '-' or '_'.")
    return value


def accepted(task_id: str, **body):
    response = jsonify(id=task_id, status_url=url_for(".task_status", task_id=task_id), **body)
    response.status_code = 202
    response.headers["Location"] = response.json["status_url"]
    return response


@bp.post("/payments")
def pay():
    data = json_body()
    key = name(request.headers.get("Idempotency-Key"), "The Idempotency-Key header")
    account = name(data.get("account"), "account")
    amount = integer(data, "amount", 1, 1_000_000)
    fail_times = integer(data, "fail_times", 0, 3, default=0)
    seconds = integer(data, "seconds", 0, 10, default=0)
    result = apply_payment.delay(key, account, amount, fail_times, seconds)
    return accepted(result.id, key=key)


@bp.post("/reports")
def report():
    data = json_body()
    seconds = integer(data, "seconds", 0, 30, default=0)
    stubborn = data.get("stubborn", False)
    if not isinstance(stubborn, bool):
        abort(422, "stubborn must be true or false.")
    return accepted(build_report.delay(seconds, stubborn).id)


@bp.get("/tasks/<task_id>")
def task_status(task_id):
    result = AsyncResult(task_id, app=celery_app)
    state = result.state  # read once
    body = {"id": task_id, "state": state, "done": state in READY_STATES}
    if state == "SUCCESS":
        body["result"] = result.result
    elif state in READY_STATES:
        body["error"] = f"{type(result.result).__name__}: {result.result}"
    return jsonify(body)


@bp.get("/accounts/<account>")
def balance(account):
    account = name(account, "account")
    return jsonify(account=account, balance=int(store.get(f"balance:{account}") or 0))
