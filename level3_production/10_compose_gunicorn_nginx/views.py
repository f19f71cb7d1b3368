"""The views: /healthz (liveness), /readyz (compose's healthcheck), /whoami, /api/visits."""

import psycopg
import redis
from db import cache, connection
from flask import Blueprint, current_app, jsonify, request

bp = Blueprint("views", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness: the process answers. It touches no dependency (row 3.8)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """200 when PostgreSQL and Redis answer, else 503: compose's healthcheck waits on this."""
    checks = {}
    try:
        connection().execute("SELECT 1")
        checks["postgres"] = "ok"
    except psycopg.Error:
        checks["postgres"] = "down"
    try:
        cache().ping()
        checks["redis"] = "ok"
    except redis.RedisError:
        checks["redis"] = "down"
    ready = all(v == "ok" for v in checks.values())
    return jsonify(status="ready" if ready else "down", **checks), 200 if ready else 503


@bp.get("/whoami")
def whoami():
    """What the app believes about the request, once ProxyFix has read nginx's headers."""
    return jsonify(
        remote_addr=request.remote_addr,
        scheme=request.scheme,
        host=request.host,
        url=request.url,
        x_forwarded_for=request.headers.get("X-Forwarded-For"),
    )


@bp.post("/api/visits")
def add_visit():
    path = request.args.get("path", "/")
    if len(path) > 200 or "\x00" in path:
        return jsonify(error="path: at most 200 characters, no NUL", status=400), 400
    with connection().transaction():
        (visit_id,) = (
            connection()
            .execute("INSERT INTO visit (path) VALUES (%s) RETURNING id", (path,))
            .fetchone()
        )
    count = cache().incr(current_app.config["REDIS_PREFIX"] + "count")
    return jsonify(id=visit_id, count=count), 201


@bp.get("/api/visits")
def count_visits():
    (rows,) = connection().execute("SELECT count(*) FROM visit").fetchone()
    counted = cache().get(current_app.config["REDIS_PREFIX"] + "count")
    return jsonify(rows=rows, counted=int(counted or 0))


def http_error(error):
    """Every HTTP error in one JSON shape; nginx.conf answers its 502 and 504 in the same one."""
    return jsonify(error=error.description, status=error.code), error.code
