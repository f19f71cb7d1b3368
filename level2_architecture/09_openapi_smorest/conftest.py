from pathlib import Path

import pytest
from app import create_app

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent


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
def spec(client):
    """The OpenAPI document as the app serves it."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.fixture(scope="session")
def live_url():
    """The app under real gunicorn on 127.0.0.1 (one worker: the books live in its memory)."""
    with gunicorn("app:create_app()", cwd=EXAMPLE, args=("--workers", "1")) as url:
        yield url
