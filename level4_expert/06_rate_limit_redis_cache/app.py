"""A rate limit shared by every worker (Flask-Limiter on Redis) and a cache-aside on Redis that
computes each missing value once, however many requests miss it at the same time.

    nox -s serve -- level4_expert/06_rate_limit_redis_cache

create_app() only wires: config, ProxyFix, the Redis client and the cache (cache.py), the
limiter (limiting.py), the blueprint (views.py) and the JSON errors.
"""

import logging
import os

from cache import init_cache
from flask import Flask
from limiting import init_limiter
from views import bp, served_by, too_many_requests
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(config=None):
    # Flask-Limiter logs to its own logger, which holds a NullHandler: with no handler on the
    # root logger, its "Swallowing error" records would vanish. (No-op if logging is set up.)
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    app = Flask(__name__)
    app.config.from_mapping(
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # Who may call: API key -> user name. Anyone else is limited by IP address.
        API_KEYS={"alice-dev-key": "alice", "bob-dev-key": "bob"},
        ANON_LIMIT="5 per minute",  # per IP address
        USER_LIMIT="10 per minute",  # per user (X-API-Key)
        # How many proxies in front of the app append to X-Forwarded-For (nginx: 1). 0 trusts
        # none: a client could write any address in that header.
        PROXY_HOPS=int(os.environ.get("PROXY_HOPS", "0")),
        SLOW_SECONDS=float(os.environ.get("SLOW_SECONDS", "0.5")),  # one forecast's computation
        CACHE_TTL=60,  # seconds a forecast stays cached
        # The stampede lock's expiry: how long a crashed computer blocks the key. Above the
        # computation's usual time, or two computations overlap.
        LOCK_MS=int(os.environ.get("LOCK_MS", "2000")),
        POLL_SECONDS=0.02,  # how often a waiter looks for the value
    )
    if config is not None:
        app.config.update(config)
    hops = app.config["PROXY_HOPS"]
    if hops:
        # exercise: start - ProxyFix trusting exactly PROXY_HOPS hops of X-Forwarded-For and -Proto
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
        # exercise: end
    init_cache(app)
    init_limiter(app)
    app.register_blueprint(bp)
    app.after_request(served_by)
    app.register_error_handler(429, too_many_requests)
    return app
