import contextlib
import tracemalloc
from dataclasses import dataclass, field

import psycopg
import pytest
from pyinstrument import Profiler
from shop import create_app
from shop.models import db
from sqlalchemy import event

WEEK = {"from": "2026-03-02", "to": "2026-03-08"}  # about 380 of the 20,000 orders
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}  # all of them


@pytest.fixture(scope="session")
def database(postgres):
    """This run's PostgreSQL database, made by the app's own commands, once: init-db (the
    tables and the model's index), then seed (100 customers, 20,000 orders, ANALYZEd).
    Every test here only reads it."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres.sqlalchemy_url})
    runner = app.test_cli_runner()
    for command in (["init-db"], ["seed"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()
    return postgres


@pytest.fixture(scope="session")
def app(database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class Run:
    """One GET, as seen from outside: the JSON, and each statement the engine sent."""

    status: int
    json: dict
    statements: list[tuple[str, dict]] = field(default_factory=list)
    functions: set[str] = field(default_factory=set)  # in pyinstrument's profile, when profiled
    peak_bytes: int = 0  # tracemalloc's peak during the request, when measured


@pytest.fixture(scope="session")
def get(app):
    """get(path, query, profile=False, trace_memory=False) -> Run. With `profile`, pyinstrument
    samples the request every millisecond and `functions` holds every function of its call tree;
    with `trace_memory`, `peak_bytes` is the most memory Python held at once during it."""
    with app.app_context():
        engine = db.engine

    def run(path, query, profile=False, trace_memory=False):
        seen = []

        def record(conn, cursor, statement, parameters, context, executemany):
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", record)
        profiler = Profiler(interval=0.001) if profile else None
        try:
            if trace_memory:
                tracemalloc.start()
            if profiler:
                profiler.start()
            response = app.test_client().get(path, query_string=query)
        finally:
            if profiler:
                profiler.stop()
            peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
            if trace_memory:
                tracemalloc.stop()
            event.remove(engine, "before_cursor_execute", record)
        result = Run(response.status_code, response.get_json(), seen, peak_bytes=peak)
        if profiler:
            result.functions = functions_in(profiler.last_session.root_frame())
        return result

    return run


def functions_in(frame):
    found, stack = set(), [frame]
    while stack:
        frame = stack.pop()
        found.add(frame.function)
        stack.extend(frame.children)
    return found


@pytest.fixture(scope="session")
def runs(get):
    """runs(version, window, tool=None) -> Run, each made once and shared: version "slow" or
    "fast", window "week" or "year", tool "profile" (pyinstrument) or "memory" (tracemalloc).
    Each tool runs on its own: a profiler's samples would count as the report's memory."""
    made = {}
    windows = {"week": WEEK, "year": YEAR}

    def run(version, window, tool=None):
        key = version, window, tool
        if key not in made:
            path = "/report/slow" if version == "slow" else "/report"
            made[key] = get(
                path, windows[window], profile=tool == "profile", trace_memory=tool == "memory"
            )
        return made[key]

    return run


@pytest.fixture(scope="session")
def explain(database):
    """explain(statement, parameters) -> every node of PostgreSQL's plan for it, as it really
    ran: EXPLAIN (ANALYZE, FORMAT JSON), on a connection of the test's own."""
    with contextlib.ExitStack() as stack:
        # lock_timeout: a test that holds the table's lock (index_dropped) fails, never hangs
        conn = stack.enter_context(
            psycopg.connect(database.url, autocommit=True, options="-c lock_timeout=3s")
        )

        def run(statement, parameters, connection=None):
            cursor = (connection or conn).execute(
                "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
            )
            return nodes_of(cursor.fetchone()[0][0]["Plan"])

        yield run


def nodes_of(plan):
    found, stack = [], [plan]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.get("Plans", []))
    return found


@pytest.fixture
def index_dropped(database):
    """A connection on which ix_orders_placed_on is dropped, in a transaction rolled back at
    the end: the app and the other tests never see it gone."""
    with psycopg.connect(database.url) as conn:
        conn.execute("SET LOCAL lock_timeout = '3s'")  # never wait for long on the table's lock
        conn.execute("DROP INDEX IF EXISTS ix_orders_placed_on")
        try:
            yield conn
        finally:
            conn.rollback()
