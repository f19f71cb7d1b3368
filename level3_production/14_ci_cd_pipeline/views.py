"""/healthz, and /api/visits: each visit is a row in PostgreSQL and one INCR in Redis."""

import click
import psycopg
import redis
from flask import Blueprint, current_app, jsonify
from flask.cli import with_appcontext

bp = Blueprint("visits", __name__)
TIMEOUT = 2  # seconds; libpq counts connect_timeout in whole seconds


def connect() -> psycopg.Connection:
    return psycopg.connect(current_app.config["DATABASE_URL"], connect_timeout=TIMEOUT)


def counter() -> redis.Redis:
    return redis.Redis.from_url(
        current_app.config["REDIS_URL"], socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
    )


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok", version=current_app.config["VERSION"])


@bp.post("/api/visits")
def add_visit():
    with connect() as db:  # commits when the block ends
        (visit_id,) = db.execute("INSERT INTO visit DEFAULT VALUES RETURNING id").fetchone()
    return jsonify(id=visit_id, counted=counter().incr("visits")), 201


@bp.get("/api/visits")
def count_visits():
    with connect() as db:
        (stored,) = db.execute("SELECT count(*) FROM visit").fetchone()
    return jsonify(stored=stored, counted=int(counter().get("visits") or 0))


@bp.app_errorhandler(psycopg.OperationalError)
@bp.app_errorhandler(redis.ConnectionError)
@bp.app_errorhandler(redis.TimeoutError)
def unavailable(error):
    current_app.logger.warning("a dependency is unavailable: %s", type(error).__name__)
    return jsonify(error="a dependency is unavailable, try again later", status=503), 503


def http_error(error):
    """Every HTTP error in the same JSON shape: {"error": "...", "status": 405}."""
    return jsonify(error=error.description, status=error.code), error.code


@click.command("init-db")
@with_appcontext
def init_db():
    """Create the visit table afresh, and reset the Redis counter with it."""
    with connect() as db:
        db.execute("DROP TABLE IF EXISTS visit")
        db.execute("CREATE TABLE visit (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())")
    counter().delete("visits")
    click.echo("Initialised the visit table.")
