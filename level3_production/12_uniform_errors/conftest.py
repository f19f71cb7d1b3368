import pytest
from app import create_app

PROBLEM_KEYS = ["detail", "errors", "instance", "request_id", "status", "title", "type"]


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def problem_of():
    """problem_of(response, status): the problem+json body, checking the shape all errors share."""

    def read(response, status: int, path: str | None = None) -> dict:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/problem+json"
        assert "Accept" in response.vary  # the answer depends on Accept: caches must know
        problem = response.get_json(force=True)  # get_json() alone reads application/json only
        assert sorted(problem) == PROBLEM_KEYS
        assert problem["status"] == status
        assert isinstance(problem["type"], str) and problem["type"]
        assert isinstance(problem["title"], str) and problem["title"]
        assert isinstance(problem["detail"], str) and problem["detail"]
        assert isinstance(problem["errors"], list)
        assert problem["request_id"] == response.headers["X-Request-ID"]
        if path is not None:
            assert problem["instance"] == path
        return problem

    return read


@pytest.fixture
def page_of():
    """page_of(response, status): the HTML error page, checking what every one of them shows."""

    def read(response, status: int) -> str:
        assert response.status_code == status
        assert response.mimetype == "text/html"
        assert "Accept" in response.vary
        page = response.get_data(as_text=True)
        assert f"<h1>{status} " in page
        assert f"<code>{response.headers['X-Request-ID']}</code>" in page
        return page

    return read


@pytest.fixture
def crashing(app):
    """A view that raises an exception holding a secret; returns the secret."""
    secret = "password=hunter2 at db.internal"

    @app.get("/api/v1/_crash")
    def crash_for_test():
        raise LookupError(secret)

    return secret
