"""A tiny notes API that uses the flask_auditlog extension (./flask_auditlog, or its wheel).

flask --app transverse/07_custom_flask_extension/app.py audit init
flask --app transverse/07_custom_flask_extension/app.py run
"""

from extensions import audit
from flask import Flask
from notes import bp as notes_bp
from notes import json_error


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=16 * 1024,  # a bigger body is a 413 before anything reads it
        AUDITLOG_READ_TOKEN="dev-token-change-me",  # in production: from the environment
    )
    app.config.from_prefixed_env()  # FLASK_AUDITLOG_PAGE_SIZE=5 etc.; init_app checks them all
    app.config.from_mapping(config or {})
    audit.init_app(app)  # its defaults fill what is still unset; a bad value stops here
    app.register_blueprint(notes_bp)
    app.register_error_handler(Exception, json_error)
    return app
