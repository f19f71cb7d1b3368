from flask import Blueprint, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from . import privacy
from .errors import ApiError
from .models import AuditEntry, ConsentEvent, Order, User, db

bp = Blueprint("api", __name__)

MAX_BIGINT = 2**63 - 1
MAX_TOTAL_CENTS = 100_000_000  # one order of at most 1,000,000.00
PURPOSES = ("newsletter", "analytics", "partners")


def json_body():
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send application/json")
    try:
        body = request.get_json(silent=True)  # None for invalid JSON (or UTF-8)
    except RecursionError:  # nested deeper than Python's recursion limit, yet under the size cap
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "the body must be a JSON object")
    return body


def text_field(body, name, longest):
    value = body.get(name)
    # isprintable() refuses NUL, control characters and lone surrogates, which PostgreSQL's
    # UTF-8 cannot hold.
    if not isinstance(value, str) or not 1 <= len(value) <= longest or not value.isprintable():
        raise ApiError(400, "bad_request", f"{name} must be 1 to {longest} printable characters")
    return value


def user_id_or_404(user_id):
    if user_id > MAX_BIGINT:  # beyond BIGINT: no such row, and PostgreSQL would refuse it
        raise ApiError(404, "not_found", "no such user")
    return user_id


def live_user(user_id):
    """The user's row, locked; 410 once erased (there is nobody left to consent or to order)."""
    user = privacy.locked_user(user_id_or_404(user_id))
    if user.erased_at is not None:
        raise ApiError(410, "erased", "this user's data was erased")
    user.last_seen_at = func.now()
    return user


def consent_json(event):
    return {
        "purpose": event.purpose,
        "granted": event.granted,
        "policy_version": event.policy_version,
        "at": event.at.isoformat(),
    }


@bp.post("/users")
def create_user():
    body = json_body()
    email, name = text_field(body, "email", 254), text_field(body, "name", 100)
    if email.count("@") != 1 or email.startswith("@") or email.endswith("@"):
        raise ApiError(400, "bad_request", "email must look like name@domain")
    user = User(email=email, name=name)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, "duplicate_email", "a user with this email exists") from None
    return {"id": user.id}, 201


@bp.post("/users/<int:user_id>/consents")
def post_consent(user_id):
    body = json_body()
    purpose, granted = body.get("purpose"), body.get("granted")
    if purpose not in PURPOSES:
        raise ApiError(400, "bad_request", f"purpose must be one of {', '.join(PURPOSES)}")
    if not isinstance(granted, bool):
        raise ApiError(400, "bad_request", "granted must be true or false")
    event = privacy.record_consent(live_user(user_id), purpose, granted)
    db.session.commit()
    return consent_json(event), 201


@bp.get("/users/<int:user_id>/consents")
def get_consents(user_id):
    if db.session.get(User, user_id_or_404(user_id)) is None:
        raise ApiError(404, "not_found", "no such user")
    history = db.session.scalars(
        select(ConsentEvent).where(ConsentEvent.user_id == user_id).order_by(ConsentEvent.id)
    )
    current = privacy.current_consents(user_id)
    return {
        "current": {purpose: event.granted for purpose, event in sorted(current.items())},
        "history": [consent_json(event) for event in history],
    }


@bp.post("/users/<int:user_id>/orders")
def post_order(user_id):
    total = json_body().get("total_cents")
    if type(total) is not int or not 0 <= total <= MAX_TOTAL_CENTS:  # bool is an int: refused
        raise ApiError(
            400, "bad_request", f"total_cents must be an integer from 0 to {MAX_TOTAL_CENTS}"
        )
    user = live_user(user_id)
    order = Order(user_id=user.id, total_cents=total, ship_to=user.name)
    db.session.add(order)
    db.session.commit()
    return {"id": order.id, "total_cents": total}, 201


@bp.get("/users/<int:user_id>/export")
def get_export(user_id):
    return privacy.export(user_id_or_404(user_id))


@bp.post("/users/<int:user_id>/erase")
def post_erase(user_id):
    actor = request.headers.get("X-Actor", "api")
    if not privacy.ACTOR.fullmatch(actor):
        raise ApiError(400, "bad_request", "X-Actor must be 1 to 40 of a-z 0-9 . _ -")
    erased = privacy.erase(user_id_or_404(user_id), actor)
    db.session.commit()
    return {"id": user_id, "status": "erased" if erased else "already_erased"}


@bp.get("/stats/monthly")
def monthly_stats():
    """Orders per month: what the business keeps after an erasure, unchanged by it."""
    month = func.to_char(func.timezone("UTC", Order.placed_at), "YYYY-MM").label("month")
    rows = db.session.execute(
        select(month, func.count(), func.sum(Order.total_cents)).group_by(month).order_by(month)
    )
    return {
        "months": [{"month": m, "orders": n, "total_cents": int(total)} for m, n, total in rows]
    }


@bp.get("/audit")
def audit_log():
    """The erasures and purges: who, when, how many; nothing about whom."""
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return {
        "entries": [
            {"action": e.action, "actor": e.actor, "at": e.at.isoformat(), "count": e.count,
             "criteria": e.criteria}
            for e in entries
        ]
    }  # fmt: skip
