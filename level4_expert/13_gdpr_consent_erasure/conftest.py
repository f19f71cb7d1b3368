import psycopg
import pytest
from gdpr import create_app
from gdpr.commands import init_db
from gdpr.models import db
from sqlalchemy import String, create_engine, event, inspect

TABLES = "users, consent_events, orders, audit_log"


@pytest.fixture(scope="session")
def database(postgres):
    """This run's PostgreSQL database, its tables (and trigger) made once; TRUNCATE per test."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres.sqlalchemy_url})
    with app.app_context():
        init_db(demo=False)
        db.engine.dispose()
    return postgres


@pytest.fixture(scope="session")
def session_app(database):
    """One app (one engine, one pool) for the whole run: a new one per test costs 0.1 s."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url,
            "LOCK_TIMEOUT_MS": 500,
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(session_app, sql):
    """The app on an emptied database."""
    # A DELETE is ten times faster than a TRUNCATE, but the append-only trigger refuses it on
    # consent_events: there, TRUNCATE (which fires no row trigger) is the way to empty it.
    if sql("SELECT EXISTS (SELECT 1 FROM consent_events)")[0][0]:
        sql(f"TRUNCATE {TABLES}")
    else:
        sql("DELETE FROM orders; DELETE FROM audit_log; DELETE FROM users")
    yield session_app
    with session_app.app_context():
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def sql(database):
    """sql(statement, *params): run SQL on a connection of the tests' own (not the app's),
    each statement committed at once; returns the rows."""
    with psycopg.connect(database.url, autocommit=True) as conn:

        def run(statement, *params):
            cursor = conn.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else []

        yield run


class Shop:
    """Customers and orders written straight to the database, with the dates a test needs."""

    def __init__(self, sql):
        self.sql = sql

    def user(self, email, name, idle_days=0):
        return self.sql(
            "INSERT INTO users (email, name, last_seen_at)"
            " VALUES (%s, %s, now() - make_interval(days => %s)) RETURNING id",
            email, name, idle_days,
        )[0][0]  # fmt: skip

    def order(self, user_id, total_cents, placed_at="2026-10-15"):
        self.sql(
            "INSERT INTO orders (user_id, total_cents, ship_to, placed_at)"
            " SELECT id, %s, name, %s FROM users WHERE id = %s",
            total_cents, placed_at, user_id,
        )  # fmt: skip

    def consent(self, client, user_id, purpose, granted):
        body = {"purpose": purpose, "granted": granted}
        response = client.post(f"/api/users/{user_id}/consents", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()


@pytest.fixture(scope="session")
def shop(sql):
    return Shop(sql)


@pytest.fixture(scope="session")
def schema(database):
    """The database's own schema, read by SQLAlchemy's inspector (not the app's models)."""
    engine = create_engine(database.sqlalchemy_url)
    inspector = inspect(engine)

    class Schema:
        def tables(self):
            return inspector.get_table_names()

        def refresh(self):
            """Read the schema again (a test changed it)."""
            inspector.clear_cache()

        def columns(self, table):
            return [column["name"] for column in inspector.get_columns(table)]

        def text_columns(self):
            return [
                (table, column["name"])
                for table in self.tables()
                for column in inspector.get_columns(table)
                if isinstance(column["type"], String)
            ]

        def foreign_keys(self):
            """[(table, column, referred table, referred column)] for every foreign key."""
            return [
                (
                    table,
                    fk["constrained_columns"][0],
                    fk["referred_table"],
                    fk["referred_columns"][0],
                )
                for table in self.tables()
                for fk in inspector.get_foreign_keys(table)
            ]

        def referencing_users(self):
            return [(t, c) for t, c, rt, rc in self.foreign_keys() if (rt, rc) == ("users", "id")]

    yield Schema()
    engine.dispose()


@pytest.fixture(scope="session")
def find_text(sql, schema):
    """find_text(*values): the (table, column) of every text column holding one of the values."""

    def find(*values):
        hits = []
        for table, column in schema.text_columns():
            for value in values:
                query = f'SELECT count(*) FROM "{table}" WHERE strpos(lower("{column}"), %s) > 0'
                if sql(query, value.lower())[0][0]:
                    hits.append((table, column, value))
        return hits

    return find


@pytest.fixture(scope="session")
def dump(sql, schema):
    """Every row of every table, as text: what a test compares to prove nothing changed."""

    def snapshot():
        return {t: sql(f'SELECT t::text FROM "{t}" AS t ORDER BY 1') for t in schema.tables()}

    return snapshot


@pytest.fixture
def statements(app):
    """Every SQL statement the app's engine sends."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)
