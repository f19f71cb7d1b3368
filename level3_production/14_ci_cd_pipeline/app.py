"""A tiny visit counter: the app the pipeline lints, tests (on PostgreSQL and Redis), builds and
deploys.

    nox -s serve -- level3_production/14_ci_cd_pipeline

create_app() only wires: config, the views' blueprint, the JSON error shape and `init-db`.
"""

import os
from pathlib import Path

from flask import Flask
from werkzeug.exceptions import HTTPException

from views import bp, http_error, init_db


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # The build job writes the commit it was built from into VERSION; a checkout says "dev".
        VERSION=os.environ.get("APP_VERSION") or version_file(),
    )
    if config is not None:
        app.config.update(config)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, http_error)
    app.cli.add_command(init_db)
    return app


def version_file() -> str:
    path = Path(__file__).with_name("VERSION")
    return path.read_text(encoding="utf-8").strip() if path.is_file() else "dev"
