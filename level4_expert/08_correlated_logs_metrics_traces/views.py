"""The shop's API: a product, with its stock from the inventory service."""

import re

import requests
from flask import Blueprint, abort, current_app, jsonify
from inventory_client import fetch_stock
from telemetry import current_trace_id

bp = Blueprint("shop", __name__, url_prefix="/api")

SKU = re.compile(r"[a-z0-9-]{1,32}")
PRODUCTS = {"tea": {"name": "Green tea", "price": 4.5}, "cocoa": {"name": "Cocoa", "price": 6.0}}


@bp.get("/products/<sku>")
def product(sku):
    if not SKU.fullmatch(sku):
        abort(400, "sku: 1 to 32 of a-z, 0-9 and -")
    if sku not in PRODUCTS:
        abort(404, f"no product {sku!r}")
    log = current_app.logger
    try:
        response = fetch_stock(sku)
    except requests.Timeout:
        timeout = current_app.config["INVENTORY_TIMEOUT"]
        log.error("inventory timed out", extra={"sku": sku, "timeout_s": timeout})
        return unavailable(504, f"the inventory did not answer within {timeout} s")
    except requests.RequestException as exc:
        log.error("inventory unreachable", extra={"sku": sku, "error": type(exc).__name__})
        return unavailable(503, "the inventory is unreachable")
    if response.status_code != 200:
        log.error("inventory failed", extra={"sku": sku, "inventory_status": response.status_code})
        return unavailable(502, f"the inventory answered {response.status_code}")
    return jsonify(sku=sku, **PRODUCTS[sku], stock=response.json()["stock"])


def unavailable(status, message):
    """The error shape of a failed dependency: what failed, and the trace id to look it up by."""
    return jsonify(error=message, status=status, trace_id=current_trace_id()), status
