"""`Idempotency-Key` on POST (draft-ietf-httpapi-idempotency-key-header): a client that did not
get its answer (a timeout, a dropped connection) sends the same POST again with the same key,
and gets the first answer back instead of a second order.

    POST /api/v1/orders   Idempotency-Key: 3f1c...   ->  201, Location: /api/v1/orders/7
    the same again                                   ->  201, the same body and Location,
                                                         Idempotent-Replayed: true; no new order

- The key is required on POST (400 without it), 1 to 64 characters of [A-Za-z0-9_.:-]: a UUID
  fits. The draft sends it as a quoted string (`"3f1c..."`): both forms are read.
- It is scoped: to the method, the path, and the client (here the X-Client-ID header; behind
  authentication, use the account). Two clients may pick the same key without meeting.
- The same key with another body is a client bug: 422, and nothing happens.
- A key is remembered for IDEMPOTENCY_KEY_TTL seconds (24 hours); after that it is forgotten,
  and may be used again for a new order.
- Only a success is remembered: a request refused (400, 415, 422) can be fixed and sent again
  with the same key.

Two requests with one key at the same moment (two workers, two threads): the key's row and the
order are inserted in one transaction, and the UNIQUE (scope, key) constraint lets only one of
them commit. The other's INSERT fails (it waited for the first to commit), and it replays.
"""

import functools
import hashlib
import json
import re
import time

from errors import ValidationError
from flask import current_app, request
from models import IdempotencyKey, db
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import BadRequest, Conflict

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"  # on a replayed answer, as Stripe does
KEY = re.compile(r'"?(?P<key>[A-Za-z0-9_.:-]{1,64})"?', re.ASCII)  # "..." or bare, 64 at most
CLIENT = re.compile(r"[A-Za-z0-9_.-]{1,64}", re.ASCII)


def key_of_request() -> str:
    raw = request.headers.get(HEADER)
    if raw is None:
        raise BadRequest(
            f"send an {HEADER} header (a UUID) with every POST, and the same one on a retry"
        )
    match = KEY.fullmatch(raw)
    if not match or raw.startswith('"') != raw.endswith('"'):
        raise BadRequest(f"{HEADER} must be 1 to 64 characters among A-Z a-z 0-9 _ . : -")
    return match["key"]


def scope_of_request() -> str:
    client = request.headers.get("X-Client-ID", "anonymous")
    if not CLIENT.fullmatch(client):
        raise BadRequest("X-Client-ID must be 1 to 64 characters among A-Z a-z 0-9 _ . -")
    return f"{request.method} {request.path} {client}"


def fingerprint_of(data) -> str:
    """The same JSON, whatever its spacing or key order, is the same request."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def replay(record: IdempotencyKey):
    response = current_app.response_class(record.body, record.status, mimetype="application/json")
    if record.location:
        response.headers["Location"] = record.location
    response.headers[REPLAYED] = "true"
    return response


def idempotent(read_body):
    """Decorator of a POST view: `read_body()` returns the request's JSON, checked (it raises
    for a bad one); the view adds its rows to db.session and returns its response, and this
    commits them with the key, or replays the key's first response."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key, scope = key_of_request(), scope_of_request()
            fingerprint = fingerprint_of(read_body())  # a bad body is refused before any key
            # exercise: start - insert the key, run the view, commit; IntegrityError: replay or 422
            expired = time.time() - current_app.config["IDEMPOTENCY_KEY_TTL"]
            db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < expired))
            record = IdempotencyKey(
                scope=scope, key=key, fingerprint=fingerprint, created_at=time.time()
            )
            db.session.add(record)
            try:
                db.session.flush()  # the INSERT: it waits for a transaction holding that key
            except IntegrityError:  # ... which has committed: the key is taken
                db.session.rollback()
                record = db.session.scalars(
                    select(IdempotencyKey).filter_by(scope=scope, key=key)
                ).one_or_none()
                if record is None:  # expired and purged in between: rare, and safe to resend
                    raise Conflict(f"{HEADER} {key} was just released: send it again") from None
                if record.fingerprint != fingerprint:
                    raise ValidationError(
                        f"{HEADER} {key} was already used with another body",
                        {HEADER: "already used with another body: use a new key"},
                    ) from None
                return replay(record)
            response = current_app.make_response(view(*args, **kwargs))
            record.status, record.body = response.status_code, response.get_data(as_text=True)
            record.location = response.headers.get("Location")
            db.session.commit()  # the order and its key, together or not at all
            return response
            # exercise: end

        return wrapper

    return decorator
