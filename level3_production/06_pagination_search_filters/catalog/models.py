from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, Boolean, Computed, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Product(db.Model):
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40), index=True)
    price_cents: Mapped[int] = mapped_column(Integer)
    in_stock: Mapped[bool] = mapped_column(Boolean)
    # Written by PostgreSQL itself on every INSERT and UPDATE: the words of the name (weight A)
    # and of the description (weight B), stemmed ("lamps" -> "lamp"), stop words dropped.
    search: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('english', name), 'A')"
            " || setweight(to_tsvector('english', description), 'B')",
            persisted=True,
        ),
        deferred=True,  # only searched, never sent: not loaded with the row
    )

    __table_args__ = (
        # The full-text index: `search @@ query` is answered from it, not by reading every row.
        Index("ix_product_search", "search", postgresql_using="gin"),
        # One per keyset sort: (value, id) is what the cursor compares, in that order.
        Index("ix_product_price_id", "price_cents", "id"),
        Index("ix_product_name_id", "name", "id"),
    )
