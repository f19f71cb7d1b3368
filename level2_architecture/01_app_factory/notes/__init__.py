"""The notes package. Importing it builds no app: create_app() does, as many times as asked.

flask --app level2_architecture/01_app_factory/notes run
"""

from flask import Flask

from .extensions import db, stamp
from .views import bp


def create_app(config=None):
    """Build a new, independent app. `config` (a dict) overrides the defaults below."""
    app = Flask(__name__)
    app.config.from_mapping(
        NOTES_NAME="Notes",
        # A relative SQLite path is resolved inside the instance folder: instance/notes.db
        SQLALCHEMY_DATABASE_URI="sqlite:///notes.db",
        MAX_CONTENT_LENGTH=16 * 1024,  # a note is short: a bigger body is refused (413)
    )
    # exercise: start - apply the caller's config (a dict, or None) over the defaults
    if config is not None:
        app.config.update(config)
    # exercise: end

    # exercise: start - bind the module-level extensions to this app
    db.init_app(app)
    stamp.init_app(app)
    # exercise: end

    # exercise: start - register the notes blueprint on this app
    app.register_blueprint(bp)
    # exercise: end

    with app.app_context():
        db.create_all()  # the tables of this app's own database
    return app
