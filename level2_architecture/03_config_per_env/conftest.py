import os

import pytest
from app import create_app


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Each test starts with no APP_ENV and no FLASK_* variables from the machine."""
    for name in list(os.environ):
        if name == "APP_ENV" or name.startswith("FLASK_"):
            monkeypatch.delenv(name)


@pytest.fixture
def app():
    """The app as the tests of a project would build it: the testing environment."""
    return create_app("testing")


@pytest.fixture
def client(app):
    return app.test_client()
