"""A clean REST API: JSON in and out, the right HTTP status for each case, all under /api/v1.

Run it from the repository root (the books live in memory and start as two samples):

    flask --app level2_architecture/08_rest_api/app.py run
"""

from api_v1 import api_v1
from errors import register_error_handlers
from flask import Flask
from models import Book, db
from sqlalchemy import select

SAMPLE_BOOKS = [
    {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008},
    {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg",
     "year": 2018},
]  # fmt: skip


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI="sqlite://", SAMPLE_BOOKS=True)  # sqlite:// = memory
    app.config.update(config or {})
    db.init_app(app)
    # exercise: start - mount the v1 blueprint under /api/v1
    app.register_blueprint(api_v1, url_prefix="/api/v1")
    # exercise: end
    register_error_handlers(app)
    with app.app_context():
        db.create_all()
        if app.config["SAMPLE_BOOKS"] and db.session.scalar(select(Book.id)) is None:
            db.session.add_all(Book(**book) for book in SAMPLE_BOOKS)
            db.session.commit()
    return app
