import copy
import time
from pathlib import Path

import pytest
import yaml
from app import create_app
from flags import DEFINITIONS, publish_flags
from openfeature import api

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent
POLL_MS = 50  # the tests' polling interval: a flip is seen within a few of these


@pytest.fixture
def definitions():
    """The flag definitions of flags.yaml, as a dict a test may change."""
    return copy.deepcopy(yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8")))


@pytest.fixture
def flags_file(tmp_path, definitions):
    """A copy of the definitions in a file of this test's own, as `init-flags` writes it."""
    path = tmp_path / "flags.yaml"
    publish_flags(path, definitions)
    return path


@pytest.fixture
def make_app():
    """make_app(flags_file): an app on that file; every provider is shut down after the test."""

    def make(path, **config):
        return create_app(
            {"TESTING": True, "FLAGS_FILE": str(path), "FLAGS_POLL_MS": POLL_MS, **config}
        )

    yield make
    api.clear_providers()  # stops each provider's file-watcher thread


@pytest.fixture
def app(make_app, flags_file):
    return make_app(flags_file)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def as_user():
    """as_user("alice"): the headers of a request made by that user."""
    return lambda user_id: {"X-User-Id": user_id}


@pytest.fixture
def eventually():
    """eventually(check, seconds): retry `check` until it returns a true value, bounded in time."""

    def wait(check, seconds: float = 3.0):
        deadline = time.monotonic() + seconds
        while True:
            result = check()
            if result or time.monotonic() > deadline:
                return result
            time.sleep(POLL_MS / 1000)

    return wait


@pytest.fixture
def error_of():
    """error_of(response, status): the error message, checking the one shape all errors share."""

    def read(response, status: int) -> str:
        assert response.status_code == status, response.get_data(as_text=True)
        body = response.get_json()
        assert list(body) == ["error"] and body["error"]["status"] == status
        return body["error"]["message"]

    return read


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app under real gunicorn, 2 sync workers, on a flags file of its own: (url, path)."""
    path = tmp_path_factory.mktemp("live") / "flags.yaml"
    publish_flags(path, yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8")))
    config = {"FLAGS_FILE": str(path), "FLAGS_POLL_MS": POLL_MS}
    with gunicorn(f"app:create_app({config!r})", cwd=EXAMPLE, args=("--workers", "2")) as url:
        yield url, path
