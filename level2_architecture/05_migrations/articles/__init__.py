"""Migrations with Flask-Migrate (Alembic): the schema of an articles API, revision by revision.

The tables are never made with db.create_all(): `flask db upgrade` builds them from migrations/.

flask --app level2_architecture/05_migrations/articles db upgrade
flask --app level2_architecture/05_migrations/articles run
"""

import os
import re

from flask import Flask

from .extensions import db, migrate
from .views import bp


def create_app(config=None):
    """Build the app: its config, the database, the `flask db ...` commands, the views."""
    app = Flask(__name__)
    app.json.sort_keys = False
    # DATABASE_URL may be postgresql://... (libpq form); SQLAlchemy wants postgresql+psycopg://
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", ""))
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # a bigger body is a 413, never read
    if config is not None:
        app.config.update(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError("Set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")

    db.init_app(app)
    migrate.init_app(app, db)  # adds the `flask db ...` commands
    app.register_blueprint(bp)
    return app
