import sqlite3
from pathlib import Path

import pytest
from app import create_app
from flask import Flask
from flask_auditlog import SCHEMA, AuditLog

TOKEN = "test-read-token-0123456789"


def create_table(path) -> None:
    """What `flask audit init` does, done here without the CLI (so only CLI tests need it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute(SCHEMA)
    db.close()


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "audit" / "log.sqlite3"
    create_table(path)
    return path


@pytest.fixture
def app(db_path):
    return create_app(
        {"TESTING": True, "AUDITLOG_PATH": str(db_path), "AUDITLOG_READ_TOKEN": TOKEN}
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth():
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def stored():
    """stored(path): the (action, detail) rows of an audit file, read with sqlite3, oldest first."""

    def read(path) -> list[tuple[str, str]]:
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT action, detail FROM audit_entry ORDER BY id").fetchall()
        db.close()
        return rows

    return read


@pytest.fixture
def bare_app(tmp_path):
    """bare_app(name, audit, **config): a plain Flask app set up with `audit`, its table made."""

    def make(name: str, audit: AuditLog, **config) -> Flask:
        app = Flask(name, instance_path=str(tmp_path / name))
        app.config.update(TESTING=True, AUDITLOG_PATH=str(tmp_path / name / "audit.sqlite3"))
        app.config.update(config)
        audit.init_app(app)
        create_table(Path(app.config["AUDITLOG_PATH"]))
        return app

    return make
