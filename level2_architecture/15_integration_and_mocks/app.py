"""Currency conversions: each one is stored in PostgreSQL, with a rate from an external HTTP API."""

import os
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from exchange_rates import RatesClient, RatesError
from flask import Flask, current_app, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Numeric, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

CURRENCIES = {"CHF", "EUR", "GBP", "JPY", "USD"}
CENT = Decimal("0.01")


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Conversion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    base: Mapped[str] = mapped_column(String(3))
    target: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    result: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    rate_date: Mapped[date]

    def to_json(self):
        return {
            "id": self.id,
            "amount": str(self.amount),
            "from": self.base,
            "to": self.target,
            "rate": str(self.rate),
            "result": str(self.result),
            "rate_date": self.rate_date.isoformat(),
        }


def validate(data):
    """Return (amount, base, target), or raise ValueError with a message for the client."""
    if not isinstance(data, dict):
        raise ValueError("Send a JSON object.")
    base, target, raw = data.get("from"), data.get("to"), data.get("amount")
    if base not in CURRENCIES or target not in CURRENCIES:
        raise ValueError(f"from and to must be one of {', '.join(sorted(CURRENCIES))}.")
    if base == target:
        raise ValueError("from and to must be different currencies.")
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError("amount must be a number.")
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        raise ValueError("amount must be a number.") from None
    if not amount.is_finite() or not 0 < amount <= 1_000_000_000 or amount != amount.quantize(CENT):
        raise ValueError("amount must be above 0, at most 1000000000, with 2 decimals at most.")
    return amount, base, target


def create_app(test_config=None):
    app = Flask(__name__)
    app.json.sort_keys = False
    # DATABASE_URL may be postgresql://... (libpq form); SQLAlchemy wants postgresql+psycopg://
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", ""))
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["RATES_API_URL"] = os.environ.get("RATES_API_URL", "https://api.frankfurter.dev/v1")
    app.config["RATES_TIMEOUT"] = 3.0
    if test_config:
        app.config.update(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError("Set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    db.init_app(app)
    # One client object per app: the one place tests can swap (app.extensions["rates"]).
    app.extensions["rates"] = RatesClient(app.config["RATES_API_URL"], app.config["RATES_TIMEOUT"])
    with app.app_context():
        db.create_all()

    @app.errorhandler(RatesError)
    def rates_failed(error):
        return jsonify(error=error.message), error.status

    @app.post("/conversions")
    def convert():
        try:
            amount, base, target = validate(request.get_json(silent=True))
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

    @app.get("/conversions")
    def list_conversions():
        conversions = db.session.scalars(select(Conversion).order_by(Conversion.id))
        return jsonify([c.to_json() for c in conversions])

    return app
