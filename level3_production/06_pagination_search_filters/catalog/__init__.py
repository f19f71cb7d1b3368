"""A product catalogue API: offset and cursor pagination, a whitelisted sort, filters, and
full-text search on a generated tsvector column with a GIN index (PostgreSQL)."""

import os
import re

from flask import Flask

from .commands import init_db_command, seed_command
from .errors import register_error_handlers
from .models import db
from .products import bp


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        # DATABASE_URL is libpq's form (postgresql://...); SQLAlchemy wants postgresql+psycopg://
        SQLALCHEMY_DATABASE_URI=re.sub(
            r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", "")
        ),
        # Signs the pagination cursors. Set your own (FLASK_SECRET_KEY) outside development.
        SECRET_KEY="dev-only-secret-change-me",
    )
    app.config.from_prefixed_env()
    if config:
        app.config.update(config)
    db.init_app(app)
    app.register_blueprint(bp, url_prefix="/api")
    register_error_handlers(app)
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed_command)
    return app
