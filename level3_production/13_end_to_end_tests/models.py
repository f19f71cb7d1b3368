"""The user table, and the `flask init-db` command that creates it."""

import secrets

import click
from extensions import db
from flask.cli import with_appcontext
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column


def new_session_token():
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):  # UserMixin gives is_authenticated, ...
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)  # two registrations: one wins
    password_hash: Mapped[str] = mapped_column(String(255))  # never the password itself
    # What the session and remember-me cookies hold. A new one on logout makes old copies useless.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)

    def get_id(self):
        return self.session_token


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(String(200))


@click.command("init-db")
@with_appcontext  # `flask init-db` has one already; the tests' CLI runner needs this
def init_db_command():
    """Create the tables, empty (existing ones are dropped first)."""
    db.drop_all()
    db.create_all()
    click.echo("Initialized the database.")
