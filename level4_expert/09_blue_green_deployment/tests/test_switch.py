"""The deployment on this machine: real nginx in front of real gunicorn processes, blue and green,
started by `switch.py up` as the README does, then switched by `switch.py deploy` and `rollback`.
Two clients send GET / through nginx all along each switch (a new connection per request; the
README says why), bounded in requests and seconds. Every process is stopped by its PID.

One stack for the module: the tests run in the order of a release (a broken green refused, green
deployed, rolled back to blue); each one first puts the stack in the state it starts from.
"""

import fcntl
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import switch

from shared.services.nginx import NGINX_INSTALL, nginx_binary
from shared.testing import HOST, free_port, running

if nginx_binary() is None:
    pytest.skip(f"nginx not installed: {NGINX_INSTALL}", allow_module_level=True)

HERE = Path(__file__).resolve().parents[1]  # the example folder
SWITCH = HERE / "switch.py"


@dataclass
class Stack:
    state: Path
    port: int

    def cli(self, *args, env=None, timeout=60):
        """`python switch.py ARGS --state ...`, as the README runs it."""
        return subprocess.run(
            [sys.executable, str(SWITCH), *args, "--state", str(self.state)],
            env={**os.environ, **(env or {})},
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip

    def load(self):
        return json.loads((self.state / "state.json").read_text(encoding="utf-8"))

    def live(self):
        state = self.load()
        return state["live"], state["colors"][state["live"]]["version"]

    def get(self, path):
        """One GET through nginx: (status, X-App-Version, body)."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.getheader("X-App-Version"), response.read()
        finally:
            conn.close()

    def workers(self):
        return switch.nginx_workers(self.load()["nginx"]["pid"])

    def running(self):
        """(pid, start) of every process the state records as running."""
        state = self.load()
        entries = [state["nginx"], *state["colors"].values()]
        return [(e["pid"], e["start"]) for e in entries if e["pid"] and switch.alive(e["pid"])]

    def ensure(self, color, version):
        """Deploy until `color` runs `version` (a test run alone starts from a fresh stack)."""
        for _ in range(2):
            if self.live() == (color, version):
                return
            done = self.cli("deploy", version, "--ready-timeout", "20")
            assert done.returncode == 0, done.stderr
        assert self.live() == (color, version)


def distinct_ports(n):
    ports = set()
    while len(ports) < n:
        ports.add(free_port())
    return sorted(ports)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """`switch.py up`: blue 1.0 under gunicorn, nginx in front; stopped by its PID at the end,
    after which every process it recorded must be gone."""
    state = tmp_path_factory.mktemp("deployment")
    port, blue, green = distinct_ports(3)
    command = [
        sys.executable, str(SWITCH), "up", "--state", str(state), "--port", str(port),
        "--blue-port", str(blue), "--green-port", str(green), "--version", "1.0",
    ]  # fmt: skip
    with running(command, port=port, ready="nginx on", timeout=30):
        deployment = Stack(state, port)
        yield deployment
        started = deployment.running()
    left = [(pid, start) for pid, start in started if switch.alive(pid, start)]
    for pid, start in left:  # ours, by PID and start time: up should have stopped them
        switch.stop_pid(pid, start, time.monotonic() + 5)
    assert not left, f"switch.py up left these running: {left}"


def versions(seen):
    return [s.version for s in seen]


def check_no_errors(seen):
    errors = [s for s in seen if s.error or s.status != 200]
    assert errors == [], f"{len(errors)} of {len(seen)} requests failed: {errors[:3]}"


def test_a_green_that_is_not_ready_never_gets_traffic(stack, traffic):
    stack.ensure("blue", "1.0")
    upstream = stack.state / "upstream.conf"
    before = (upstream.read_bytes(), upstream.stat().st_ino, stack.workers())
    green_log = stack.state / "green.log"
    logged = green_log.read_text() if green_log.exists() else ""

    with traffic(stack.port) as seen:
        # 8 s: long enough for green to boot and answer probes on a loaded machine
        done = stack.cli("deploy", "2.1", "--ready-timeout", "8", env={"APP_FAIL_READY": "1"})

    assert done.returncode == 1
    assert "green 2.1: not ready within 8 s (/readyz: 503)" in done.stderr
    assert "nginx still sends every request to blue" in done.stderr
    # nginx's config untouched (not even rewritten: same inode), nginx not reloaded.
    assert (upstream.read_bytes(), upstream.stat().st_ino, stack.workers()) == before
    check_no_errors(seen)
    assert set(versions(seen)) == {"1.0"} and len(seen) > 20
    # green answered its probes, and nothing else: no request reached it through nginx.
    green = green_log.read_text()[len(logged) :]
    requests = [line for line in green.splitlines() if '"GET ' in line]
    assert requests and all('"GET /readyz HTTP/1.1" 503' in line for line in requests)
    state = stack.load()
    assert state["live"] == "blue" and state["colors"]["green"]["pid"] is None
    assert stack.running() and len(stack.running()) == 2  # nginx and blue; green stopped


def test_deploy_moves_every_new_request_to_green_with_zero_errors(stack, traffic, monkeypatch):
    """switch.deploy in this process, so that a slow request can be in flight on blue at the
    moment nginx is reloaded: the drain must let it finish before blue is stopped."""
    stack.ensure("blue", "1.0")
    blue = stack.load()["colors"]["blue"]
    slow = {}
    reload_nginx = switch.reload_nginx

    def reload_with_a_slow_request_on_blue(state_dir, binary):
        thread = threading.Thread(target=lambda: slow.update(answer=stack.get("/slow?seconds=0.8")))
        thread.start()
        slow["thread"] = thread
        deadline = time.monotonic() + 5
        while "/slow" not in json.loads(fetch_inflight(blue["port"]))["paths"]:
            assert time.monotonic() < deadline, "the slow request never reached blue"
            time.sleep(0.01)
        reload_nginx(state_dir, binary)

    monkeypatch.setattr(switch, "reload_nginx", reload_with_a_slow_request_on_blue)
    with traffic(stack.port) as seen:
        began = time.monotonic()
        state = switch.deploy(stack.state, "2.0", ready_timeout=20, drain_timeout=10)
        settled = time.monotonic()
    slow["thread"].join(timeout=10)

    check_no_errors(seen)
    assert (state["live"], state["previous"]) == ("green", {"color": "blue", "version": "1.0"})
    before = [s.version for s in seen if s.end < began]
    after = [s.version for s in seen if s.start > settled]
    assert len(before) > 10 and set(before) == {"1.0"}
    assert len(after) > 10 and set(after) == {"2.0"}  # the reload settled: only green
    assert set(versions(seen)) == {"1.0", "2.0"}
    assert stack.get("/")[:2] == (200, "2.0")
    # The slow request was on blue when nginx reloaded: it finished, from blue, and only then
    # was blue told to stop (its log: the request's line before the TERM).
    status, version, body = slow["answer"]
    assert (status, version) == (200, "1.0") and json.loads(body)["color"] == "blue"
    log = (stack.state / "blue.log").read_text()
    assert log.index('"GET /slow?seconds=0.8 HTTP/1.0" 200') < log.index("Handling signal: term")
    assert not switch.alive(blue["pid"], blue["start"])  # stopped, by its PID


def fetch_inflight(port):
    """blue's own /inflight, straight to its port (not through nginx)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request("GET", "/inflight")
        return conn.getresponse().read()
    finally:
        conn.close()


def test_rollback_returns_traffic_to_blue_with_zero_errors(stack, traffic):
    released = (("green", "2.0"), {"color": "blue", "version": "1.0"})
    if (stack.live(), stack.load()["previous"]) != released:  # run alone: deploy first
        stack.ensure("blue", "1.0")
        stack.ensure("green", "2.0")
    with traffic(stack.port) as seen:
        began = time.monotonic()
        done = stack.cli("rollback")
        settled = time.monotonic()

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("rollback: blue 1.0\n")
    assert done.stdout.endswith("green 2.0: drained, stopped\nlive: blue 1.0\n")
    check_no_errors(seen)
    assert set(s.version for s in seen if s.end < began) == {"2.0"}
    assert set(s.version for s in seen if s.start > settled) == {"1.0"}
    assert stack.live() == ("blue", "1.0")
    assert stack.load()["previous"] == {"color": "green", "version": "2.0"}
    assert stack.cli("status").stdout.splitlines()[1] == "idle: green (stopped)"


def test_a_config_nginx_refuses_is_never_loaded(stack):
    """`nginx -s reload` checks the whole config first: a broken upstream.conf is an error
    naming nginx's complaint, and the running workers keep the config that works."""
    live_version = stack.live()[1]
    upstream = stack.state / "upstream.conf"
    good, workers = upstream.read_text(), stack.workers()
    upstream.write_text("server 127.0.0.1:not-a-port;\n")
    try:
        with pytest.raises(switch.SwitchError, match=r"nginx refused .*\[emerg\].*invalid port"):
            switch.reload_nginx(stack.state, stack.load()["nginx"]["binary"])
        assert stack.workers() == workers  # no reload happened
        assert stack.get("/")[:2] == (200, live_version)
    finally:
        upstream.write_text(good)


def test_a_deploy_whose_config_nginx_refuses_changes_nothing(stack, monkeypatch):
    """The new color stands in for a process that is ready at once (a sleeper, stopped by its
    PID); its upstream line is broken: deploy puts upstream.conf back and stops the new color."""
    before, workers = stack.load(), stack.workers()
    upstream = stack.state / "upstream.conf"
    good = upstream.read_bytes()
    started = []

    def start_a_sleeper(state_dir, state, color, version):
        started.append(subprocess.Popen(["sleep", "30"]))
        pid = started[-1].pid
        state["colors"][color].update(version=version, pid=pid, start=switch.started_at(pid))
        switch.save(state_dir, state)
        return started[-1]

    monkeypatch.setattr(switch, "start_color", start_a_sleeper)
    monkeypatch.setattr(switch, "wait_ready", lambda *args: "ready")
    monkeypatch.setattr(switch, "upstream_conf", lambda *args: "server 127.0.0.1:x;\n")
    try:
        with pytest.raises(switch.SwitchError, match="nginx refused"):
            switch.deploy(stack.state, "2.2", ready_timeout=1, drain_timeout=1)
        assert started[0].wait(timeout=5) == -switch.signal.SIGTERM  # stopped, by its PID
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert upstream.read_bytes() == good and stack.workers() == workers
    assert stack.load() == before  # the idle color as it was: version, no PID
    assert stack.get("/")[:2] == (200, stack.live()[1])


@pytest.mark.parametrize(
    ("version", "error"),
    [
        ("2.0;\n}", "version '2.0;\\n}': letters, digits"),  # would end up in nginx's config
        ("", "version '': letters, digits"),
        ("x" * 33, "(at most 32)"),
    ],
)
def test_a_bad_version_is_refused_before_anything_starts(stack, version, error):
    before = stack.load()
    with pytest.raises(switch.SwitchError) as raised:
        switch.deploy(stack.state, version, ready_timeout=1, drain_timeout=1)
    assert error in str(raised.value)
    assert stack.load() == before


def test_a_second_up_on_the_same_state_leaves_the_first_running(stack):
    before, running = stack.load(), stack.running()
    done = stack.cli("up", "--port", str(free_port()))
    assert done.returncode == 1 and "already up in" in done.stderr
    assert stack.load() == before and stack.running() == running  # nothing stopped
    assert stack.get("/")[0] == 200


def test_rollback_before_any_switch_is_refused(tmp_path):
    (tmp_path / "state.json").write_text(json.dumps({"previous": None}))
    with pytest.raises(switch.SwitchError, match="nothing to roll back to"):
        switch.rollback(tmp_path, ready_timeout=1, drain_timeout=1)


def test_a_second_switch_at_the_same_time_is_refused(stack):
    before = stack.load()
    with open(stack.state / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a deploy holds it
        done = stack.cli("deploy", "9.9")
    assert done.returncode == 1
    assert "another switch is running on this state folder" in done.stderr
    assert stack.load() == before
