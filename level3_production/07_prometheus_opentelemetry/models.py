"""The one table, and the command that creates it."""

import click
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Order(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(db.String(40))
    quantity: Mapped[int]


@click.command("init-db")
def init_db_command():
    """Create the tables."""
    db.create_all()
    click.echo("Initialized the database.")
