"""The views: each one asks a flag and behaves accordingly; /flags shows what this worker sees."""

import os

from flags import details, evaluate
from flask import Blueprint, Flask, abort, current_app
from werkzeug.exceptions import HTTPException

shop = Blueprint("shop", __name__)

# The value each flag falls back to in code when the flag store cannot answer. The kill switch
# fails open (keep selling if the file is lost); the rollout fails closed (the classic checkout).
DEFAULTS = {
    "orders-enabled": True,
    "new-checkout": False,
    "banner": "Hello",
    "checkout-limits": {"max_items": 10, "express": False},
}


@shop.get("/shop")
def home():
    return {
        "banner": evaluate("banner", DEFAULTS["banner"]),
        "checkout": "new" if evaluate("new-checkout", DEFAULTS["new-checkout"]) else "classic",
        "limits": evaluate("checkout-limits", DEFAULTS["checkout-limits"]),
    }


@shop.post("/orders")
def place_order():
    if not evaluate("orders-enabled", DEFAULTS["orders-enabled"]):
        abort(503, "orders are paused, try again later")
    return {"order": "accepted"}, 201


@shop.get("/flags")
def flags():
    """Every flag as this worker evaluates it for this user, with the reason (debugging aid)."""
    client = current_app.extensions["flags"]
    shown = {}
    for key, default in DEFAULTS.items():
        result = details(key, default)
        shown[key] = {
            "value": result.value,
            "variant": result.variant,
            "reason": result.reason,
            "error": result.error_code and result.error_code.value,
        }
    return {"pid": os.getpid(), "provider": client.get_provider_status().value, "flags": shown}


def register_error_handler(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def json_error(exc: HTTPException):
        return {"error": {"status": exc.code, "message": exc.description}}, exc.code
