"""One readiness check per dependency. Each returns "ok" or why not."""

import psycopg
import redis


def check_postgres(url, timeout):
    # exercise: start - connect with connect_timeout and a statement_timeout, then SELECT 1
    try:
        with psycopg.connect(url) as conn:
            conn.execute("SELECT 1").fetchone()
    except psycopg.OperationalError:
        return "unreachable"
    # exercise: end
    return "ok"


def check_redis(url, timeout):
    # exercise: start - PING with socket_connect_timeout and socket_timeout
    client = redis.Redis.from_url(url)
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
