"""Session login with Flask-Login: register, log in (remember me), log out, protected pages.

    flask --app level2_architecture/06_flask_login/app.py init-db
    flask --app level2_architecture/06_flask_login/app.py run

create_app() only wires things together; the views are in the blueprints auth.py and pages.py.
"""

from auth import bp as auth_bp
from extensions import db, login_manager
from flask import Flask
from models import init_db_command
from pages import bp as pages_bp


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY="dev-only-change-me",  # signs the session and remember-me cookies
        SQLALCHEMY_DATABASE_URI="sqlite:///users.db",  # instance/users.db
        PASSWORD_HASH_METHOD="scrypt",  # werkzeug's strong default; the tests use a fast one
    )
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY=... in the environment overrides it
    if config is not None:
        app.config.update(config)
    db.init_app(app)
    # exercise: start - attach Flask-Login to the app; send anonymous users to the "auth.login" view
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # exercise: end
    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.cli.add_command(init_db_command)
    return app
