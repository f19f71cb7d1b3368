"""Request hooks: code that runs around every view, app-wide and per blueprint.

Run it from the repository root (init-db creates the table):

    flask --app level3_production/02_request_hooks/app.py init-db
    flask --app level3_production/02_request_hooks/app.py run

create_app() only wires: the app-wide hooks are in hooks.py, the API blueprint and its own hooks
(the token gate, the connection) in api.py.
"""

from api import api, init_db_command
from flask import Flask
from hooks import add_request_headers, end_request, public, register_error_handler, start_request


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        DATABASE=f"{app.instance_path}/notes.db",
        API_TOKENS=["dev-token"],  # set real ones from the environment in production
        MAX_CONTENT_LENGTH=4 * 1024,  # a note is 200 characters at most: a bigger body is a 413
    )
    app.config.update(config or {})
    # exercise: start - register the app-wide hooks: start_request, add_request_headers, end_request
    app.before_request(start_request)
    app.after_request(add_request_headers)
    app.teardown_request(end_request)
    # exercise: end
    app.register_blueprint(public)
    app.register_blueprint(api, url_prefix="/api")
    register_error_handler(app)
    app.cli.add_command(init_db_command)
    return app
