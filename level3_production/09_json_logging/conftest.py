import io
import json
from pathlib import Path

import pytest
from app import create_app

HERE = Path(__file__).resolve().parent
TOKEN = "alice-token-123"


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
def logs(app):
    """logs(): every line app.logger wrote so far, each parsed as JSON (a line that is not JSON
    fails the test). The handler writes to a StringIO instead of stderr."""
    stream = io.StringIO()
    app.logger.handlers[0].setStream(stream)

    def read() -> list[dict]:
        text = stream.getvalue()
        assert text.endswith("\n") or not text
        return [json.loads(line) for line in text.splitlines()]

    return read


@pytest.fixture
def request_line(logs):
    """request_line(): the one "request" record logged so far."""

    def read() -> dict:
        lines = [line for line in logs() if line["message"] == "request"]
        assert len(lines) == 1, lines
        return lines[0]

    return read
