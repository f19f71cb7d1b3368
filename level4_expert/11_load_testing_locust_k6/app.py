"""A small shop API to load-test: a catalogue, a search, a login and orders (JSON, token auth).

    flask --app level4_expert/11_load_testing_locust_k6/app.py init-db
    gunicorn --workers 2 --chdir level4_expert/11_load_testing_locust_k6 'app:create_app()'

create_app() only wires: the settings, the database, the blueprint, the JSON errors, init-db.
"""

import itertools
import os

import click
from flask import Flask, jsonify
from models import Product, User, db
from sqlalchemy import event
from sqlalchemy.engine import Engine
from views import api
from werkzeug.exceptions import HTTPException
from werkzeug.security import generate_password_hash

COLOURS = ["red", "blue", "green", "black", "white", "yellow"]
THINGS = ["mug", "lamp", "chair", "desk", "kettle", "teapot", "clock", "vase", "rug", "shelf"]
USERS = {"alice": "wonderland", "bob": "builder"}  # demo accounts, made by init-db


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "dev-only-not-a-secret"),  # signs the tokens
        SQLALCHEMY_DATABASE_URI=os.environ.get(
            "SHOP_DATABASE_URL", f"sqlite:///{os.path.join(app.instance_path, 'shop.db')}"
        ),
        MAX_CONTENT_LENGTH=16 * 1024,  # an order is a few hundred bytes
        TOKEN_MAX_AGE=3600,
        PASSWORD_HASH_METHOD="scrypt",  # werkzeug's default; tests use a fast one
    )
    app.config.update(config or {})
    db.init_app(app)
    app.register_blueprint(api)

    @app.errorhandler(HTTPException)
    def json_error(error):
        return jsonify(error=error.description), error.code

    @app.cli.command("init-db")
    def init_db():
        """Create the tables and the demo catalogue and users (again: changes nothing)."""
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
            os.makedirs(os.path.dirname(db.engine.url.database), exist_ok=True)
        db.create_all()
        if db.session.scalar(db.select(Product).limit(1)) is None:
            names = (f"{c} {t}" for c, t in itertools.product(COLOURS, THINGS))
            db.session.add_all(
                Product(name=name, price_cents=199 + (i * 737) % 4800)
                for i, name in enumerate(names)
            )
            db.session.add_all(
                User(
                    username=name,
                    password_hash=generate_password_hash(
                        password, app.config["PASSWORD_HASH_METHOD"]
                    ),
                )
                for name, password in USERS.items()
            )
            db.session.commit()
        click.echo(f"Database ready: {db.session.query(Product).count()} products.")

    return app


@event.listens_for(Engine, "connect")
def _sqlite_for_several_processes(connection, _record):
    """Two gunicorn workers write to one SQLite file: WAL lets readers in while one writes, and a
    writer waits up to 10 s for the lock instead of failing with "database is locked"."""
    if type(connection).__module__.startswith("sqlite3"):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
