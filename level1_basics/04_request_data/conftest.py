import pytest
from app import app as flask_app


@pytest.fixture
def app():
    flask_app.config.update(TESTING=True)
    yield flask_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def error_of():
    """error_of(response): the message of a JSON error answer, checking that it is JSON."""

    def read(response) -> str:
        assert response.mimetype == "application/json"
        return response.get_json()["error"]

    return read
