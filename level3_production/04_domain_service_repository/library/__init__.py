"""A small lending library in three layers: domain.py (the rules), service.py (the use cases),
a repository (memory.py or sql.py: the storage), with thin views (views.py) on top.

    flask --app level3_production/04_domain_service_repository/library init-db
    flask --app level3_production/04_domain_service_repository/library run

create_app() only wires: config, the repository and service (wiring.py), the blueprint, errors.
"""

import os

from flask import Flask

from . import views, wiring


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL", ""),
        STORAGE="sql",  # "memory": the same views and service on a dict, no database
        MAX_CONTENT_LENGTH=4 * 1024,  # a title is 200 characters: a bigger body is a 413
    )
    app.config.from_prefixed_env()  # FLASK_STORAGE=memory, FLASK_DATABASE_URL=...
    app.config.update(config or {})
    wiring.init_app(app)
    app.url_map.converters["book_id"] = views.BookIdConverter
    app.register_blueprint(views.bp, url_prefix="/api")
    views.register_error_handlers(app)
    return app
