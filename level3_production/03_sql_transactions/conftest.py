import contextlib

import psycopg
import pytest
from bank import create_app
from bank.commands import add_demo_accounts
from bank.models import db
from sqlalchemy import event


@pytest.fixture(scope="session")
def database(postgres):
    """This run's PostgreSQL database, its tables made once (TRUNCATE per test is faster)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres.sqlalchemy_url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return postgres


@pytest.fixture
def app(database):
    """The app on this run's database, emptied, with alice (10000 cents) and bob (5000)."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url,
            "LOCK_TIMEOUT_MS": 300,
        }
    )
    with app.app_context():
        db.session.execute(db.text("TRUNCATE transfer, account RESTART IDENTITY"))
        add_demo_accounts()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sql(database):
    """sql(statement, *params): run SQL on a connection of the test's own (not the app's),
    each statement committed at once; returns the rows."""
    with contextlib.ExitStack() as stack:
        conns = []

        def run(statement, *params):
            if not conns:
                conns.append(stack.enter_context(psycopg.connect(database.url, autocommit=True)))
            cursor = conns[0].execute(statement, params or None)
            return cursor.fetchall() if cursor.description else []

        yield run


@pytest.fixture
def balances(sql):
    """{owner: balance_cents}, read on a connection of its own (what is really committed)."""
    return lambda: dict(sql("SELECT owner, balance_cents FROM account ORDER BY id"))


@pytest.fixture
def references(sql):
    """The references of the committed transfers, in order."""
    return lambda: [ref for (ref,) in sql("SELECT reference FROM transfer ORDER BY id")]


@pytest.fixture
def statements(app):
    """Every SQL statement the app's engine sends (SAVEPOINT, ... FOR UPDATE), and "ROLLBACK"."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    def rollback(conn):
        seen.append("ROLLBACK")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    event.listen(engine, "rollback", rollback)
    yield seen
    event.remove(engine, "before_cursor_execute", record)
    event.remove(engine, "rollback", rollback)


@pytest.fixture
def lock_timeout_at_lock(app):
    """The lock_timeout in force on the connection when each `... FOR UPDATE` is sent."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "FOR UPDATE" in statement:
            seen.append(cursor.connection.execute("SHOW lock_timeout").fetchone()[0])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def row_locked(database):
    """row_locked(account_id): a second session holds that row FOR UPDATE until the block ends."""

    @contextlib.contextmanager
    def hold(account_id):
        with psycopg.connect(database.url) as conn:  # not autocommit: the transaction stays open
            conn.execute("SELECT 1 FROM account WHERE id = %s FOR UPDATE", (account_id,))
            try:
                yield conn
            finally:
                conn.rollback()

    return hold
