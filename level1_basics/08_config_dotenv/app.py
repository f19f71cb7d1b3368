"""Configuration in three layers: defaults in code < a .env file < environment variables."""

import json
from pathlib import Path

import click
from dotenv import load_dotenv
from flask import Flask

# The .env file next to this file, whatever folder the app is started from.
ENV_FILE = Path(__file__).resolve().parent / ".env"
# Only variables that start with MYAPP_ reach app.config: MYAPP_GREETING sets GREETING.
PREFIX = "MYAPP"


class DefaultConfig:
    APP_NAME = "Config demo"
    GREETING = "Hello"
    ITEMS_PER_PAGE = 10
    SIGNUP_OPEN = False
    SECRET_KEY = "dev-only-not-secret"


def create_app(env_file=ENV_FILE):
    app = Flask(__name__)
    # exercise: start - 1. load the defaults written in code (UPPERCASE attributes of DefaultConfig)
    app.config.from_object(DefaultConfig)
    # exercise: end
    # exercise: start - 2. copy the .env file into os.environ, keeping variables already set
    load_dotenv(env_file, override=False)
    # exercise: end
    # exercise: start - 3. read every MYAPP_* variable into app.config (values parsed as JSON)
    app.config.from_prefixed_env(PREFIX)
    # exercise: end
    check_config(app.config)

    @app.get("/")
    def index():
        return f"{app.config['GREETING']} from {app.config['APP_NAME']}!\n"

    def settings():
        # Never show SECRET_KEY: only say whether it was changed.
        return {
            "app_name": app.config["APP_NAME"],
            "greeting": app.config["GREETING"],
            "items_per_page": app.config["ITEMS_PER_PAGE"],
            "signup_open": app.config["SIGNUP_OPEN"],
            "secret_key_changed": app.config["SECRET_KEY"] != DefaultConfig.SECRET_KEY,
        }

    @app.get("/config")
    def show_config():
        return settings()

    @app.cli.command("show-config")
    def show_config_command():
        """Print the settings a fresh start of the app reads, as /config shows them."""
        click.echo(json.dumps(settings(), sort_keys=True))

    return app


def check_config(config):
    """Stop at start-up, with a clear message, rather than misbehave later."""
    items, signup = config["ITEMS_PER_PAGE"], config["SIGNUP_OPEN"]
    if type(items) is not int or items < 1:
        raise ValueError(f"{PREFIX}_ITEMS_PER_PAGE must be a whole number >= 1, got {items!r}")
    if type(signup) is not bool:
        raise ValueError(f"{PREFIX}_SIGNUP_OPEN must be true or false (lower case), got {signup!r}")
