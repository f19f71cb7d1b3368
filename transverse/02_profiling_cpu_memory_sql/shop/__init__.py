"""A shop's sales report, twice: /report/slow as first written, /report once profiled and fixed."""

import os
import re

from flask import Flask

from .commands import init_db_command, seed_command
from .errors import register_error_handlers
from .models import db
from .profiling import init_profiling
from .report import bp


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        # DATABASE_URL is libpq's form (postgresql://...); SQLAlchemy wants postgresql+psycopg://
        SQLALCHEMY_DATABASE_URI=re.sub(
            r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", "")
        ),
        SQLALCHEMY_ENGINE_OPTIONS={
            "pool_pre_ping": True,
            # An unreachable server fails in seconds; no report query runs longer than 10 s.
            "connect_args": {"connect_timeout": 3, "options": "-c statement_timeout=10s"},
        },
        PROFILE_REQUESTS=False,  # True: `?profile` answers pyinstrument's report (development only)
    )
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    db.init_app(app)
    app.register_blueprint(bp)
    register_error_handlers(app)
    init_profiling(app)
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed_command)
    return app
