"""The orders API: one collection, one item, each HTTP method doing what RFC 9110 says it does.

GET     /api/v1/orders        200 the list (ETag: a hash of the body; If-None-Match -> 304)
POST    /api/v1/orders        201 + Location; Idempotency-Key required: a retry replays the 201
GET     /api/v1/orders/<id>   200 with ETag "v<version>", 304 for If-None-Match, 404
PUT     /api/v1/orders/<id>   200 the order replaced; If-Match required (428), stale: 412; 404
DELETE  /api/v1/orders/<id>   204; once gone, 404; a stale If-Match: 412
HEAD and OPTIONS              Flask's own: HEAD is a GET without its body, OPTIONS lists Allow

GET and HEAD are safe: they change nothing. PUT and DELETE are idempotent: the second identical
request leaves the order as the first one did. POST is neither, unless it carries a key.
"""

import re

from conditional import copy_is_current, represent
from errors import ValidationError
from flask import Blueprint, jsonify, request, url_for
from idempotency import idempotent
from models import Order, db
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import BadRequest, NotFound, PreconditionFailed
from werkzeug.routing import IntegerConverter

api_v1 = Blueprint("api_v1", __name__)

FIELDS = ("product", "quantity")
UNSTORABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # NUL, control characters, lone surrogates


class IdConverter(IntegerConverter):
    """<id:order_id>: ASCII digits, at most 18 (an SQLite integer is 64 bits). Werkzeug's <int:>
    takes any digit: `/orders/١` would be order 1."""

    regex = "[0-9]{1,18}"


def json_object() -> dict:
    """The JSON body: 415 if not sent as JSON, 413 over MAX_CONTENT_LENGTH (both from get_json),
    400 if it does not parse (a RecursionError for JSON nested too deep), 422 if no object."""
    try:
        data = request.get_json()
    except RecursionError:
        raise BadRequest("the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ValidationError("the body must be a JSON object", {"": "must be an object"})
    return data


def check_order(data: dict) -> dict:
    """The order's fields if `data` is a whole, valid order; else a 422 naming each bad field."""
    errors = {name: "unknown field" for name in data if name not in FIELDS}
    errors |= {name: "is required" for name in FIELDS if name not in data}
    product = data.get("product")
    if "product" in data and not (isinstance(product, str) and 1 <= len(product.strip()) <= 100):
        errors["product"] = "must be a string of 1 to 100 characters"
    elif "product" in data and UNSTORABLE.search(product):
        errors["product"] = "must not hold a NUL, a control character or a lone surrogate"
    quantity = data.get("quantity")
    if "quantity" in data and not (type(quantity) is int and 1 <= quantity <= 1000):  # not True
        errors["quantity"] = "must be an integer from 1 to 1000"
    if errors:
        raise ValidationError("the order has invalid fields", errors)
    return {name: data[name] for name in FIELDS}


def find(order_id: int) -> Order:
    return db.get_or_404(Order, order_id, description=f"order {order_id} does not exist")


def stale(order_id: int) -> PreconditionFailed:
    return PreconditionFailed(f"order {order_id} has changed since you read it: GET it again")


@api_v1.get("/orders")
def list_orders():
    orders = db.session.scalars(db.select(Order).order_by(Order.id))
    response = jsonify(orders=[order.to_json() for order in orders])
    response.add_etag()  # a hash of the body: any change to any order changes it
    return response.make_conditional(request)


@api_v1.post("/orders")
@idempotent(lambda: check_order(json_object()))
def create_order():
    order = Order(**check_order(json_object()))
    db.session.add(order)
    db.session.flush()  # its id, for the Location; @idempotent commits it with the key
    return order.to_json(), 201, {"Location": url_for(".get_order", order_id=order.id)}


@api_v1.get("/orders/<id:order_id>")
def get_order(order_id: int):
    return represent(find(order_id))


@api_v1.put("/orders/<id:order_id>")
def replace_order(order_id: int):
    order = find(order_id)  # 404 first: preconditions only apply to an order that exists
    fields = check_order(json_object())  # PUT sends the whole order: a missing field is a 422
    # exercise: start - If-Match required; stale: 412 (200 if already applied); replace, 200
    if not copy_is_current(order, required=True):
        if order.fields() == fields:  # the state asked for is already there: a retried PUT
            return represent(order)  # RFC 9110 13.1.1 allows a 2xx then: nothing to do
        raise stale(order_id)
    order.product, order.quantity = fields["product"], fields["quantity"]
    try:
        db.session.commit()  # no UPDATE if nothing changed: the version, and ETag, stay
    except StaleDataError:  # another PUT committed between our read and our UPDATE
        db.session.rollback()
        raise stale(order_id) from None
    return represent(order)
    # exercise: end


@api_v1.delete("/orders/<id:order_id>")
def delete_order(order_id: int):
    # exercise: start - delete it, 204; gone already: 404; a stale If-Match: 412
    order = find(order_id)
    if not copy_is_current(order, required=False):
        raise stale(order_id)
    db.session.delete(order)
    try:
        db.session.commit()  # DELETE ... WHERE id = ? AND version = ?
    except StaleDataError:  # changed, or deleted, by another request in between
        db.session.rollback()
        if db.session.get(Order, order_id) is None:
            raise NotFound(f"order {order_id} does not exist") from None
        raise stale(order_id) from None
    return "", 204
    # exercise: end
