"""OrderRepository on PostgreSQL through SQLAlchemy: the same contract as memory.py.

SQLAlchemy stays in this module. A row becomes domain objects on the way out (so a corrupt row
fails loudly, as InvalidValue, instead of travelling on), and a duplicate key becomes the
domain's DuplicateOrder: no IntegrityError crosses the port.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Engine,
    MetaData,
    String,
    Table,
    Uuid,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import MAX_EMAIL, DuplicateOrder, Email, Money, Order, OrderId

metadata = MetaData()
orders = Table(
    "orders",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("customer", String(MAX_EMAIL), nullable=False),
    Column("total_cents", BigInteger, CheckConstraint("total_cents > 0"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("payment", String(64), nullable=False),
)


def create_tables(engine: Engine) -> None:
    metadata.drop_all(engine)
    metadata.create_all(engine)


class SqlOrderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        try:
            yield
            self.session.commit()
        except BaseException:
            self.session.rollback()
            raise

    def add(self, order: Order) -> None:
        row = {
            "id": uuid.UUID(order.id.value),
            "customer": order.customer.value,
            "total_cents": order.total.cents,
            "currency": order.total.currency,
            "payment": order.payment,
        }
        try:
            with self.session.begin_nested():  # a SAVEPOINT: the failure undoes only this insert
                self.session.execute(insert(orders).values(row))
        except IntegrityError as exc:
            if getattr(exc.orig.diag, "constraint_name", None) == "orders_pkey":
                raise DuplicateOrder(f"order {order.id} exists") from None
            raise

    def get(self, order_id: OrderId) -> Order | None:
        query = select(orders).where(orders.c.id == uuid.UUID(order_id.value))
        row = self.session.execute(query).one_or_none()
        if row is None:
            return None
        return Order(
            OrderId(str(row.id)),
            Email(row.customer),
            Money(row.total_cents, row.currency),
            payment=row.payment,
        )
