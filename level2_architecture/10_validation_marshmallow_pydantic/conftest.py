import pytest
from app import create_app


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def users(app):
    """The signups the app accepted: (library, user) pairs."""
    return app.extensions["users"]


@pytest.fixture
def details_of():
    """details_of(response): the 422's {field path: [messages]}, checking the error's shape."""

    def read(response) -> dict[str, list[str]]:
        assert response.status_code == 422
        assert response.mimetype == "application/json"
        error = response.get_json()["error"]
        assert (error["status"], error["code"]) == (422, "validation_failed")
        details = error["details"]
        assert details, "a 422 must say which field is wrong"
        for messages in details.values():
            assert messages and all(isinstance(m, str) and m for m in messages)
        return details

    return read
