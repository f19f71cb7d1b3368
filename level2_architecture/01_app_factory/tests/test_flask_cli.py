"""The real `flask` command calls the factory: it finds create_app() in the package by itself,
and it can pass arguments to it, so two servers with different configs run side by side."""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from shared.testing import free_port, running

EXAMPLE = Path(__file__).resolve().parents[1]
ROOT = EXAMPLE.parents[1]  # the repository root, where the README's commands run
PACKAGE = EXAMPLE.relative_to(ROOT) / "notes"  # level2_architecture/01_app_factory/notes
FLASK = str(Path(sys.executable).parent / "flask")  # the flask next to this Python
ENV = {"PYTHONUNBUFFERED": "1", "FLASK_SKIP_DOTENV": "1", "FLASK_DEBUG": "0"}


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.headers, json.loads(response.read())


def test_flask_finds_create_app_in_the_package_and_calls_it(tmp_path):
    # The same command as in the README, run in a copy of the example, so the default
    # database (instance/notes.db) is written into tmp_path, not into the repository.
    shutil.copytree(EXAMPLE / "notes", tmp_path / PACKAGE, ignore=shutil.ignore_patterns("__py*"))

    result = subprocess.run(
        [FLASK, "--app", str(PACKAGE), "routes"],
        cwd=tmp_path,
        env={**os.environ, **ENV},
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    endpoints = {line.split()[0] for line in result.stdout.splitlines()[2:]}
    assert endpoints == {"notes.index", "notes.list_notes", "notes.create_note", "static"}
    # create_app() ran with its defaults: the tables are in the instance folder's notes.db.
    assert (tmp_path / PACKAGE.parent / "instance" / "notes.db").is_file()


def test_flask_run_two_apps_with_different_configs_side_by_side(tmp_path):
    servers = []
    for name in ("Work", "Home"):
        config = {"NOTES_NAME": name, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.db"}
        port = free_port()
        app = f"{PACKAGE}:create_app({config!r})"  # flask passes the literal dict to the factory
        servers.append((port, [FLASK, "--app", app, "run", "--port", str(port)]))
    (work_port, work_cmd), (home_port, home_cmd) = servers

    with (
        running(work_cmd, port=work_port, cwd=ROOT, env=ENV),
        running(home_cmd, port=home_port, cwd=ROOT, env=ENV),
    ):
        work, home = f"http://127.0.0.1:{work_port}", f"http://127.0.0.1:{home_port}"
        created = call("POST", f"{work}/notes", {"text": "Send the report"})
        _, work_headers, work_index = call("GET", f"{work}/")
        _, home_headers, home_index = call("GET", f"{home}/")
        _, _, home_notes = call("GET", f"{home}/notes")

    assert created[0] == 201
    assert work_index == {"name": "Work", "notes": 1}
    assert home_index == {"name": "Home", "notes": 0}
    assert home_notes == []
    assert work_headers["X-Notes-App"] == "Work"
    assert home_headers["X-Notes-App"] == "Home"
