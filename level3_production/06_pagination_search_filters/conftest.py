import pytest
from catalog import create_app
from catalog.commands import init_db, seed
from catalog.models import db
from sqlalchemy import event, text

ROWS = 20_000  # enough that the planner reads an index rather than the whole table


@pytest.fixture(scope="session")
def app(postgres):
    """The app on this run's database, seeded once for the whole session with ROWS products.

    Tests only read, except those that use `insert_products`, which deletes its rows again.
    """
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": postgres.sqlalchemy_url, "SECRET_KEY": "t"}
    )
    with app.app_context():
        init_db()
        seed(ROWS)
        db.session.remove()
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
def sql(app):
    """sql(statement, **params): run SQL on a connection of its own, committed; returns rows."""

    def run(statement, **params):
        with app.app_context(), db.engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return result.all() if result.returns_rows else None

    return run


@pytest.fixture
def insert_products(app, sql):
    """insert_products(prices, category="lighting", in_stock=True): add rows now (committed);
    their ids.

    Every row added is deleted when the test ends, so the seeded table is the same for all.
    """
    added = []

    def insert(prices, category="lighting", in_stock=True):
        rows = sql(
            "INSERT INTO product (name, description, category, price_cents, in_stock)"
            " SELECT 'New lamp', 'Added during the walk.', :category, p, :in_stock"
            " FROM unnest(CAST(:prices AS integer[])) AS p RETURNING id",
            category=category,
            in_stock=in_stock,
            prices=list(prices),
        )
        added.extend(r.id for r in rows)
        return [r.id for r in rows]

    yield insert
    if added:
        sql("DELETE FROM product WHERE id = ANY(:ids)", ids=added)


@pytest.fixture
def statements(app):
    """Every (statement, parameters) the app's engine sends while the test runs."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def explain(app):
    """explain(statement, parameters): the plan PostgreSQL picks for it, as the index names used
    and the node types (from EXPLAIN (FORMAT JSON), which runs nothing)."""

    def plan(statement, parameters):
        with app.app_context(), db.engine.connect() as conn:
            doc = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
        nodes, todo = [], [doc[0]["Plan"]]
        while todo:
            node = todo.pop()
            nodes.append(node)
            todo.extend(node.get("Plans", []))
        indexes = {n["Index Name"] for n in nodes if "Index Name" in n}
        return indexes, [n["Node Type"] for n in nodes]

    return plan


@pytest.fixture
def walk(client):
    """walk(url, between_pages=None): follow the feed's next links to the end; every item, and
    the number of pages. `between_pages(items)` runs after each page but the last, with that
    page's items (to insert rows while the walk goes on)."""

    def follow(url, between_pages=None):
        items, pages = [], 0
        while url:
            response = client.get(url)
            assert response.status_code == 200, response.get_json()
            body = response.get_json()
            items += body["items"]
            pages += 1
            assert pages <= 1_000, "the walk does not end"
            url = body["links"]["next"]
            if between_pages and url:
                between_pages(body["items"])
        return items, pages

    return follow
