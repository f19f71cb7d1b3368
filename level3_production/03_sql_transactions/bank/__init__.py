"""A tiny bank: accounts and transfers whose two writes commit together or not at all."""

import os
import re

from flask import Flask

from .commands import init_db_command
from .errors import register_error_handlers
from .models import db
from .transfers import bp


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        # DATABASE_URL is libpq's form (postgresql://...); SQLAlchemy wants postgresql+psycopg://
        SQLALCHEMY_DATABASE_URI=re.sub(
            r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", "")
        ),
        SQLALCHEMY_ENGINE_OPTIONS={
            "pool_pre_ping": True,  # a connection the server dropped is replaced, not used
            "connect_args": {"connect_timeout": 3},  # an unreachable server fails in seconds
        },
        LOCK_TIMEOUT_MS=2_000,  # how long a transfer waits for a row another one holds
        MAX_CONTENT_LENGTH=16 * 1024,  # a batch of 20 transfers is about 2 KB
    )
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    db.init_app(app)
    app.register_blueprint(bp, url_prefix="/api")
    register_error_handlers(app)
    app.cli.add_command(init_db_command)
    return app
