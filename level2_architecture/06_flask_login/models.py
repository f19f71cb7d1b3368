"""The user table, and the `flask init-db` command that creates it."""

import click
from extensions import db
from flask.cli import with_appcontext
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class User(UserMixin, db.Model):  # UserMixin gives is_authenticated, get_id(), ...
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # never the password itself


@click.command("init-db")
@with_appcontext  # `flask init-db` has one already; the tests' CLI runner needs this
def init_db_command():
    """Create the tables, empty (existing ones are dropped first)."""
    db.drop_all()
    db.create_all()
    click.echo("Initialized the database.")
