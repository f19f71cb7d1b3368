"""An order's shape, checked twice: by the API before it publishes, by the worker after it reads
(another service, an old version of this one or a hand-typed message can write to the topic).

    order = check_body({"customer": "alice", "sku": "book-42", "quantity": 2})  # InvalidOrder
    order = decode(message.value())      # the worker: bytes -> a checked order, or InvalidOrder
"""

import json
import re

# ASCII only: a clean Kafka key and SQL value, no NUL, no lone surrogate, no look-alike digits.
NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}", re.ASCII)
ORDER_ID = re.compile(r"[0-9a-f]{32}", re.ASCII)  # uuid4().hex, set by the API
MAX_QUANTITY = 100
FIELDS = ("customer", "sku", "quantity")
SHAPE = 'send {"customer": name, "sku": name, "quantity": 1..100}; a name is 1 to 40 of a-z 0-9 -'


class InvalidOrder(ValueError):
    """Not an order: a 400 at the API, a poison message for the worker."""


def check_body(body) -> dict:
    """The client's JSON object, checked: exactly customer, sku and quantity."""
    if not isinstance(body, dict) or sorted(body) != sorted(FIELDS):
        raise InvalidOrder(SHAPE)
    for name in ("customer", "sku"):
        if not isinstance(body[name], str) or not NAME.fullmatch(body[name]):
            raise InvalidOrder(f"{name}: {SHAPE}")
    quantity = body["quantity"]
    if type(quantity) is not int or not 1 <= quantity <= MAX_QUANTITY:  # `is`: True is no int
        raise InvalidOrder(f"quantity: {SHAPE}")
    return {name: body[name] for name in FIELDS}


def check_order(data) -> dict:
    """An order as published: its id, then the body's fields."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise InvalidOrder("an order has an id")
    if not ORDER_ID.fullmatch(data["id"]):
        raise InvalidOrder("an order id is 32 hex digits")
    return {"id": data["id"], **check_body({k: v for k, v in data.items() if k != "id"})}


def decode(value: bytes | None) -> dict:
    """A message's value -> a checked order; InvalidOrder for anything else (a poison message)."""
    if not value:
        raise InvalidOrder("empty message")
    try:
        data = json.loads(value)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise InvalidOrder(f"not JSON: {str(exc)[:80]}") from None
    return check_order(data)


def encode(order: dict) -> bytes:
    return json.dumps(order, separators=(",", ":")).encode()
