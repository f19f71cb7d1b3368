import os

import pytest
from app import create_app


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Each test starts with no MYAPP_* variable, and leaves os.environ as it found it.

    load_dotenv() writes the .env values into os.environ; without this, one test's
    .env would leak into the next one.
    """
    for name in list(os.environ):
        if name.startswith("MYAPP_"):
            monkeypatch.delenv(name)
    before = dict(os.environ)
    yield
    for name in set(os.environ) - set(before):
        del os.environ[name]
    os.environ.update(before)


@pytest.fixture
def write_env(tmp_path):
    """Write a .env file in the test's own temporary folder and return its path."""

    def write(text, name=".env"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def app(tmp_path):
    """The app with no .env file: only the defaults in code and the environment apply."""
    app = create_app(env_file=tmp_path / "missing.env")
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
