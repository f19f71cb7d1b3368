"""The tables: the orders, and the idempotency keys that POST requests have used."""

from typing import ClassVar

import click
from flask.cli import with_appcontext
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Order(db.Model):
    # An id is never given twice, even after a DELETE: nor is an ETag ("v1" of order 3).
    __table_args__: ClassVar = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    product: Mapped[str] = mapped_column(String(100))  # orders.check_order reads this length
    quantity: Mapped[int]
    # SQLAlchemy bumps it on every UPDATE, which it sends as `... WHERE id = ? AND version = ?`:
    # a change made in between matches no row (StaleDataError), and is never overwritten.
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__: ClassVar = {"version_id_col": version}

    def fields(self) -> dict:
        return {"product": self.product, "quantity": self.quantity}

    def to_json(self) -> dict:
        return {"id": self.id, **self.fields()}


class IdempotencyKey(db.Model):
    """One POST that succeeded, by (scope, key): what it was sent, and what it was answered."""

    __tablename__ = "idempotency_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(200))  # "POST /api/v1/orders client-a"
    key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the request's JSON
    created_at: Mapped[float] = mapped_column(index=True)  # time.time(): the TTL counts from it
    status: Mapped[int | None]  # the first response, replayed to every retry
    body: Mapped[str | None]
    location: Mapped[str | None] = mapped_column(String(200))
    # exercise: start - a unique constraint on (scope, key): the database, not Python, decides
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_scope_key"),)
    # exercise: end


@click.command("init-db")
@with_appcontext  # `flask init-db` has one already; the tests' CLI runner needs this
def init_db_command():
    """Create the tables afresh (dropping the old ones), empty."""
    db.drop_all()
    db.create_all()
    click.echo("Initialized the database.")
