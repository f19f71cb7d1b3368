"""One readiness check per dependency. Each returns "ok" or why not, and never waits long."""

import math

import psycopg
import redis


def check_postgres(url, timeout):
    # exercise: start - connect with connect_timeout and a statement_timeout, then SELECT 1
    try:
        with psycopg.connect(
            url,
            connect_timeout=max(2, math.ceil(timeout)),  # libpq: whole seconds, at least 2
            options=f"-c statement_timeout={int(timeout * 1000)}",
        ) as conn:
            conn.execute("SELECT 1").fetchone()
    except psycopg.errors.QueryCanceled:
        return "timeout"
    except psycopg.OperationalError as exc:
        return "timeout" if "timeout" in str(exc).lower() else "unreachable"
    # exercise: end
    return "ok"


def check_redis(url, timeout):
    # exercise: start - PING with socket_connect_timeout and socket_timeout
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        client.ping()
    except redis.TimeoutError:
        return "timeout"
    except redis.ConnectionError:
        return "unreachable"
    finally:
        client.close()
    # exercise: end
    return "ok"


# Each dependency: its check, and the config key holding its URL.
CHECKS = {"postgres": (check_postgres, "DATABASE_URL"), "redis": (check_redis, "REDIS_URL")}
