import os

import pytest
from app import create_app


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No APP_* (or DYNACONF_*) variable from the machine, and os.environ exactly as it was
    afterwards (a loader that copied a .env file into it would leak into the next test)."""
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith(("APP_", "DYNACONF_")) or name in ("SETTINGS_LOADER", "SECRETS_DIR"):
            monkeypatch.delenv(name)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(params=["pydantic", "dynaconf"])
def loader(request):
    """Every test that asks for it runs twice: once per loader."""
    return request.param


@pytest.fixture
def env_file(tmp_path):
    return tmp_path / ".env"


@pytest.fixture
def secrets_dir(tmp_path):
    folder = tmp_path / "secrets"
    folder.mkdir()
    return folder


@pytest.fixture
def write_env(env_file):
    """write_env(APP_MAIL__PORT="2525", ...): the .env file, one NAME=value line each."""

    def write(**lines):
        env_file.write_text("".join(f"{k}={v}\n" for k, v in lines.items()), encoding="utf-8")

    return write


@pytest.fixture
def write_secret(secrets_dir):
    """write_secret("app_secret_key", value): one file per secret, as Docker's /run/secrets."""

    def write(name, value):
        (secrets_dir / name).write_text(value + "\n", encoding="utf-8")

    return write


@pytest.fixture
def make_app(loader, env_file, secrets_dir):
    """make_app(): create_app with this test's loader, .env and secrets directory."""
    return lambda: create_app(loader, env_file=env_file, secrets_dir=secrets_dir)


@pytest.fixture
def shown(make_app):
    """shown(): the JSON of /config of a fresh app."""

    def get():
        response = make_app().test_client().get("/config")
        assert response.status_code == 200
        return response.get_json()

    return get
