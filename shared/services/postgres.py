"""PostgreSQL for tests and `serve`: the server DATABASE_URL names, else an embedded `pgserver`.

    with postgres_server() as server:              # the maintenance database of a server
        with fresh_database(server) as database:   # a new, empty database, dropped afterwards
            engine = create_engine(database.sqlalchemy_url)

`pgserver`, `psycopg` are imported only when a server is really asked for.
"""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from shared.services.registry import source


@dataclass(frozen=True)
class Postgres:
    """A PostgreSQL database: `url` for psycopg/libpq, `sqlalchemy_url` for SQLAlchemy."""

    url: str

    @property
    def sqlalchemy_url(self) -> str:
        return sqlalchemy_url(self.url)

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def sqlalchemy_url(url: str) -> str:
    """postgresql://... (or postgres://...) as SQLAlchemy's psycopg 3 dialect wants it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def postgres_from_env() -> str | None:
    return source("postgres").value


@contextlib.contextmanager
def postgres_server(data_dir: Path | None = None) -> Iterator[Postgres]:
    """The server to create databases on: the one the environment names, else an embedded one.

    The embedded server keeps its files in `data_dir` when given (a restart finds them again),
    else in a temp folder removed afterwards. It is stopped by pgserver, by its PID, at the end.
    """
    if url := postgres_from_env():
        yield Postgres(url.replace("postgresql+psycopg://", "postgresql://"))
        return
    import pgserver

    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pgdata-")))
        data_dir.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        try:
            yield Postgres(server.get_uri())
        finally:
            server.cleanup()


def create_database(server: Postgres, prefix: str = "flask_skills", name: str = "") -> Postgres:
    """A new, empty database on `server`, with a name no other run uses (or `name`, if it is not
    there yet: then an existing one is kept, with its rows)."""
    import psycopg

    name = name or f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return Postgres(with_database(server.url, name))


def drop_database(server: Postgres, database: Postgres) -> None:
    """Drop `database`, closing whatever connections are still open on it (PostgreSQL 13+)."""
    import psycopg

    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(server: Postgres) -> Iterator[Postgres]:
    database = create_database(server)
    try:
        yield database
    finally:
        drop_database(server, database)
