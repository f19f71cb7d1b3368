"""The application and request contexts: `current_app` and `g`.

Run it from the repository root (init-db creates the tables):

    flask --app level3_production/01_app_and_request_contexts/app.py init-db
    flask --app level3_production/01_app_and_request_contexts/app.py run

create_app() only wires: the connection kept in `g` is in db.py, the helper that reads the
config through `current_app` in helpers.py, the views in views.py, the background thread in
reports.py.
"""

from db import close_db, init_db_command
from flask import Flask
from views import main


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        DATABASE=f"{app.instance_path}/contexts.db",
        GREETING="Hello, {name}!",
        MAX_CONTENT_LENGTH=1024,  # no view reads a body: anything bigger is a 413
    )
    app.config.update(config or {})
    # exercise: start - close the connection that g holds when the app context ends
    app.teardown_appcontext(close_db)
    # exercise: end
    app.register_blueprint(main)
    app.cli.add_command(init_db_command)
    return app
