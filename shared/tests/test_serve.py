"""`serve`: the servers an example needs, its commands, a clean stop, a death named, data kept."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.services.serve import serve

CACHING = "Ajouter un cache simple (Flask-Caching)"
SERVICE_VARIABLES = ("DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")


@pytest.fixture
def embedded_only(monkeypatch):
    for name in SERVICE_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def add_served(repo: Path, needs: list[str], *commands: str) -> Path:
    folder = repo / "level2_architecture" / "11_caching"
    (folder / "tests").mkdir(parents=True, exist_ok=True)
    serve_list = ", ".join(json.dumps(c) for c in commands)
    (folder / "skill.toml").write_text(
        f'skill = "{CACHING}"\ntitle = "t"\nneeds = {json.dumps(needs)}\nserve = [{serve_list}]\n',
        encoding="utf-8",
    )
    return folder


def python(code: str) -> str:
    return f"{sys.executable} -c {shlex.quote(code)}"


def test_it_starts_what_needs_names_exports_it_and_names_a_command_that_dies(
    repo, embedded_only, capfd
):
    probe = (
        "import os, psycopg, redis; "
        "print('redis', redis.Redis.from_url(os.environ['REDIS_URL']).ping()); "
        "print('broker', os.environ['CELERY_BROKER_URL'] == os.environ['REDIS_URL']); "
        "print('db', psycopg.connect(os.environ['DATABASE_URL']).execute('select 1').fetchone()); "
        "raise SystemExit(3)"
    )
    add_served(repo, ["postgres", "celery"], python(probe), python("import time; time.sleep(60)"))
    started = time.monotonic()
    assert serve("2.11", root=repo) == 3  # its exit code: a server must not stop by itself
    out = capfd.readouterr().out
    assert "redis True" in out and "broker True" in out and "db (1,)" in out
    assert "PostgreSQL: embedded" in out and "Redis: embedded" in out
    assert "exited with code 3 while serving; stopping the rest." in out
    assert time.monotonic() - started < 30  # the sleeper was stopped, not waited for


def test_a_restarted_serve_finds_its_data_and_fresh_starts_empty(repo, embedded_only, capfd):
    env_file = repo / ".serve" / "level2_architecture" / "11_caching" / "env"
    count = python(
        "import os, redis; print('count', redis.Redis.from_url(os.environ['REDIS_URL'])"
        f".incr('visits')); print('env file:', open({str(env_file)!r}).read())"
    )
    add_served(repo, ["redis"], count)
    seen = []
    for fresh in (False, False, True):
        serve("2.11", root=repo, fresh=fresh)
        out = capfd.readouterr().out
        seen.append(next(line for line in out.splitlines() if line.startswith("count")))
    assert seen == ["count 1", "count 2", "count 1"]
    assert "env file: export REDIS_URL=redis://127.0.0.1:" in out  # for a second terminal
    assert "source .serve/level2_architecture/11_caching/env" in out
    assert not env_file.exists()  # gone with the servers it described
    assert (repo / ".serve" / "level2_architecture" / "11_caching" / "redis").is_dir()


def test_unknown_command_is_a_clear_error(repo, embedded_only, capsys):
    from shared.services.serve import main

    add_served(repo, [], "no-such-program --flag")
    assert main(["--root", str(repo), "2.11"]) == 2
    assert "cannot start `no-such-program --flag`" in capsys.readouterr().err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_everything_with_one_line_and_no_traceback(repo, embedded_only, signum):
    marker = repo / "child.pid"
    child = python(
        f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    )
    add_served(repo, ["redis"], child)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.services.serve", "--root", str(repo), "2.11"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(200):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.1)
        child_pid = int(marker.read_text())
        proc.send_signal(signum)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "Traceback" not in output
    stop_lines = [line for line in output.splitlines() if "received; stopped" in line]
    assert stop_lines == [
        f"serve: {signal.Signals(signum).name} received; stopped level2_architecture/11_caching "
        "and its servers."
    ]
    with pytest.raises(ProcessLookupError):
        os.kill(child_pid, 0)  # the command it started is gone


def test_serve_does_not_outlive_the_process_that_started_it(repo, embedded_only):
    """nox killed with SIGKILL (or a closed terminal's shell): serve notices and stops its
    commands, instead of leaving them running with nobody to stop them."""
    marker = repo / "child.pid"
    child = python(
        f"import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(120)"
    )
    add_served(repo, [], child)
    root = Path(__file__).resolve().parents[2]
    serve_cmd = [sys.executable, "-m", "shared.services.serve", "--root", str(repo), "2.11"]
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, time; subprocess.Popen({serve_cmd!r}); "
         "time.sleep(120)"],
        cwd=root,
    )  # fmt: skip
    try:
        for _ in range(200):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.1)
        child_pid = int(marker.read_text())
    finally:
        parent.kill()
        parent.wait()
    for _ in range(100):  # up to 10 s
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(child_pid, signal.SIGKILL)
        pytest.fail("the command serve started outlived serve's parent")
