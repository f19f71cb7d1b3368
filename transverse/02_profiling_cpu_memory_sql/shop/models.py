from datetime import date

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

db = SQLAlchemy()


class Customer(db.Model):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class Order(db.Model):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    placed_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    # Lazy (the default): `order.customer` sends its own SELECT the first time it is read.
    customer: Mapped[Customer] = relationship()
    # exercise: start - index placed_on, the column the report filters on
    __table_args__ = (Index("ix_orders_placed_on", "placed_on"),)
    # exercise: end
