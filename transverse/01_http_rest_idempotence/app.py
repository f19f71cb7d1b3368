"""HTTP semantics on a small orders API: safe and idempotent methods, Idempotency-Key on POST,
ETags and preconditions, HEAD and OPTIONS.

Run it from the repository root (init-db creates the tables, empty):

    flask --app transverse/01_http_rest_idempotence/app.py init-db
    flask --app transverse/01_http_rest_idempotence/app.py run

create_app() only wires: the views are in orders.py, the Idempotency-Key in idempotency.py, the
ETag checks in conditional.py, the error shape in errors.py, the tables in models.py.
"""

from errors import register_error_handlers
from flask import Flask
from models import db, init_db_command
from orders import IdConverter, api_v1


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI="sqlite:///orders.db",  # instance/orders.db
        MAX_CONTENT_LENGTH=16 * 1024,  # an order is a few dozen bytes: a bigger body is a 413
        IDEMPOTENCY_KEY_TTL=24 * 3600,  # seconds a key is remembered; then it may be used again
    )
    app.config.update(config or {})
    db.init_app(app)
    app.url_map.converters["id"] = IdConverter  # <id:order_id> in the routes
    app.register_blueprint(api_v1, url_prefix="/api/v1")
    register_error_handlers(app)
    app.cli.add_command(init_db_command)
    return app
