import sys
from pathlib import Path

import pytest
from app import app as flask_app

from shared.testing import free_port, running

EXAMPLE = Path(__file__).resolve().parent


@pytest.fixture
def app():
    flask_app.config.update(TESTING=True)
    return flask_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="module")
def server_port():
    """The example under `flask run`, for requests sent byte for byte over a real socket."""
    port = free_port()
    cmd = [sys.executable, "-m", "flask", "--app", "app.py", "run", "--port", str(port)]
    with running(cmd, port=port, cwd=EXAMPLE):
        yield port
