"""A small library API on PostgreSQL: authors, books and tags, with relations and complex queries.

flask --app level2_architecture/04_sqlalchemy_relations/library init-db
flask --app level2_architecture/04_sqlalchemy_relations/library run
"""

import os
import re

from flask import Flask

from . import sql_count
from .commands import init_db_command
from .models import db
from .views import bp


def create_app(config=None):
    """Build the app: its config, the database, the statement counter, the views, `init-db`."""
    app = Flask(__name__)
    app.json.sort_keys = False  # keep the keys in the order the code writes them
    # DATABASE_URL may be postgresql://... (libpq form); SQLAlchemy wants postgresql+psycopg://
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", ""))
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # a bigger body is a 413, never read
    if config is not None:
        app.config.update(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError("Set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")

    db.init_app(app)
    sql_count.init_app(app)
    app.register_blueprint(bp)
    app.cli.add_command(init_db_command)
    return app
