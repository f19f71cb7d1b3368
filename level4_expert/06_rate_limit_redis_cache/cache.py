"""Cache-aside on Redis, with a lock so that one request computes a missing value, not fifty.

value, how = get_or_compute("forecast:paris", lambda: slow_forecast("paris"))
# how: "hit" (from Redis), "miss" (computed here, then stored) or "bypass" (Redis is down)
"""

import json
import logging
import os
import time
import uuid

import redis
from flask import current_app

log = logging.getLogger(__name__)

# redis-py's options, for the cache and for the limiter's storage: give up after 0.2 s (a local
# Redis answers in a millisecond), and never retry: redis-py 6+ retries 3 times by default, with
# backoffs of up to 10 s, so one hung Redis would hold every request for seconds.
REDIS_OPTIONS = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "retry": None}

# Delete the lock only if it is still ours: after its expiry, another request may hold it.
RELEASE = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("del", KEYS[1])
end
return 0
"""


def init_cache(app):
    client = redis.Redis.from_url(app.config["REDIS_URL"], **REDIS_OPTIONS)
    app.extensions["redis"] = client
    app.extensions["release_lock"] = client.register_script(RELEASE)


def lock_token():
    """Who holds a lock: this process and a random part (the PID helps when you look in Redis)."""
    return f"{os.getpid()}:{uuid.uuid4().hex[:8]}"


def get_or_compute(key, compute):
    """The cached value of `key`, else compute() once for all: (value, "hit"|"miss"|"bypass")."""
    # exercise: start - fail open: on a redis.RedisError log a warning, return (compute(), "bypass")
    try:
        return cache_aside(key, compute)
    except redis.RedisError as exc:
        log.warning("cache unavailable, computing %s without it: %s", key, exc)
        return compute(), "bypass"
    # exercise: end


def cache_aside(key, compute):
    r = current_app.extensions["redis"]
    config = current_app.config
    release = current_app.extensions["release_lock"]
    lock, token = f"{key}:lock", lock_token()
    # exercise: start - loop: a hit returns; SET lock NX PX=LOCK_MS wins (look again); else poll
    while True:
        cached = r.get(key)
        if cached is not None:
            return json.loads(cached), "hit"
        if r.set(lock, token, nx=True, px=config["LOCK_MS"]):
            # Ours. Look once more: the last computer may have stored it and let go of the
            # lock between our GET and our SET. (Crash now? The lock expires after LOCK_MS.)
            cached = r.get(key)
            if cached is None:
                break  # compute it
            release(keys=[lock], args=[token])
            return json.loads(cached), "hit"
        time.sleep(config["POLL_SECONDS"])  # someone computes it: look again soon
    # exercise: end
    try:
        value = compute()
    except BaseException:
        release(keys=[lock], args=[token])  # let a waiter compute now, not after the expiry
        raise
    try:
        r.set(key, json.dumps(value), ex=config["CACHE_TTL"])
        release(keys=[lock], args=[token])
    except redis.RedisError as exc:  # Redis went away meanwhile: answer, computed once
        log.warning("cache unavailable, %s not stored: %s", key, exc)
    return value, "miss"
