from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Account(db.Model):
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40), unique=True)
    # Money in integer cents, never floats; the database itself refuses an overdraft.
    balance_cents: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (CheckConstraint("balance_cents >= 0", name="balance_not_negative"),)


class Transfer(db.Model):
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)  # an idempotency key
    from_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    to_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)
