"""Configuration per environment: APP_ENV=development|testing|production picks a config class.

APP_ENV=development flask --app level2_architecture/03_config_per_env/app.py run --debug
"""

import os

from config import check_production, config_class
from flask import Flask
from views import bp

ENV_VARIABLE = "APP_ENV"
DEFAULT_ENV = "development"


def create_app(env=None):
    """Build the app for `env`, or for the environment named by APP_ENV (development if unset)."""
    app = Flask(__name__)
    # exercise: start - pick the class (env or APP_ENV), load it, then FLASK_* variables
    env = env if env is not None else os.environ.get(ENV_VARIABLE, DEFAULT_ENV)
    cls = config_class(env)
    for key in dir(cls):
        if key.isupper():
            app.config[key] = getattr(cls, key)
    if "FLASK_SECRET_KEY" in os.environ:
        app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
    if "FLASK_DEBUG" in os.environ:
        app.config["DEBUG"] = os.environ["FLASK_DEBUG"].lower() in ("1", "true")
    # exercise: end
    app.config["APP_ENV"] = env
    # exercise: start - in production, refuse to start with unsafe settings
    if env == "production":
        check_production(app.config)
    # exercise: end
    app.logger.setLevel(app.config["LOG_LEVEL"])
    app.register_blueprint(bp)
    return app
