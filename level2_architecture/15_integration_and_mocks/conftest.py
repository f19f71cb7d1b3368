import pytest
import responses
from app import create_app
from models import Conversion, db
from sqlalchemy import func, select
from sqlalchemy.orm import scoped_session, sessionmaker

RATES_URL = "https://rates.example.test/v1"  # never reached: every test replaces the API


@pytest.fixture(scope="session")
def app(postgres):
    """One app for the whole run, on this run's PostgreSQL database; `flask init-db` makes the
    table once, as a learner would."""
    config = {"SQLALCHEMY_DATABASE_URI": postgres.sqlalchemy_url, "RATES_API_URL": RATES_URL}
    app = create_app({"TESTING": True, **config})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def db_session(app):
    """Everything a test writes, even what the app commits, is rolled back when it ends.

    One connection, one outer transaction that is never committed. The session used by the app
    is bound to that connection; with join_transaction_mode="create_savepoint" its commit() only
    releases a SAVEPOINT inside the outer transaction.
    """
    with app.app_context():
        # exercise: start - connection + outer transaction; db.session bound to it with savepoints
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        )
        # exercise: end
    yield db.session
    # exercise: start - put the real session back, roll the outer transaction back, close
    db.session.remove()
    db.session = original
    transaction.rollback()
    connection.close()
    # exercise: end


@pytest.fixture
def client(app, db_session):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def stored(app, db_session):
    """The conversions the app's session sees now: [(from, to, amount, result)]."""

    def read():
        with app.app_context():
            rows = db.session.scalars(select(Conversion).order_by(Conversion.id))
            return [(c.base, c.target, str(c.amount), str(c.result)) for c in rows]

    return read


@pytest.fixture
def committed_count(app):
    """Rows that really are committed: counted on a new connection, outside the test transaction."""

    def count():
        with app.app_context(), db.engine.connect() as other:
            return other.scalar(select(func.count()).select_from(Conversion))

    return count


@pytest.fixture
def rates_api():
    """The external API, replaced at the HTTP boundary: `requests` never opens a socket.

    Register answers with rates_api.get(...); an unregistered request raises ConnectionError, and
    leaving a registered answer unused fails the test (assert_all_requests_are_fired).
    """
    # exercise: start - a responses.RequestsMock that fails the test if an answer is unused
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
    # exercise: end
