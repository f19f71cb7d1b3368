"""The conversions table, and the `flask init-db` command that creates it."""

from datetime import date
from decimal import Decimal

import click
from flask.cli import with_appcontext
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Conversion(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    base: Mapped[str] = mapped_column(String(3))
    target: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    result: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    rate_date: Mapped[date]

    def to_json(self):
        return {
            "id": self.id,
            "amount": str(self.amount),
            "from": self.base,
            "to": self.target,
            "rate": str(self.rate),
            "result": str(self.result),
            "rate_date": self.rate_date.isoformat(),
        }


@click.command("init-db")
@with_appcontext  # `flask init-db` has one already; the tests' CLI runner needs this
def init_db_command():
    """Create the tables that are missing; the rows already stored are kept."""
    db.create_all()
    click.echo("Initialized the database.")
