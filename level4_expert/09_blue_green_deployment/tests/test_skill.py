"""Skill checks: each region does what a blue-green switch needs, including where a shortcut
would look right: a readiness wait that trusts an open port, a 200 from another version, or
waits forever; an upstream file written in place; a drain that stops blue before nginx's old
workers are done with it. Everything here runs in this process, in about a second."""

import socket
import subprocess
import sys
import threading
import time

import pytest
import switch

from shared.testing import free_port

# --- the readiness wait ---------------------------------------------------------------------------


def test_skill_readiness_waits_for_a_200_from_the_version_started(stub):
    url, hits = stub([(503, "2.0"), (503, "2.0"), (200, "2.0")])
    seen = switch.wait_ready(url, "2.0", time.monotonic() + 5)
    assert seen == "ready" and [path for path, _ in hits] == ["/readyz"] * 3, (
        "Skill missing: wait_ready polls GET /readyz again and again until it answers 200, "
        f'then returns "ready" (it returned {seen!r} after {len(hits)} request(s))'
    )


@pytest.mark.parametrize(
    ("script", "says"),
    [
        ([(503, "2.0")], "/readyz: 503"),  # up, but not ready: a broken release
        ([(200, "1.0")], "version 1.0"),  # ready, but another process: an old one on that port
        ([(200, None)], "version None"),
    ],
)
def test_skill_readiness_gives_up_at_its_deadline(stub, script, says):
    url, _ = stub(script)
    started = time.monotonic()
    seen = switch.wait_ready(url, "2.0", started + 0.3)
    took = time.monotonic() - started
    assert seen != "ready", (
        'Skill missing: wait_ready is "ready" only for a 200 whose X-App-Version is the version '
        f"it waits for (it said ready to {script[0]})"
    )
    assert 0.25 <= took < 1, (
        f"Skill missing: wait_ready retries until its deadline (0.3 s), then stops ({took:.1f} s)"
    )
    assert seen == says, f"Skill missing: wait_ready returns what it saw last: {says!r}"


def test_skill_readiness_never_hangs_on_a_process_that_accepts_and_never_answers():
    hung = socket.create_server(("127.0.0.1", 0))  # the kernel accepts; nobody answers
    url, result = f"http://127.0.0.1:{hung.getsockname()[1]}", {}
    waiting = threading.Thread(
        target=lambda: result.update(seen=switch.wait_ready(url, "2.0", time.monotonic() + 0.3))
    )
    started = time.monotonic()
    waiting.start()
    waiting.join(timeout=3)  # bounded, even for a wait_ready without any timeout
    took = time.monotonic() - started
    hung.close()  # resets the connection: a probe still blocked returns
    waiting.join(timeout=5)
    seen = result.get("seen", "still waiting")
    assert took < 0.3 + switch.PROBE_TIMEOUT + 0.3 and seen.startswith("no answer"), (
        "Skill missing: each probe has a timeout (PROBE_TIMEOUT, and never past the deadline): "
        f"a hung process kept wait_ready {took:.1f} s"
    )


def test_skill_readiness_retries_a_port_nothing_listens_on_yet():
    started = time.monotonic()
    seen = switch.wait_ready(f"http://127.0.0.1:{free_port()}", "2.0", started + 0.3)
    assert seen == "refused" and time.monotonic() - started >= 0.25, (
        'Skill missing: a refused connection is not an error, it is "not yet": retry until the '
        f'deadline and say "refused" (got {seen!r})'
    )


def test_skill_readiness_stops_at_once_when_the_process_died():
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    proc.wait()
    started = time.monotonic()
    seen = switch.wait_ready(f"http://127.0.0.1:{free_port()}", "2.0", started + 5, proc)
    assert seen == "exited with code 3" and time.monotonic() - started < 0.5, (
        "Skill missing: wait_ready checks proc.poll() first: a green that crashed at start "
        f"will never be ready, so say so now (got {seen!r})"
    )


# --- the atomic write of upstream.conf ------------------------------------------------------------


@pytest.fixture
def opened():
    """Every file this process opens for writing while recording: (path, flags), from the
    interpreter's own audit hook (sys.addaudithook; a hook cannot be removed, so it is added
    once and records only while the list is active)."""
    recording = _recorder()
    recording.clear()
    _recorder.active = True
    yield recording
    _recorder.active = False


def _recorder(cache=[]):  # noqa: B006 - one list and one hook for the whole session
    if not cache:
        cache.append([])

        def hook(event, args):
            if event == "open" and _recorder.active and args[0] is not None:
                mode, flags = args[1], args[2]
                if (mode and set(mode) & set("wax+")) or (flags & 0o3):
                    cache[0].append(str(args[0]))

        sys.addaudithook(hook)
    return cache[0]


_recorder.active = False


def test_skill_upstream_conf_is_replaced_never_rewritten_in_place(tmp_path, opened):
    path = tmp_path / "upstream.conf"
    path.write_text("server 127.0.0.1:8001;  # blue 1.0\n")
    inode = path.stat().st_ino
    opened.clear()
    switch.write_atomically(path, "server 127.0.0.1:8002;  # green 2.0\n")
    written = list(opened)
    assert path.read_text() == "server 127.0.0.1:8002;  # green 2.0\n", (
        "Skill missing: write_atomically writes the text to path"
    )
    assert str(path) not in written and path.stat().st_ino != inode, (
        "Skill missing: write a temp file, then os.replace(tmp, path): opening upstream.conf "
        "itself for writing empties it first, and nginx may read it then"
    )
    assert written and all(w.startswith(f"{tmp_path}/") for w in written), (
        "Skill missing: the temp file is in the same folder as upstream.conf: os.replace is "
        f"atomic only within one filesystem (wrote {written})"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["upstream.conf"], (
        "Skill missing: no temp file left behind"
    )


def test_skill_a_write_that_fails_leaves_the_old_file(tmp_path):
    path = tmp_path / "upstream.conf"
    path.write_text("server 127.0.0.1:8001;  # blue 1.0\n")
    with pytest.raises(UnicodeEncodeError):
        switch.write_atomically(path, "server 127.0.0.1:8002;  # \ud800\n")  # cannot be UTF-8
    assert path.read_text() == "server 127.0.0.1:8001;  # blue 1.0\n", (
        "Skill missing: a failed write leaves upstream.conf as it was (write the temp file, "
        "and replace only once it is complete)"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["upstream.conf"], (
        "Skill missing: the temp file is removed when the write fails"
    )


# --- the drain ------------------------------------------------------------------------------------


def sleeper():
    return subprocess.Popen(["sleep", "30"])


@pytest.fixture
def processes():
    """sleeper processes of this test, stopped by PID at the end."""
    started = []

    def start():
        started.append(sleeper())
        return started[-1]

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_skill_drain_waits_for_nginxs_old_workers_then_for_requests_in_flight(stub, processes):
    """An old nginx worker (a child of this process: this process plays nginx's master) exits
    after 0.3 s; blue then reports 2, 1, 0 requests in flight; only then may blue be stopped."""
    blue, old_worker = processes(), processes()
    url, hits = stub([(200, "1.0", 2), (200, "1.0", 1), (200, "1.0", 0)])
    events = []

    def worker_done():
        events.append(("old worker exits", time.monotonic(), blue.poll()))
        old_worker.kill()
        old_worker.wait()

    threading.Timer(0.3, worker_done).start()
    how = switch.drain(url, blue.pid, switch.started_at(blue.pid), master=switch.os.getpid(),
                       old_workers={old_worker.pid}, deadline=time.monotonic() + 5)  # fmt: skip
    blue.wait(timeout=5)
    asked = [at for path, at in hits if path == "/inflight"]
    assert events and events[0][2] is None, (
        "Skill missing: drain waits while an old nginx worker runs: it may still send blue a "
        "request (blue was stopped before the old worker exited)"
    )
    assert len(asked) >= 3 and min(asked) >= events[0][1], (
        "Skill missing: once the old workers are gone, drain asks blue's /inflight until it "
        f"says 0 (asked {len(asked)} time(s))"
    )
    assert how == "stopped" and blue.returncode == -switch.signal.SIGTERM, (
        "Skill missing: then drain stops blue by its PID with SIGTERM (stop_pid), and says how "
        f"(returned {how!r}, blue's exit {blue.returncode})"
    )


def test_skill_drain_stops_waiting_at_its_deadline(stub, processes):
    blue, old_worker = processes(), processes()  # an old worker that never exits
    url, _ = stub([(200, "1.0", 1)])  # and a request that never ends
    started = time.monotonic()
    how = switch.drain(url, blue.pid, switch.started_at(blue.pid), master=switch.os.getpid(),
                       old_workers={old_worker.pid}, deadline=started + 0.5)  # fmt: skip
    assert time.monotonic() - started < 2 and blue.wait(timeout=5) < 0, (
        "Skill missing: every wait of drain ends at the deadline, and blue is stopped anyway "
        f"(SIGKILL if need be): returned {how!r} after {time.monotonic() - started:.1f} s"
    )
