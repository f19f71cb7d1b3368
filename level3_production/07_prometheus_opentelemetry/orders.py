"""POST /orders creates an order; GET /orders/<id> reads one. Each request is timed and traced."""

from flask import Blueprint, abort, current_app, jsonify, request
from models import Order, db

bp = Blueprint("orders", __name__)

# A metric label must come from a short fixed list: one label value per user input would make a
# new time series per request and exhaust Prometheus.
ITEMS = ("tea", "coffee", "cocoa")


@bp.post("/orders")
def create_order():
    data = request.get_json(silent=True)
    if not request.is_json:
        abort(415, "send JSON (Content-Type: application/json)")
    if not isinstance(data, dict):
        abort(400, "the body must be a JSON object")
    item, quantity = data.get("item"), data.get("quantity")
    if item not in ITEMS or type(item) is not str:
        abort(422, f"item: one of {', '.join(ITEMS)}")
    if type(quantity) is not int or not 1 <= quantity <= 1000:
        abort(422, "quantity: an integer from 1 to 1000")
    order = Order(item=item, quantity=quantity)
    db.session.add(order)
    db.session.commit()
    current_app.extensions["orders_created"].labels(item=item).inc()
    return jsonify(id=order.id, item=item, quantity=quantity), 201


@bp.get("/orders/<int:order_id>")
def get_order(order_id):
    order = db.session.get(Order, order_id) or abort(404, "no such order")
    return jsonify(id=order.id, item=order.item, quantity=order.quantity)


def http_error(error):
    """Every HTTP error in the same JSON shape: {"error": "...", "status": 404}."""
    return jsonify(error=error.description, status=error.code), error.code
