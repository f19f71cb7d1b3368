"""The factory only wires things together; `flask init-db` creates the table, and keeps rows."""

from datetime import date
from decimal import Decimal

import pytest
from app import create_app
from models import Conversion, db
from sqlalchemy import inspect


def test_building_an_app_touches_no_database():
    # Nothing listens on port 1: any connection would fail. Building the app makes none.
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    assert {rule.rule for rule in app.url_map.iter_rules()} >= {"/conversions"}
    assert "init-db" in app.cli.commands


def test_without_a_database_url_the_app_refuses_to_start(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="Set DATABASE_URL"):
        create_app()


@pytest.fixture
def empty_app(new_postgres_database):
    """An app on a new, empty PostgreSQL database: no table yet."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": new_postgres_database().sqlalchemy_url})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_init_db_creates_the_table_then_keeps_its_rows(empty_app):
    def tables():
        with empty_app.app_context():
            return inspect(db.engine).get_table_names()

    runner = empty_app.test_cli_runner()
    assert tables() == []

    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert result.output == "Initialized the database.\n"
    assert tables() == ["conversion"]

    with empty_app.app_context():
        row = Conversion(
            amount=Decimal("1"), base="EUR", target="USD", rate=Decimal("1.1"),
            result=Decimal("1.10"), rate_date=date(2025, 1, 17),
        )  # fmt: skip
        db.session.add(row)
        db.session.commit()
    assert runner.invoke(args=["init-db"]).exit_code == 0  # again, as `serve` does at each start
    with empty_app.app_context():
        assert db.session.scalar(db.select(db.func.count(Conversion.id))) == 1
