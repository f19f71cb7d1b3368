"""Secrets from the environment, a .env file or *_FILE secret files; never in a log or a page.

    flask --app level2_architecture/14_sensitive_settings/app.py run

create_app() only wires: the settings (read and checked in settings.py), the log of where each
secret came from, and the pages' blueprint (pages.py).
"""

import logging
import os
from urllib.parse import quote

from flask import Flask
from pages import bp
from settings import ENV_FILE, database_url, load_settings, log_settings


def create_app(config=None, env_file=ENV_FILE, environ=None):
    """`env_file` and `environ` (default: os.environ) are where the settings are read from."""
    settings, origins = load_settings(env_file, os.environ if environ is None else environ)
    app = Flask(__name__)
    app.config.update(settings)  # SECRET_KEY is Flask's own: it signs the session cookie
    password = quote(settings["DATABASE_PASSWORD"], safe="")  # "p@ss" -> "p%40ss"
    app.config["DATABASE_URL"] = database_url(settings, password)
    app.config["SECRET_ORIGINS"] = origins  # where each secret came from: not secret itself
    if config is not None:
        app.config.update(config)

    app.logger.setLevel(logging.INFO)
    log_settings(app.logger, settings, origins)
    app.register_blueprint(bp)
    return app
