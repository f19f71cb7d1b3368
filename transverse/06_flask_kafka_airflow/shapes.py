"""What the API accepts, checked before anything is published or stored.

order = check_order({"product": "green-tea", "quantity": 2})   # or InvalidBody
batch = check_batch({"batch": "orders:0@0-2", "totals": {...}, "orders": 3, "skipped": 0})
"""

import json
import re

# ASCII only: a clean Kafka key and SQL value, no NUL, no lone surrogate, no look-alike digits.
PRODUCT = re.compile(r"[a-z0-9][a-z0-9-]{0,39}", re.ASCII)
BATCH = re.compile(
    r"[A-Za-z0-9._-]{1,100}:\d{1,4}@\d{1,19}-\d{1,19}(,\d{1,4}@\d{1,19}-\d{1,19}){0,99}"
)
MAX_QUANTITY = 1000
MAX_COUNT = 10**9  # far beyond a batch, far below SQLite's 2^63
ORDER = 'send {"product": name, "quantity": 1..1000}; a name is 1 to 40 of a-z 0-9 -'
TOTALS = 'send {"batch": id, "totals": {product: quantity}, "orders": n, "skipped": n}'


class InvalidBody(ValueError):
    """Not what the endpoint takes: a 400, and nothing happens."""


def parse_json(data: bytes):
    try:  # the body is at most MAX_CONTENT_LENGTH bytes (a 413 beyond)
        return json.loads(data)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a 5000-digit number, [[[[...
        raise InvalidBody("the body is not valid JSON") from None


def count(value, low=0, high=MAX_COUNT) -> bool:
    return type(value) is int and low <= value <= high  # `type is`: True is no int here


def check_order(body) -> dict:
    if not isinstance(body, dict) or sorted(body) != ["product", "quantity"]:
        raise InvalidBody(ORDER)
    if not isinstance(body["product"], str) or not PRODUCT.fullmatch(body["product"]):
        raise InvalidBody(f"product: {ORDER}")
    if not count(body["quantity"], 1, MAX_QUANTITY):
        raise InvalidBody(f"quantity: {ORDER}")
    return {"product": body["product"], "quantity": body["quantity"]}


def check_batch(body) -> dict:
    if not isinstance(body, dict) or sorted(body) != ["batch", "orders", "skipped", "totals"]:
        raise InvalidBody(TOTALS)
    if not isinstance(body["batch"], str) or not BATCH.fullmatch(body["batch"]):
        raise InvalidBody(f"batch: {TOTALS}")
    totals = body["totals"]
    if not isinstance(totals, dict) or not all(
        PRODUCT.fullmatch(name) and count(quantity, 1) for name, quantity in totals.items()
    ):
        raise InvalidBody(f"totals: {TOTALS}")
    if not count(body["orders"]) or not count(body["skipped"]):
        raise InvalidBody(f"orders, skipped: {TOTALS}")
    return {name: body[name] for name in ("batch", "totals", "orders", "skipped")}
