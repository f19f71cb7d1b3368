"""The app of the compose stack: visits stored in PostgreSQL, counted in Redis.

create_app() only wires: the config (from the environment compose sets), ProxyFix (nginx stands
in front), the database teardown and the `init-db` command, the blueprint, one error shape.
"""

import os

import db
from flask import Flask
from views import bp, http_error
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(
        # compose's service names are the hosts: `postgres`, `redis`.
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgresql://app@postgres:5432/app"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://redis:6379/0"),
        REDIS_PREFIX=os.environ.get("REDIS_PREFIX", "visits:"),
    )
    if config is not None:
        app.config.update(config)
    # One proxy (our nginx) stands in front: trust its X-Forwarded-For, -Proto and -Host.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    db.init_app(app)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, http_error)
    return app
