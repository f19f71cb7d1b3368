import pytest
from app import NOTES
from app import app as flask_app


@pytest.fixture
def app():
    flask_app.config.update(TESTING=True)
    NOTES.clear()  # each test starts with an empty notebook
    yield flask_app
    NOTES.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
