"""Is the stack up? GET /stack tries every server the tests would use, as your shell names them.

After `docker compose up -d` and `set -a && . ./.env`, run this app: each variable of .env that is
set is tried with a real round trip (PostgreSQL `SELECT 1`, Redis `PING`, an AMQP connection),
each in at most 2 s. 200 when every one answers, 503 (with the one that does not) otherwise.
"""

import os
import socket
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, jsonify
from stack import variables_the_tests_read

TIMEOUT = 2  # seconds per server


def ping(url: str) -> None:
    """One round trip to the server `url` names; raises if it does not answer in TIMEOUT s."""
    scheme = urlsplit(url).scheme
    if scheme.startswith("postgres"):
        import psycopg

        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=TIMEOUT) as conn:
            conn.execute("SELECT 1")
    elif scheme in ("redis", "rediss"):
        import redis

        with redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT) as r:
            r.ping()
    elif scheme.startswith("amqp"):
        from kombu import Connection

        with Connection(url, connect_timeout=TIMEOUT) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=TIMEOUT
            )
    else:  # host:port (KAFKA_BOOTSTRAP_SERVERS): the port accepts a connection
        where = urlsplit(f"tcp://{url.split(',')[0]}")
        socket.create_connection((where.hostname, where.port), timeout=TIMEOUT).close()


def server(variable: str) -> dict:
    url = os.environ.get(variable)
    if not url:
        return {"variable": variable, "up": None, "note": "not set: the tests start their own"}
    where = urlsplit(url if "://" in url else f"tcp://{url.split(',')[0]}")
    address = f"{where.hostname}:{where.port}" if where.hostname else "a Unix socket"
    shown = {"variable": variable, "server": address}  # never the user nor the password
    try:
        ping(url)
    except Exception as exc:  # any failure to answer is the answer: down, and why
        return {**shown, "up": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
    return {**shown, "up": True}


bp = Blueprint("stack", __name__)


@bp.get("/stack")
def stack():
    servers = [server(name) for name in current_app.config["STACK_VARIABLES"]]
    ready = all(entry["up"] is not False for entry in servers)  # None: not set, not down
    return jsonify(ready=ready, servers=servers), 200 if ready else 503


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(STACK_VARIABLES=sorted(variables_the_tests_read()))
    if config:
        app.config.update(config)
    app.register_blueprint(bp)
    return app
