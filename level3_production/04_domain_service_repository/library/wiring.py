"""The one place that knows every layer: which repository the service gets (config STORAGE).

    STORAGE = "sql"      SqlBookRepository on DATABASE_URL, one session per request
    STORAGE = "memory"   InMemoryBookRepository, shared by the app's requests (gone on restart)

Views ask for `current_app.extensions["library"]()` and never learn which one it is.
"""

from __future__ import annotations

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from .memory import InMemoryBookRepository
from .service import LibraryService
from .sql import SqlBookRepository, create_tables


def sqlalchemy_url(url: str) -> str:
    """DATABASE_URL is libpq's form (postgresql://...); SQLAlchemy wants postgresql+psycopg://."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def init_app(app: Flask) -> None:
    if app.config["STORAGE"] not in ("sql", "memory"):
        raise ValueError(f"STORAGE must be 'sql' or 'memory', not {app.config['STORAGE']!r}")
    if app.config["STORAGE"] == "memory":
        books = InMemoryBookRepository()
        app.extensions["library"] = lambda: LibraryService(books)
        return
    if not app.config["DATABASE_URL"]:
        raise RuntimeError("set DATABASE_URL (postgresql://...), or STORAGE=memory")
    engine = create_engine(
        sqlalchemy_url(app.config["DATABASE_URL"]), pool_size=10, max_overflow=0, pool_timeout=10
    )
    app.extensions["library.engine"] = engine

    def sql_service() -> LibraryService:
        if "db_session" not in g:
            g.db_session = Session(engine)
        return LibraryService(SqlBookRepository(g.db_session))

    app.extensions["library"] = sql_service
    app.teardown_appcontext(close_session)
    app.cli.add_command(init_db_command)


def close_session(exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back whatever was not committed, returns the connection


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Drop and create the book, member and loan tables."""
    create_tables(current_app.extensions["library.engine"])
    click.echo("Initialised the database.")
