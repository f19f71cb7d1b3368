"""The README's commands: `flask` builds the app for APP_ENV, and production refuses to start
with an unsafe setting, before serving anything, without printing the secret."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from shared.testing import free_port, running

EXAMPLE = Path(__file__).resolve().parents[1]
ROOT = EXAMPLE.parents[1]  # the repository root, where the README's commands run
APP_PATH = str(EXAMPLE.relative_to(ROOT) / "app.py")  # level2_architecture/03_config_per_env/app.py
FLASK = str(Path(sys.executable).parent / "flask")  # the flask next to this Python
GOOD_KEY = "0123456789abcdef" * 4  # 64 characters: long enough for production
BASE_ENV = {"PYTHONUNBUFFERED": "1", "FLASK_SKIP_DOTENV": "1"}


def clean_env(**extra):
    """The machine's environment without APP_ENV or FLASK_* settings, plus `extra`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "APP_ENV" and not name.startswith("FLASK_")
    }
    return {**env, **BASE_ENV, **extra}


def test_flask_run_serves_the_production_config(tmp_path):
    port = free_port()
    cmd = [FLASK, "--app", APP_PATH, "run", "--port", str(port)]
    env = clean_env(APP_ENV="production", FLASK_SECRET_KEY=GOOD_KEY)

    with running(cmd, port=port, cwd=ROOT, env=env) as proc:
        url = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{url}/", timeout=5) as response:
            settings = json.loads(response.read())
        with urllib.request.urlopen(f"{url}/visits", timeout=5) as response:
            cookie = response.headers["Set-Cookie"]

    assert settings == {
        "env": "production",
        "debug": False,
        "testing": False,
        "log_level": "WARNING",
        "session_cookie_secure": True,
    }
    assert "; Secure" in cookie
    assert GOOD_KEY not in proc.output


@pytest.mark.parametrize(
    ("args", "extra", "expected"),
    [
        (["run"], {}, "SECRET_KEY is not set."),
        (["run", "--debug"], {"FLASK_SECRET_KEY": GOOD_KEY}, "DEBUG is on."),
        (["routes"], {"FLASK_SECRET_KEY": "hunter2-is-my-password"}, "SECRET_KEY is too short"),
    ],
    ids=["no-key", "run-debug", "short-key"],
)
def test_production_refuses_to_start_from_the_command_line(args, extra, expected):
    port = free_port()
    if args[0] == "run":
        args = [*args, "--port", str(port)]

    result = subprocess.run(
        [FLASK, "--app", APP_PATH, *args],
        cwd=ROOT,
        env=clean_env(APP_ENV="production", **extra),
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode != 0
    assert "ConfigError: Refusing to start in production:" in result.stderr
    assert expected in result.stderr
    assert "Running on" not in result.stdout + result.stderr  # it never served
    for secret in extra.values():
        assert secret not in result.stdout + result.stderr


def test_an_unknown_app_env_stops_the_flask_command():
    result = subprocess.run(
        [FLASK, "--app", APP_PATH, "routes"],
        cwd=ROOT,
        env=clean_env(APP_ENV="staging"),
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode != 0
    assert (
        "APP_ENV='staging' is not a known environment. "
        "Use one of: development, testing, production." in result.stderr
    )
