"""Session login with Flask-Login: register, log in (remember me), log out, protected pages.

    flask --app level2_architecture/06_flask_login/app.py init-db
    flask --app level2_architecture/06_flask_login/app.py run

create_app() only wires things together; the views are in the blueprints auth.py and pages.py.
"""

from datetime import timedelta

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
        SECRET_KEY="dev-only-change-me",  # signs the session and remember-me cookies
        SQLALCHEMY_DATABASE_URI="sqlite:///users.db",  # instance/users.db
        PASSWORD_HASH_METHOD="scrypt",  # werkzeug's strong default; the tests use a fast one
        SECURE_COOKIES=False,  # production, behind HTTPS: FLASK_SECURE_COOKIES=true
        MAX_CONTENT_LENGTH=16 * 1024,  # a login form is small: a bigger body is a 413
    )
    # exercise: start - both cookies: no JavaScript access, not sent by another site's POST
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=timedelta(days=14),  # Flask-Login's default is a year
    )
    # exercise: end
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY=... in the environment overrides it
    if config is not None:
        app.config.update(config)
    if app.config["SECURE_COOKIES"]:  # the browser then sends both cookies over HTTPS only
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    db.init_app(app)
    csrf.init_app(app)  # every POST needs the session's token: login, register and logout forms
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(413, too_large)
    # exercise: start - attach Flask-Login to the app; send anonymous users to the "auth.login" view
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # exercise: end
    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.cli.add_command(init_db_command)
    return app
