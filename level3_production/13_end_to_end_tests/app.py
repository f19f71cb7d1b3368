"""A small notes site, tested end to end: a real Chromium drives it on a live gunicorn server.

    flask --app level3_production/13_end_to_end_tests/app.py init-db
    flask --app level3_production/13_end_to_end_tests/app.py run

create_app() only wires things together; the views are in the blueprints auth.py and pages.py.
"""

from auth import bp as auth_bp
from errors import csrf_failed, too_large
from extensions import csrf, db, login_manager
from flask import Flask
from flask_wtf.csrf import CSRFError
from models import init_db_command
from pages import bp as pages_bp


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev-only-change-me",
        SQLALCHEMY_DATABASE_URI="sqlite:///notes.db",  # instance/notes.db
        PASSWORD_HASH_METHOD="scrypt",
        MAX_CONTENT_LENGTH=16 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.from_prefixed_env()  # FLASK_SQLALCHEMY_DATABASE_URI=... (the e2e test's own file)
    if config is not None:
        app.config.update(config)
    db.init_app(app)
    csrf.init_app(app)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(413, too_large)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.cli.add_command(init_db_command)
    return app
