import threading

import pytest
from library import create_app
from library.commands import init_db
from library.models import db
from sqlalchemy import event
from werkzeug.serving import make_server


@pytest.fixture
def app(postgres):
    """A fresh app on this run's PostgreSQL database: tables created and seeded, dropped after."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": postgres.sqlalchemy_url})
    with app.app_context():
        init_db()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def statements(app):
    """Every SQL statement the app's engine sends, in order (clear it before what you measure)."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def query(app):
    """Run a SELECT straight on the database (not through the app) and return its rows."""

    def run(sql):
        with app.app_context():
            return [tuple(row) for row in db.session.execute(db.text(sql))]

    return run


@pytest.fixture
def live_server(app):
    """The app under werkzeug's threaded server on a free loopback port: real concurrent requests.

    Yields its URL. Each request runs in a thread of its own, with its own database session.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
