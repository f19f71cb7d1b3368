"""gunicorn.conf.py is plain Python: load it like gunicorn does, and ask gunicorn itself."""

import multiprocessing
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]  # the example folder

CONF = HERE / "gunicorn.conf.py"
VARIABLES = ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_LOGLEVEL", "FORWARDED_ALLOW_IPS")


@pytest.fixture
def settings(monkeypatch):
    """Load gunicorn.conf.py with the given environment variables (and no others of ours)."""

    def load(**env):
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(CONF))

    return load


def test_defaults_suit_a_container(settings):
    conf = settings()
    assert conf["bind"] == "0.0.0.0:8000"  # every interface of the container
    assert conf["workers"] == min(2 * multiprocessing.cpu_count() + 1, 8)
    assert conf["accesslog"] == "-"  # stdout: `docker logs` shows it
    assert conf["errorlog"] == "-"
    assert conf["wsgi_app"] == "app:create_app()"
    assert conf["chdir"] == str(HERE)
    assert conf["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_the_environment_overrides_bind_workers_and_trusted_proxies(settings):
    conf = settings(GUNICORN_BIND="127.0.0.1:5000", GUNICORN_WORKERS="3", FORWARDED_ALLOW_IPS="*")
    assert conf["bind"] == "127.0.0.1:5000"
    assert conf["workers"] == 3
    assert conf["forwarded_allow_ips"] == "*"


def test_workers_are_capped_at_8(settings, monkeypatch):
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 64)
    assert settings()["workers"] == 8


def test_gunicorn_reads_it_the_same_way():
    env = {**os.environ, "GUNICORN_BIND": "127.0.0.1:1234", "GUNICORN_WORKERS": "3"}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config"],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    lines = (line.partition("=") for line in result.stdout.splitlines())
    printed = {name.strip(): value.strip() for name, _, value in lines}
    assert printed["bind"] == "['127.0.0.1:1234']"
    assert printed["workers"] == "3"
    assert printed["accesslog"] == "-"
    assert printed["wsgi_app"] == "app:create_app()"
