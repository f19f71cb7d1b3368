"""CSRF protection with Flask-WTF: a form with a hidden token, and a JSON API with X-CSRFToken.

    flask --app level2_architecture/07_csrf_flask_wtf/app.py run

create_app() only wires things together; the views are in the blueprint bank.py.
"""

import account
from bank import bp as bank_bp
from errors import csrf_failed, too_large
from extensions import csrf
from flask import Flask
from flask_wtf.csrf import CSRFError


def create_app(config=None):
    app = Flask(__name__)
    # SECRET_KEY signs the session cookie, where Flask-WTF keeps this session's CSRF secret.
    app.config["SECRET_KEY"] = "dev-only-change-me"
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024  # a bigger body is a 413, never read
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY=... in the environment overrides it
    if config is not None:
        app.config.update(config)
    # exercise: start - check a CSRF token on every POST/PUT/PATCH/DELETE (forms and JSON alike)
    csrf.init_app(app)
    # exercise: end
    account.init_app(app)
    app.register_blueprint(bank_bp)
    # exercise: start - answer a failed CSRF check (CSRFError) with the csrf_failed handler
    app.register_error_handler(CSRFError, csrf_failed)
    # exercise: end
    app.register_error_handler(413, too_large)
    return app
