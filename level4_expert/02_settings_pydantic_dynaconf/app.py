"""One factory, two ways to load the same settings: SETTINGS_LOADER=pydantic (default) or dynaconf.

flask --app level4_expert/02_settings_pydantic_dynaconf/app.py run
"""

import os
from pathlib import Path

import settings_dynaconf
import settings_pydantic
from flask import Flask
from settings_common import SettingsError
from views import bp

EXAMPLE = Path(__file__).resolve().parent
LOADERS = {"pydantic": settings_pydantic.load_settings, "dynaconf": settings_dynaconf.load_settings}


def create_app(loader=None, env_file=None, secrets_dir=None):
    loader = loader or os.environ.get("SETTINGS_LOADER", "pydantic")
    if loader not in LOADERS:
        raise SettingsError(f"SETTINGS_LOADER: one of {', '.join(LOADERS)}")
    env_file = Path(env_file or EXAMPLE / ".env")
    secrets_dir = Path(secrets_dir or os.environ.get("SECRETS_DIR", EXAMPLE / "secrets"))
    settings = LOADERS[loader](env_file, secrets_dir)  # a SettingsError stops here
    app = Flask(__name__)
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings["SECRET_KEY"].get_secret_value()  # Flask signs with it
    app.config["TESTING"] = settings["ENV"] == "testing"
    app.extensions["settings"] = {"loader": loader, **settings}
    app.register_blueprint(bp)
    return app
