"""A clean REST API: JSON in and out, the right HTTP status for each case, all under /api/v1.

Run it from the repository root (init-db creates the table with two sample books):

    flask --app level2_architecture/08_rest_api/app.py init-db
    flask --app level2_architecture/08_rest_api/app.py run

create_app() only wires things together: the views are in api_v1.py, the error shape in errors.py.
"""

from api_v1 import IdConverter, api_v1
from errors import register_error_handlers
from flask import Flask
from models import db, init_db_command


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI="sqlite:///books.db",  # instance/books.db
        MAX_CONTENT_LENGTH=64 * 1024,  # a book is a few hundred bytes: a bigger body is a 413
    )
    app.config.update(config or {})
    db.init_app(app)
    app.url_map.converters["id"] = IdConverter  # <id:book_id> in the routes
    # exercise: start - mount the v1 blueprint under /api/v1
    app.register_blueprint(api_v1, url_prefix="/api/v1")
    # exercise: end
    register_error_handlers(app)
    app.cli.add_command(init_db_command)
    return app
