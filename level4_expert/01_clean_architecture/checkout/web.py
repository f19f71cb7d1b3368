"""The Flask driving adapter: HTTP in, one use case call, HTTP out.

    flask --app level4_expert/01_clean_architecture/checkout/web.py run

Only this module knows HTTP: it checks the body's shape (400, 413, 415), lets the value objects
judge the values (their InvalidValue is a 422), and maps every other domain or port error to its
status code. create_app() only wires: config, the Container (wiring.py), the blueprint, errors.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, jsonify, request, url_for
from werkzeug.exceptions import BadRequest, HTTPException

from .domain import DomainError, DuplicateOrder, InvalidValue, Order, OrderNotFound
from .ports import (
    PaymentDeclined,
    PaymentGatewayBroken,
    PaymentTimedOut,
    PaymentUnavailable,
)
from .wiring import Container, settings_from_env

bp = Blueprint("orders", __name__)
FIELDS = {"customer": str, "cents": int, "currency": str}


def use_cases():
    return current_app.extensions["checkout"].use_cases()


def order_json(order: Order) -> dict:
    return {
        "id": order.id.value,
        "customer": order.customer.value,
        "total": {"cents": order.total.cents, "currency": order.total.currency},
        "payment": order.payment,
    }


def order_body() -> dict:
    """The JSON object {"customer": str, "cents": int, "currency": str}, or a 415 / 400."""
    if not request.is_json:
        abort(415, "send application/json")
    try:
        body = request.get_json()
    except (BadRequest, RecursionError):  # RecursionError: [[[[... nested too deep to parse
        abort(400, "the body is not valid JSON")
    if not isinstance(body, dict) or not all(
        type(body.get(name)) is kind
        for name, kind in FIELDS.items()  # `is`: True is no int
    ):
        abort(400, 'send {"customer": string, "cents": integer, "currency": string}')
    return body


@bp.post("/orders")
def place_order():
    body = order_body()
    with use_cases() as use:
        order = use.place_order(body["customer"], body["cents"], body["currency"])
    location = url_for("orders.get_order", order_id=order.id.value)
    return order_json(order), 201, {"Location": location}


@bp.get("/orders/<order_id>")
def get_order(order_id: str):
    with use_cases() as use:
        return order_json(use.get_order(order_id))


def error_body(status: int, code: str, message: str):
    return jsonify(error={"status": status, "code": code, "message": message}), status


# exercise: start - map each domain and port error to its status (422 404 409 402 502 503 504)
HTTP_STATUS = {
    InvalidValue: (422, "invalid_value"),
    OrderNotFound: (404, "order_not_found"),
    DuplicateOrder: (409, "duplicate_order"),
    PaymentDeclined: (402, "payment_declined"),
    PaymentGatewayBroken: (502, "payment_gateway_broken"),
    PaymentUnavailable: (503, "payment_unavailable"),
    PaymentTimedOut: (504, "payment_timed_out"),
}


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    status, code = HTTP_STATUS.get(type(exc), (500, "internal_server_error"))
    return error_body(status, code, str(exc))


# exercise: end


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(settings_from_env())  # the same settings as the CLI's
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024  # an order is under 400 bytes: more is a 413
    app.config.update(config or {})
    app.extensions["checkout"] = Container(app.config)
    app.register_blueprint(bp, url_prefix="/api")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return error_body(exc.code, exc.name.lower().replace(" ", "_"), exc.description)

    return app
