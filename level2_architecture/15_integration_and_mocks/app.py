"""Currency conversions: each one is stored in PostgreSQL, with a rate from an external HTTP API.

    flask --app level2_architecture/15_integration_and_mocks/app.py init-db
    flask --app level2_architecture/15_integration_and_mocks/app.py run

create_app() only wires: the config, the database (models.py), the rate client
(exchange_rates.py), the error handlers and the blueprint (conversions.py), the init-db command.
"""

import os
import re

from conversions import body_too_large, bp, rates_failed
from exchange_rates import RatesClient, RatesError
from flask import Flask
from models import db, init_db_command


def create_app(config=None):
    app = Flask(__name__)
    app.json.sort_keys = False
    # DATABASE_URL may be postgresql://... (libpq form); SQLAlchemy wants postgresql+psycopg://
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", ""))
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["RATES_API_URL"] = os.environ.get("RATES_API_URL", "https://api.frankfurter.dev/v1")
    app.config["RATES_TIMEOUT"] = 3.0
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024  # a bigger body gets a 413 before it is read
    if config is not None:
        app.config.update(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError("Set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    db.init_app(app)
    # One client object per app: the one place tests can swap (app.extensions["rates"]).
    app.extensions["rates"] = RatesClient(app.config["RATES_API_URL"], app.config["RATES_TIMEOUT"])
    app.register_error_handler(RatesError, rates_failed)
    app.register_error_handler(413, body_too_large)
    app.register_blueprint(bp)
    app.cli.add_command(init_db_command)
    return app
