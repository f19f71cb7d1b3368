import pytest
from app import app as flask_app


@pytest.fixture
def app():
    # PROPAGATE_EXCEPTIONS=False: an unhandled exception is logged and answered with a 500,
    # as on a real server, instead of being re-raised into the test.
    flask_app.config.update(TESTING=True, PROPAGATE_EXCEPTIONS=False)
    return flask_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_records(app, caplog):
    """The log records of the app's own logger, captured by pytest's caplog."""

    def records():
        return [r for r in caplog.records if r.name == app.logger.name]

    return records
