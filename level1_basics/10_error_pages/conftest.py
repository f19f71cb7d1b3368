import pytest
from app import app as flask_app


@pytest.fixture
def app():
    # TESTING=True would re-raise view exceptions into the test (PROPAGATE_EXCEPTIONS defaults
    # to TESTING). Setting it to False makes the test client behave like the real server:
    # the exception is logged and the 500 handler answers.
    flask_app.config.update(TESTING=True, PROPAGATE_EXCEPTIONS=False)
    return flask_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
