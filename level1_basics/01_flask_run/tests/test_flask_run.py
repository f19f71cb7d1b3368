"""`flask run` really serves the app: started as a subprocess, queried over a real socket."""

import subprocess
import sys
import urllib.request
from importlib.metadata import version
from pathlib import Path

from shared.testing import free_port, running

EXAMPLE = Path(__file__).resolve().parents[1]
ROOT = EXAMPLE.parents[1]  # the repository root, where the README's commands run
APP_PATH = EXAMPLE.relative_to(ROOT) / "app.py"  # level1_basics/01_flask_run/app.py
# The `flask` command that `pip install flask` put next to this Python interpreter.
FLASK = str(Path(sys.executable).parent / "flask")
# Unbuffered output, so that what `flask run` prints is there even though it is stopped by a signal;
# no .env/.flaskenv from the machine, and no debug mode unless a test asks for it.
ENV = {"PYTHONUNBUFFERED": "1", "FLASK_SKIP_DOTENV": "1", "FLASK_DEBUG": "0"}


def get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers, response.read().decode()


def test_flask_is_installed_and_the_flask_command_reports_its_version():
    result = subprocess.run([FLASK, "--version"], capture_output=True, text=True, check=True)

    assert f"Flask {version('flask')}" in result.stdout


def test_flask_run_serves_the_app_over_http():
    port = free_port()
    cmd = [FLASK, "--app", str(APP_PATH), "run", "--port", str(port)]

    with running(cmd, port=port, cwd=ROOT, env=ENV) as proc:
        status, headers, body = get(f"http://127.0.0.1:{port}/")
        # Without --debug there is no debugger: its URL is just the home page.
        _, _, debugger_body = get(
            f"http://127.0.0.1:{port}/?__debugger__=yes&cmd=resource&f=style.css"
        )

    assert status == 200
    assert body == "Hello, Flask!"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Server"].startswith("Werkzeug/")  # the development server answered
    assert debugger_body == "Hello, Flask!"
    output = proc.output
    assert "Serving Flask app" in output
    assert f"Running on http://127.0.0.1:{port}" in output
    assert "Debug mode: off" in output
    assert '"GET / HTTP/1.1" 200' in output  # the request log line


def test_flask_run_debug_turns_debug_mode_on():
    port = free_port()
    # --no-reload keeps one process (the reloader would start a child): stopping it by PID is clean.
    cmd = [FLASK, "--app", str(APP_PATH), "run", "--port", str(port), "--debug", "--no-reload"]

    with running(cmd, port=port, cwd=ROOT, env=ENV) as proc:
        status, _, body = get(f"http://127.0.0.1:{port}/")
        # In debug mode the interactive debugger wraps the app; it serves its own files.
        _, debugger_headers, _ = get(
            f"http://127.0.0.1:{port}/?__debugger__=yes&cmd=resource&f=style.css"
        )

    assert (status, body) == (200, "Hello, Flask!")
    assert debugger_headers["Content-Type"].startswith("text/css")
    assert "Debug mode: on" in proc.output
