from datetime import datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DDL, BigInteger, CheckConstraint, DateTime, ForeignKey, String, event, func
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()

NOW = func.now()


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # personal data
    name: Mapped[str] = mapped_column(String(100))  # personal data
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=NOW)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=NOW)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ConsentEvent(db.Model):
    """One consent given or withdrawn: append-only, the latest event per purpose is the state."""

    __tablename__ = "consent_events"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    granted: Mapped[bool]
    policy_version: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


class Order(db.Model):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    total_cents: Mapped[int] = mapped_column(BigInteger)
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=NOW)
    ship_to: Mapped[str] = mapped_column(String(100))  # personal data: the name on the label
    __table_args__ = (CheckConstraint("total_cents >= 0", name="total_not_negative"),)


class AuditEntry(db.Model):
    """Who erased or purged, when, how many: never whose data (no user id, email or name)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    action: Mapped[str] = mapped_column(String(20))  # "erase" or "purge"
    actor: Mapped[str] = mapped_column(String(40))  # a role or staff handle, not a person's email
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=NOW)
    count: Mapped[int]  # accounts anonymised
    criteria: Mapped[str] = mapped_column(String(80))  # e.g. "inactive > 365 days"


# The database itself keeps the consent history append-only: UPDATE and DELETE are refused,
# whatever code (or person with psql) tries them. Created with the table by create_all().
event.listen(
    ConsentEvent.__table__,
    "after_create",
    DDL(
        "CREATE OR REPLACE FUNCTION consent_events_append_only() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ BEGIN"
        " RAISE EXCEPTION 'consent_events is append-only: write a new event instead'"
        " USING ERRCODE = 'restrict_violation';"
        " END $$;"
        " CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events"
        " FOR EACH ROW EXECUTE FUNCTION consent_events_append_only();"
    ),
)
