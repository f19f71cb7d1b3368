"""A shop's customer data under the GDPR: consent history, export, erasure, retention purge."""

import os
import re

from flask import Flask

from .api import bp
from .commands import init_db_command, purge_command
from .errors import register_error_handlers
from .models import db


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        # DATABASE_URL is libpq's form (postgresql://...); SQLAlchemy wants postgresql+psycopg://
        SQLALCHEMY_DATABASE_URI=re.sub(
            r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", "")
        ),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": {"connect_timeout": 3}},
        POLICY_VERSION="2026-11",  # the privacy policy a consent given now refers to
        LOCK_TIMEOUT_MS=2_000,  # how long an erasure or an order waits for the user's row
        MAX_CONTENT_LENGTH=4 * 1024,  # the largest body here is a user of about 400 bytes
    )
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    db.init_app(app)
    app.register_blueprint(bp, url_prefix="/api")
    register_error_handlers(app)
    app.cli.add_command(init_db_command)
    app.cli.add_command(purge_command)
    return app
