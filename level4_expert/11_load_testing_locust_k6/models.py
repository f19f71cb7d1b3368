"""The shop's tables: products (the catalogue), users, and orders with their lines."""

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Product(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(db.String(80), unique=True)
    price_cents: Mapped[int]

    def to_dict(self):
        return {"id": self.id, "name": self.name, "price_cents": self.price_cents}


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(db.String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(db.String(200))


class Order(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    total_cents: Mapped[int]
    lines: Mapped[list["OrderLine"]] = relationship(cascade="all, delete-orphan")

    def to_dict(self):
        return {
            "id": self.id,
            "total_cents": self.total_cents,
            "items": [{"product_id": ln.product_id, "quantity": ln.quantity} for ln in self.lines],
        }


class OrderLine(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int]
