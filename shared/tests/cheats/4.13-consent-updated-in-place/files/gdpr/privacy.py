"""The GDPR operations, usable from a view, a CLI command or a worker: each works inside the
caller's transaction; the caller commits."""

import re
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import distinct_on

from .errors import ApiError
from .models import AuditEntry, ConsentEvent, Order, User, db

ERASED_NAME = "erased user"
ACTOR = re.compile(r"[a-z0-9._-]{1,40}")  # a role or a staff handle, never an email


def locked_user(user_id):
    """The user's row, locked FOR UPDATE until the transaction ends; 404 if there is none.

    An erasure and an order for the same user both take this lock first, so one waits for the
    other: an order is never written with the name the erasure has just removed."""
    db.session.execute(
        select(
            func.set_config("lock_timeout", f"{int(current_app.config['LOCK_TIMEOUT_MS'])}ms", True)
        )
    )
    # exercise: start - lock the user's row with SELECT ... FOR UPDATE (with_for_update)
    user = db.session.scalars(select(User).where(User.id == user_id).with_for_update()).first()
    # exercise: end
    if user is None:
        raise ApiError(404, "not_found", "no such user")
    return user


def record_consent(user, purpose, granted):
    """Give or withdraw a consent: always a new event, stamped with its time and policy version."""
    # exercise: start - add a new ConsentEvent (purpose, granted, POLICY_VERSION): never update one
    consent = current_consents(user.id).get(purpose)
    if consent is None:
        consent = ConsentEvent(user_id=user.id, purpose=purpose)
        db.session.add(consent)
    consent.granted = granted
    consent.policy_version = current_app.config["POLICY_VERSION"]
    # exercise: end
    db.session.flush()  # the id and the time, from the database
    return consent


def current_consents(user_id):
    """{purpose: the latest event for it}: the state is computed from the history, not stored."""
    latest = (
        select(ConsentEvent)
        .where(ConsentEvent.user_id == user_id)
        .ext(distinct_on(ConsentEvent.purpose))
        .order_by(ConsentEvent.purpose, ConsentEvent.id.desc())
    )
    return {event.purpose: event for event in db.session.scalars(latest)}


def tables_referencing_users():
    """[(table, column)] for every table of the models with a foreign key to users.id."""
    found = []
    # exercise: start - find them in db.metadata: each table's foreign_keys whose column is users.id
    for table in db.metadata.sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column is User.__table__.c.id:
                found.append((table, foreign_key.parent))
    # exercise: end
    return found


def plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def rows_of(table, where):
    query = select(table).where(where).order_by(*table.primary_key.columns)
    return [{k: plain(v) for k, v in row.items()} for row in db.session.execute(query).mappings()]


def export(user_id):
    """Everything held about a user: the users row, and every row of every table pointing at it."""
    users = User.__table__
    profile = rows_of(users, users.c.id == user_id)
    if not profile:
        raise ApiError(404, "not_found", "no such user")
    data = {"users": profile}
    for table, column in tables_referencing_users():
        data.setdefault(table.name, []).extend(rows_of(table, column == user_id))
    return data


def anonymise(user):
    """Replace the user's personal data everywhere by values that say nothing about them.

    Random, not derived from the email: a hash of an email can be found again by hashing
    candidate emails. The rows stay, so foreign keys and totals stay valid."""
    # exercise: start - random pseudonyms (secrets), the name and the orders' ship_to overwritten
    user.email = f"erased-{secrets.token_hex(16)}@invalid"
    user.name = ERASED_NAME
    user.erased_at = func.now()
    db.session.execute(update(Order).where(Order.user_id == user.id).values(ship_to=ERASED_NAME))
    # exercise: end


def audit(action, actor, count, criteria):
    db.session.add(AuditEntry(action=action, actor=actor, count=count, criteria=criteria))


def erase(user_id, actor):
    """Erase one user (idempotent: an erased user is left as is, with no second audit entry)."""
    user = locked_user(user_id)
    if user.erased_at is not None:
        return False
    anonymise(user)
    audit("erase", actor, 1, "request")
    return True


def purge(older_than_days, actor, dry_run=False):
    """Anonymise every account not seen for more than `older_than_days`; returns how many.

    A re-run finds nothing more to do (erased accounts are skipped), and records that it ran."""
    cutoff = func.now() - timedelta(days=older_than_days)
    # exercise: start - lock stale unerased users; dry run: count; else anonymise, audit
    stale = db.session.scalars(
        select(User)
        .where(User.last_seen_at < cutoff, User.erased_at.is_(None))
        .order_by(User.id)
        .with_for_update()
    ).all()
    if dry_run:
        return len(stale)
    for user in stale:
        anonymise(user)
    audit("purge", actor, len(stale), f"inactive > {older_than_days} days")
    # exercise: end
    return len(stale)
