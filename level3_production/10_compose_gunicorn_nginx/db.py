"""PostgreSQL (psycopg) and Redis connections, and `flask init-db`, which compose's `migrate`
service runs once before the app starts."""

import click
import psycopg
import redis
from flask import current_app, g
from flask.cli import with_appcontext

SCHEMA = """
CREATE TABLE IF NOT EXISTS visit (
    id bigserial PRIMARY KEY,
    path text NOT NULL CHECK (length(path) <= 200),
    at timestamptz NOT NULL DEFAULT now()
)
"""


def connection():
    if "db" not in g:
        g.db = psycopg.connect(current_app.config["DATABASE_URL"], connect_timeout=3)
    return g.db


def cache():
    if "redis" not in g:
        g.redis = redis.Redis.from_url(
            current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2
        )
    return g.redis


def close(_error=None):
    if (conn := g.pop("db", None)) is not None:
        conn.close()
    if (client := g.pop("redis", None)) is not None:
        client.close()


@click.command("init-db")
@with_appcontext
def init_db():
    """Create the tables (idempotent: run it on every deploy)."""
    with psycopg.connect(current_app.config["DATABASE_URL"], connect_timeout=5) as conn:
        conn.execute(SCHEMA)
    click.echo("database ready")


def init_app(app):
    app.teardown_appcontext(close)
    app.cli.add_command(init_db)
