"""The API: POST an order (published to Kafka), then read what the worker made of it."""

import json
import uuid

import store
from flask import Blueprint, abort, current_app, g, jsonify, request, url_for
from orders import NAME, ORDER_ID, InvalidOrder, check_body
from publisher import BrokerUnavailable, send

bp = Blueprint("orders", __name__)


def db():
    """A read connection to the worker's database, for this request."""
    if "db" not in g:
        g.db = store.connect(current_app.config["ORDERS_DB"])
    return g.db


@bp.teardown_app_request
def close_db(exc):
    if (conn := g.pop("db", None)) is not None:
        conn.close()


def order_body() -> dict:
    """The request's JSON object, checked; a 415 or a 400 otherwise, before anything is sent."""
    if not request.is_json:
        abort(415, "send application/json")
    try:  # the body is at most MAX_CONTENT_LENGTH bytes (a 413 beyond)
        body = json.loads(request.get_data(cache=False))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a 5000-digit number, [[[[...
        abort(400, "the body is not valid JSON")
    try:
        return check_body(body)
    except InvalidOrder as exc:
        abort(400, str(exc))


@bp.post("/api/orders")
def place_order():
    order = {"id": uuid.uuid4().hex, **order_body()}
    try:
        partition, offset = send(order)
    except BrokerUnavailable as exc:
        current_app.logger.warning("order not published: %s", exc)
        return jsonify(error=f"the message broker is unavailable, try again later: {exc}"), 503
    location = url_for("orders.get_order", order_id=order["id"])
    body = {**order, "status": "accepted", "partition": partition, "offset": offset}
    return jsonify(body), 202, {"Location": location}


@bp.get("/api/orders/<order_id>")
def get_order(order_id):
    row = store.order_status(db(), order_id) if ORDER_ID.fullmatch(order_id) else None
    if row is None:
        abort(404, "no such order has been processed (yet)")
    return jsonify(
        id=row["order_id"], status="processed", customer=row["customer"], sku=row["sku"],
        quantity=row["quantity"], partition=row["kafka_partition"], offset=row["kafka_offset"],
        deliveries=row["deliveries"],
    )  # fmt: skip


@bp.get("/api/stock/<sku>")
def get_stock(sku):
    if not NAME.fullmatch(sku):
        abort(400, "a sku is 1 to 40 of a-z 0-9 -")
    return jsonify(sku=sku, reserved=store.reserved(db(), sku))
