"""Conditional requests (RFC 9110, section 13) with Werkzeug's own ETag helpers.

- GET and HEAD of an order carry its ETag ("v3"); `If-None-Match: "v3"` gets a 304 and no body.
- PUT must say which version it replaces (`If-Match: "v3"`): without it, 428 Precondition
  Required; with an older one, 412 Precondition Failed. A client that read the order before
  someone else changed it cannot overwrite that change without seeing it: no lost update.
- DELETE may send If-Match too (412 when stale); it is not required.
"""

from flask import jsonify, request
from models import Order
from werkzeug.exceptions import PreconditionRequired


def etag_of(order: Order) -> str:
    """The order's entity tag, unquoted: werkzeug quotes it in the header (`ETag: "v3"`)."""
    return f"v{order.version}"


def represent(order: Order):
    """The order as JSON with its ETag; for a GET or a HEAD, a 304 if the client has it already."""
    # exercise: start - response.set_etag(etag_of(order)), then response.make_conditional(request)
    response = jsonify(order.to_json())
    response.set_etag(etag_of(order))  # strong: the bytes change whenever the version does
    return response.make_conditional(request)  # If-None-Match (304); does nothing for a PUT
    # exercise: end


def copy_is_current(order: Order, *, required: bool) -> bool:
    """Whether the client's If-Match names the order's current version. No If-Match: a 428
    when `required`, else True (the client did not ask for a check)."""
    # exercise: start - no request.if_match: 428 if required; else request.if_match.contains(etag)
    if not request.if_match:
        if required:
            raise PreconditionRequired(
                f'send If-Match with the ETag of the order you read (If-Match: "{etag_of(order)}")'
            )
        return True
    return request.if_match.contains(etag_of(order))  # strong comparison; `*` matches any order
    # exercise: end
