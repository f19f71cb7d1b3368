from pathlib import Path

import pytest
from library import create_app
from library.memory import InMemoryBookRepository
from library.sql import SqlBookRepository, create_tables
from library.wiring import sqlalchemy_url
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def engine(postgres):
    """An engine on this run's database, the tables made once."""
    engine = create_engine(sqlalchemy_url(postgres.url))
    create_tables(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_tables(engine):
    with engine.begin() as conn:
        for table in ("loan", "member", "book"):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("ALTER SEQUENCE book_id_seq RESTART"))


@pytest.fixture
def sql_app(postgres, empty_tables):
    """The app on PostgreSQL (STORAGE="sql", the default), its tables empty."""
    app = create_app({"TESTING": True, "DATABASE_URL": postgres.url})
    yield app
    app.extensions["library.engine"].dispose()


@pytest.fixture
def memory_app():
    return create_app({"TESTING": True, "STORAGE": "memory"})


@pytest.fixture(params=["memory", "sql"])
def app(request):
    """The same views and service, on either repository: the views cannot tell them apart."""
    return request.getfixturevalue(f"{request.param}_app")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(sql_app):
    return sql_app.test_cli_runner()


@pytest.fixture
def api(client):
    """api.add(title), api.borrow(member, id), api.give_back(member, id), api.books()."""

    class Api:
        def add(self, title):
            return client.post("/api/books", json={"title": title})

        def borrow(self, member, book_id):
            return client.post(f"/api/books/{book_id}/borrow", json={"member": member})

        def give_back(self, member, book_id):
            return client.post(f"/api/books/{book_id}/return", json={"member": member})

        def books(self):
            response = client.get("/api/books")
            assert response.status_code == 200
            return response.get_json()["books"]

    return Api()


@pytest.fixture
def error_of():
    """error_of(response, status): the error's code, checking the one shape all errors share."""

    def read(response, status):
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert list(body) == ["error"] and sorted(body["error"]) == ["code", "message", "status"]
        assert body["error"]["status"] == status
        return body["error"]["code"]

    return read


@pytest.fixture
def statements(sql_app):
    """Every SQL statement the app's engine sends, in order."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    engine = sql_app.extensions["library.engine"]
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def memory_storage():
    shared = InMemoryBookRepository()
    return lambda: shared


@pytest.fixture
def sql_storage(engine, empty_tables):
    sessions = []

    def make():
        sessions.append(Session(engine))
        return SqlBookRepository(sessions[-1])

    yield make
    for session in sessions:
        session.close()


@pytest.fixture(params=["memory", "sql"])
def storage(request):
    """storage(): a new repository on one shared store (a dict, or this run's tables, emptied).

    Two repositories of one storage see each other's committed work, as two requests would.
    """
    return request.getfixturevalue(f"{request.param}_storage")


@pytest.fixture
def repository(storage):
    return storage()


@pytest.fixture(scope="module")
def live(postgres, engine):
    """The app under real gunicorn (2 gthread workers of 8 threads) on this run's PostgreSQL."""
    env = {"DATABASE_URL": postgres.url}
    # --preload: the app is imported before the port opens, so the first request does not wait
    args = ("--worker-class", "gthread", "--workers", "2", "--threads", "8", "--preload")
    with gunicorn("library:create_app()", cwd=EXAMPLE, env=env, args=args) as url:
        yield url
