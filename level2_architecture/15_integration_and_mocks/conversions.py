"""The API, in a blueprint: POST /conversions asks the rate service, then stores; GET lists."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask import Blueprint, current_app, jsonify, request
from models import Conversion, db
from sqlalchemy import select

bp = Blueprint("conversions", __name__)

CURRENCIES = {"CHF", "EUR", "GBP", "JPY", "USD"}
CENT = Decimal("0.01")


def validate(data):
    """Return (amount, base, target), or raise ValueError with a message for the client."""
    if not isinstance(data, dict):
        raise ValueError("Send a JSON object.")
    base, target, raw = data.get("from"), data.get("to"), data.get("amount")
    if base not in CURRENCIES or target not in CURRENCIES:
        raise ValueError(f"from and to must be one of {', '.join(sorted(CURRENCIES))}.")
    if base == target:
        raise ValueError("from and to must be different currencies.")
    # str(raw).isascii(): Decimal() also reads other scripts' digits, Decimal("٣") is 3
    if isinstance(raw, bool) or not isinstance(raw, int | float | str) or not str(raw).isascii():
        raise ValueError("amount must be a number.")
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        raise ValueError("amount must be a number.") from None
    if not amount.is_finite() or not 0 < amount <= 1_000_000_000 or amount != amount.quantize(CENT):
        raise ValueError("amount must be above 0, at most 1000000000, with 2 decimals at most.")
    return amount, base, target


def rates_failed(error):
    """The answer when the rate service failed us (create_app() registers it for RatesError)."""
    return jsonify(error=error.message), error.status


def body_too_large(error):
    """The answer when a body is over MAX_CONTENT_LENGTH (create_app() registers it for 413)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return jsonify(error=f"The request body is larger than {limit} bytes."), 413


@bp.post("/conversions")
def convert():
    if not request.is_json:
        return jsonify(error="Send JSON, with Content-Type: application/json."), 415
    try:
        data = request.get_json(silent=True)  # None when the body is not valid JSON
    except RecursionError:  # valid JSON nested thousands deep: silent=True lets it through
        data = None
    try:
        amount, base, target = validate(data)
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    rate, day = current_app.extensions["rates"].rate(base, target)  # may raise RatesError
    result = (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    conversion = Conversion(
        amount=amount, base=base, target=target, rate=rate, result=result, rate_date=day
    )
    db.session.add(conversion)
    db.session.commit()
    return jsonify(conversion.to_json()), 201


@bp.get("/conversions")
def list_conversions():
    conversions = db.session.scalars(select(Conversion).order_by(Conversion.id))
    return jsonify([c.to_json() for c in conversions])
