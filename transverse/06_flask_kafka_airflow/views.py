"""The API: POST an order (published to Kafka), POST a batch's totals (the DAG), GET the totals."""

import hashlib
import json
import sqlite3
import uuid

import store
from events import BrokerUnavailable, send
from flask import Blueprint, abort, current_app, g, jsonify, request
from shapes import InvalidBody, check_batch, check_order, parse_json

bp = Blueprint("orders", __name__)


def db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = store.connect(current_app.config["TOTALS_DB"])
    return g.db


@bp.teardown_app_request
def close_db(exc):
    if (conn := g.pop("db", None)) is not None:
        conn.close()


def json_body(check):
    """The request's JSON, checked by `check`: a 415 or a 400 otherwise, before anything is done."""
    if not request.is_json:
        abort(415, "send application/json")
    try:
        return check(parse_json(request.get_data(cache=False)))
    except InvalidBody as exc:
        abort(400, str(exc))


@bp.post("/api/orders")
def place_order():
    order = {"id": uuid.uuid4().hex, **json_body(check_order)}
    try:
        partition, offset = send(order)
    except BrokerUnavailable as exc:
        current_app.logger.warning("order not published: %s", exc)
        return jsonify(error=f"the message broker is unavailable, try again later: {exc}"), 503
    return jsonify({**order, "partition": partition, "offset": offset}), 202


@bp.post("/api/totals")
def add_batch():
    """The DAG's callback. Idempotent by batch id: the same batch again is a 200 and adds nothing;
    the same id with other totals is a 409."""
    batch = json_body(check_batch)
    fingerprint = hashlib.sha256(json.dumps(batch, sort_keys=True).encode()).hexdigest()
    conn = db()
    try:
        with conn:  # one transaction: the batch row and its totals, or nothing
            conn.execute(
                "INSERT INTO batch (id, fingerprint, orders, skipped) VALUES (?, ?, ?, ?)",
                (batch["batch"], fingerprint, batch["orders"], batch["skipped"]),
            )
            conn.executemany(
                "INSERT INTO batch_total (batch_id, product, quantity) VALUES (?, ?, ?)",
                [(batch["batch"], name, quantity) for name, quantity in batch["totals"].items()],
            )
    except sqlite3.IntegrityError:  # the primary key: this batch is already counted
        row = conn.execute(
            "SELECT fingerprint FROM batch WHERE id = ?", (batch["batch"],)
        ).fetchone()
        if row is None or row["fingerprint"] != fingerprint:
            abort(409, f"batch {batch['batch']} was already counted with other totals")
        return jsonify(batch=batch["batch"], status="already counted"), 200
    return jsonify(batch=batch["batch"], status="counted"), 201


@bp.get("/api/totals")
def get_totals():
    return jsonify(store.totals(db()))
