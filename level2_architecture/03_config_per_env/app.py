"""Configuration per environment: APP_ENV=development|testing|production picks a config class.

APP_ENV=development flask --app level2_architecture/03_config_per_env/app.py run --debug
"""

import os

from config import check_production, config_class
from flask import Flask, session

ENV_VARIABLE = "APP_ENV"
DEFAULT_ENV = "development"


def create_app(env=None):
    """Build the app for `env`, or for the environment named by APP_ENV (development if unset)."""
    app = Flask(__name__)
    # exercise: start - pick the class (env or APP_ENV), load it, then FLASK_* variables
    env = env if env is not None else os.environ.get(ENV_VARIABLE, DEFAULT_ENV)
    app.config.from_object(config_class(env))
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY, FLASK_DEBUG (set by `flask run --debug`)
    # exercise: end
    app.config["APP_ENV"] = env
    # exercise: start - in production, refuse to start with unsafe settings
    if env == "production":
        check_production(app.config)
    # exercise: end
    app.logger.setLevel(app.config["LOG_LEVEL"])

    @app.get("/")
    def index():
        # What this environment runs with. Never the secret key itself.
        return {
            "env": app.config["APP_ENV"],
            "debug": bool(app.debug),  # FLASK_DEBUG=0 loads as the number 0
            "testing": app.testing,
            "log_level": app.config["LOG_LEVEL"],
            "session_cookie_secure": app.config["SESSION_COOKIE_SECURE"],
        }

    @app.get("/visits")
    def visits():
        # The session cookie is signed with SECRET_KEY; in production it is marked Secure.
        session["visits"] = session.get("visits", 0) + 1
        return {"visits": session["visits"]}

    return app
