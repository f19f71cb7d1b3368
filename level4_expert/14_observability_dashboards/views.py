"""The orders API: POST /api/orders, GET /api/orders/<id>."""

import json

from flask import Blueprint, abort, current_app, jsonify, request
from opentelemetry import trace

bp = Blueprint("orders", __name__, url_prefix="/api")

# The catalogue. Only these become values of the `item` label and of the `order.item` attribute:
# a label whose values come from the client would give Prometheus a series per typo.
ITEMS = ("tea", "cocoa", "coffee")
MAX_QUANTITY = 100


def refuse(status, reason):
    current_app.logger.warning("order refused", extra={"reason": reason, "status": status})
    abort(status, reason)


def read_order():
    """The body as {"item": one of ITEMS, "quantity": 1..MAX_QUANTITY}, or a 4xx."""
    if not request.is_json:
        refuse(415, "send the order as application/json")
    try:
        body = json.loads(request.get_data())  # over MAX_CONTENT_LENGTH: a 413 before this
    except (ValueError, RecursionError):  # broken JSON, bad UTF-8, nested too deep
        refuse(400, "the body is not valid JSON")
    if not isinstance(body, dict) or set(body) != {"item", "quantity"}:
        refuse(422, "an order is an object with exactly: item, quantity")
    item, quantity = body["item"], body["quantity"]
    if not isinstance(item, str) or item not in ITEMS:
        refuse(422, f"item: one of {', '.join(ITEMS)}")
    if type(quantity) is not int or not 1 <= quantity <= MAX_QUANTITY:
        refuse(422, f"quantity: a whole number from 1 to {MAX_QUANTITY}")
    return item, quantity


@bp.post("/orders")
def create_order():
    item, quantity = read_order()
    orders = current_app.extensions["orders"]
    with orders["lock"]:
        order_id = len(orders["rows"]) + 1
        orders["rows"][order_id] = {"id": order_id, "item": item, "quantity": quantity}
    # exercise: start - count it in orders_created_total{item}; order.item on the span
    current_app.extensions["orders_created"].labels(item=item).inc()
    trace.get_current_span().set_attribute("order.item", item)
    # exercise: end
    current_app.logger.info("order created", extra={"order_id": order_id, "item": item})
    return jsonify(orders["rows"][order_id]), 201


@bp.get("/orders/<int:order_id>")
def get_order(order_id):
    order = current_app.extensions["orders"]["rows"].get(order_id)
    if order is None:
        abort(404, f"no order {order_id}")
    return jsonify(order)
