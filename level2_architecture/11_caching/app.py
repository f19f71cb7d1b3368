"""A simple cache with Flask-Caching on Redis: a cached view, a memoized function, invalidation.

    nox -s serve -- level2_architecture/11_caching

create_app() only wires things together: the cache (extensions.py), the slow catalogue and what
is cached around it (catalogue.py), and the views, in the blueprint of products.py.
"""

import os

from catalogue import Catalogue
from extensions import cache
from flask import Flask
from products import IdConverter, bp, not_found, too_large


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        # The backend is SafeRedisCache, found by its import path.
        CACHE_TYPE="extensions.SafeRedisCache",
        CACHE_REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX="shop:",  # every key this app writes starts with it
        CACHE_DEFAULT_TIMEOUT=300,
        # Give up quickly when Redis does not answer: a slow cache is worse than none.
        # (A local Redis answers in a millisecond; 0.25 s without an answer is a failure.)
        CACHE_OPTIONS={"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        CACHE_RETRY_AFTER=5,  # after a failure, seconds without asking Redis (extensions.py)
        SLOW_SECONDS=0.5,
        MAX_CONTENT_LENGTH=64 * 1024,  # a bigger body is a 413 before it is read
    )
    if config is not None:
        app.config.update(config)
    cache.init_app(app)
    app.extensions["catalogue"] = Catalogue(app.config["SLOW_SECONDS"])
    app.url_map.converters["id"] = IdConverter  # before the rules that use it
    app.register_blueprint(bp)
    app.register_error_handler(404, not_found)
    app.register_error_handler(413, too_large)
    return app
