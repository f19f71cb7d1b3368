"""A real gunicorn run (gunicorn.conf.py, 2 workers): every line it printed is JSON.

The traffic is sent once, bounded (40 requests from 8 threads, then a few hostile ones over a raw
socket), gunicorn is stopped by its PID, and then its whole output (stdout and stderr) is read.
"""

import json
import socket
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from shared.testing import HOST, free_port, running

HERE = Path(__file__).resolve().parents[1]
TOKEN = "alice-token-123"
CLIENTS = 40


def raw(port, data: bytes) -> bytes:
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture(scope="module")
def run():
    port = free_port()
    cmd = [sys.executable, "-m", "gunicorn", "-c", str(HERE / "gunicorn.conf.py")]
    env = {"GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_WORKERS": "2"}
    url = f"http://{HOST}:{port}"

    def one(i):
        headers = {"X-Request-ID": f"client-{i}", "Authorization": f"Bearer {TOKEN}"}
        return requests.get(f"{url}/api/me?token=q-secret-{i}", headers=headers, timeout=10)

    with running(cmd, port=port, cwd="/", env=env, timeout=20) as proc:
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(one, range(CLIENTS)))
        login = requests.post(
            f"{url}/api/login", json={"username": "alice", "password": "wonderland"}, timeout=10
        )
        boom = requests.get(f"{url}/api/boom", timeout=10)
        note = requests.post(f"{url}/api/note", data="line one\nline two\x00", timeout=10)
        weird = raw(port, b"GET /api/me HTTP/1.0\r\nX-Weird: a\x01b\x1bc\r\n\r\n")
        broken = raw(port, b"NOT HTTP AT ALL\r\n\r\n")
    return {
        "answers": answers, "login": login, "boom": boom, "note": note,
        "weird": weird, "broken": broken, "output": proc.output,
    }  # fmt: skip


@pytest.fixture(scope="module")
def lines(run):
    return [json.loads(line) for line in run["output"].splitlines()]


def test_every_line_gunicorn_printed_is_json(run):
    output = run["output"]
    assert output.endswith("\n")
    for number, line in enumerate(output.splitlines(), 1):
        try:
            assert isinstance(json.loads(line), dict)
        except ValueError:
            pytest.fail(f"line {number} is not JSON: {line!r}")


def test_gunicorn_itself_logs_json(lines):
    gunicorn = [line["message"] for line in lines if line["logger"] == "gunicorn.error"]
    assert any(m.startswith("Listening at: ") for m in gunicorn)
    assert sum(m.startswith("Booting worker") for m in gunicorn) >= 2


def test_each_concurrent_request_is_one_line_with_its_own_id_and_user(run, lines):
    assert [a.status_code for a in run["answers"]] == [200] * CLIENTS
    requests_ = [
        line for line in lines if line["message"] == "request" and line["path"] == "/api/me"
    ]
    by_id = {line["request_id"]: line for line in requests_}
    wanted = {f"client-{i}" for i in range(CLIENTS)}
    assert (
        wanted <= set(by_id) and len([r for r in requests_ if r["request_id"] in wanted]) == CLIENTS
    )
    for i in range(CLIENTS):
        line = by_id[f"client-{i}"]
        assert (line["status"], line["user"], line["method"]) == (200, "alice", "GET")
        assert line["query"] == {"token": "[REDACTED]"}


def test_no_secret_reaches_the_output(run):
    assert run["login"].json() == {"token": TOKEN}
    output = run["output"]
    assert TOKEN not in output and "wonderland" not in output and "q-secret" not in output


def test_the_exception_is_one_error_line_with_its_traceback(run, lines):
    assert run["boom"].status_code == 500
    (error,) = [line for line in lines if line["level"] == "ERROR" and line["logger"] == "app"]
    assert "Traceback" in error["exc_info"] and "something broke\non two lines" in error["exc_info"]


def test_hostile_text_and_headers_stay_one_line(run, lines):
    assert run["note"].status_code == 202
    assert any(line["message"] == "note: line one\nline two\x00" for line in lines)
    # gunicorn refuses control characters in a header (400) before the app sees them
    assert run["weird"].startswith(b"HTTP/1.1 400")
    assert run["broken"].startswith(b"HTTP/1.1 400")
