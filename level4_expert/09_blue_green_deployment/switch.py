"""Blue-green deployment of app.py behind nginx, from the command line.

    python switch.py up [--port 8080]  blue 1.0, then nginx in front of it (Ctrl-C stops all)
    python switch.py deploy 2.0        the idle color: start, wait until ready, switch nginx, drain
    python switch.py rollback          the previous color and version back, the same way
    python switch.py status            which color is live, and what runs where

A deploy either switches every new request to the new color or changes nothing: green is started
and must answer /readyz (with its own version) before nginx hears of it; then upstream.conf is
replaced atomically and nginx reloaded; then blue is drained (nginx's old workers gone, no request
in flight) and only then stopped, by its PID.

Everything lives in a state folder (--state; by default, under the repository root,
.serve/level4_expert/09_blue_green_deployment): state.json (both colors' ports, versions and
PIDs, the live one, the previous one), nginx.conf (this folder's, with the port set) and
upstream.conf (the one line that decides where traffic goes), and the logs: blue.log,
green.log, access.log, error.log.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_STATE = HERE.parents[1] / ".serve" / HERE.parent.name / HERE.name
HOST = "127.0.0.1"
UPSTREAM = "upstream.conf"
NGINX_INSTALL = "apt-get install -y nginx"
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}", re.ASCII)  # it goes into nginx's config
PROBE_TIMEOUT = 0.5  # seconds one /readyz or /inflight request may take
POLL = 0.02  # seconds between two looks at nginx's workers or a color's in-flight count
# No proxy from the environment (http_proxy) between the switch and 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
STARTED: list[subprocess.Popen] = []  # the colors this process started: it reaps them


class SwitchError(Exception):
    """A switch that cannot go on; the message says why, and what was left as it was."""


def other(color: str) -> str:
    return "green" if color == "blue" else "blue"


# --- processes, by PID ----------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name: [state, ppid, ...], or None if there is no PID."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def started_at(pid: int) -> int | None:
    """When `pid` started (clock ticks since boot): with the PID, it names one process, even
    once the PID is reused."""
    stat = _stat(pid)
    return int(stat[19]) if stat else None


def alive(pid: int, start: int | None = None) -> bool:
    """Whether that process runs: a zombie (exited, not yet reaped) does not."""
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z" and (start is None or int(stat[19]) == start)


def stop_pid(pid: int, start: int | None, deadline: float) -> str:
    """SIGTERM to the process we started (same PID and start time), SIGKILL at the deadline."""
    if not alive(pid, start):
        return "already stopped"
    os.kill(pid, signal.SIGTERM)
    while alive(pid, start) and time.monotonic() < deadline:
        time.sleep(POLL)
    if not alive(pid, start):
        return "stopped"
    os.kill(pid, signal.SIGKILL)
    while alive(pid, start):
        time.sleep(POLL)
    return "killed at the deadline"


def nginx_workers(master: int) -> set[int]:
    """The PIDs whose parent is nginx's master: its workers, read from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master and fields[0] != "Z":
                found.add(int(stat.parent.name))
    return found


def port_in_use(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.2):
        return True
    return False


# --- the state folder -----------------------------------------------------------------------------


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text`: a reader (nginx) sees the old file or the new one, never a
    half-written one, and a write that fails leaves the old file as it was."""
    # exercise: start - a temp file beside path, fsynced, then os.replace; unlink it on failure
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)  # one rename(2): atomic on the same filesystem
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # exercise: end


def load(state_dir: Path) -> dict:
    try:
        return json.loads((state_dir / "state.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SwitchError(f"no deployment in {state_dir}: run `switch.py up` first") from None


def save(state_dir: Path, state: dict) -> None:
    write_atomically(state_dir / "state.json", json.dumps(state, indent=2) + "\n")


@contextlib.contextmanager
def locked(state_dir: Path):
    """One switch at a time: a second one refuses at once instead of racing the first."""
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / "lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SwitchError("another switch is running on this state folder") from None
        yield


def upstream_conf(state: dict, color: str) -> str:
    entry = state["colors"][color]
    return f"server {HOST}:{entry['port']};  # {color} {entry['version']}\n"


def url_of(state: dict, color: str) -> str:
    return f"http://{HOST}:{state['colors'][color]['port']}"


# --- a color: start, readiness, in-flight ---------------------------------------------------------


def start_color(state_dir: Path, state: dict, color: str, version: str) -> subprocess.Popen:
    """gunicorn running app.py as `color` with APP_VERSION=`version`, in a session of its own
    (Ctrl-C in the terminal of a deploy does not reach it); its PID is saved at once."""
    port = state["colors"][color]["port"]
    if port_in_use(port):
        raise SwitchError(f"{color}: port {port} is already in use (an old {color}? see status)")
    env = {**os.environ, "APP_VERSION": version, "APP_COLOR": color}
    command = [
        sys.executable, "-m", "gunicorn", "-c", str(HERE / "gunicorn.conf.py"),
        "--bind", f"{HOST}:{port}", "app:create_app()",
    ]  # fmt: skip
    with open(state_dir / f"{color}.log", "ab") as log:
        proc = subprocess.Popen(
            command, cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    STARTED.append(proc)
    state["colors"][color].update(version=version, pid=proc.pid, start=started_at(proc.pid))
    save(state_dir, state)
    return proc


def wait_ready(url: str, version: str, deadline: float, proc: subprocess.Popen | None = None):
    """Poll `url`/readyz until it answers 200 from `version`, or the deadline passes. Returns
    "ready", or what the last probe saw ("/readyz: 503", "refused", "version 1.0", "exited")."""
    seen = "no answer"
    # exercise: start - poll OPENER GET /readyz till deadline: "ready" on 200 + right X-App-Version
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return f"exited with code {proc.returncode}"
        timeout = max(0.05, min(PROBE_TIMEOUT, deadline - time.monotonic()))
        try:
            with OPENER.open(f"{url}/readyz", timeout=timeout) as response:
                answered = response.headers.get("X-App-Version")
            if answered == version:
                return "ready"
            seen = f"version {answered}"  # another process on that port: not the one we started
        except urllib.error.HTTPError as exc:
            exc.close()
            seen = f"/readyz: {exc.code}"
        except urllib.error.URLError as exc:  # not listening yet (refused), or reset
            refused = isinstance(exc.reason, ConnectionRefusedError)
            seen = "refused" if refused else f"no answer ({exc.reason})"
        except OSError as exc:  # timed out while reading: a hung process
            seen = f"no answer ({exc})"
        time.sleep(0.1)
    return seen
    # exercise: end


def in_flight(url: str) -> int:
    """Requests the color is serving (its /inflight); 0 once it does not answer at all."""
    try:
        with OPENER.open(f"{url}/inflight", timeout=PROBE_TIMEOUT) as response:
            return int(json.load(response)["in_flight"])
    except (OSError, ValueError, KeyError):
        return 0


# --- nginx ----------------------------------------------------------------------------------------


def nginx_command(state_dir: Path, binary: str, *args: str) -> list[str]:
    return [binary, "-p", f"{state_dir}/", "-c", str(state_dir / "nginx.conf"), *args]


def reload_nginx(state_dir: Path, binary: str) -> None:
    """Make nginx read upstream.conf again: new workers use it, old ones finish what they hold."""
    # exercise: start - run nginx -s reload (nginx_command); SwitchError with its stderr if refused
    done = subprocess.run(
        nginx_command(state_dir, binary, "-s", "reload"),
        capture_output=True, text=True, timeout=10, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SwitchError(f"nginx refused the new config, and kept the old one: {done.stderr}")
    # exercise: end


def drain(url: str, pid: int, start: int | None, master: int, old_workers: set[int], deadline):
    """Stop the color that was live, without cutting a request: returns how it stopped."""
    # exercise: start - until deadline: old_workers gone, then in_flight(url) 0; then stop_pid
    while old_workers & nginx_workers(master) and time.monotonic() < deadline:
        time.sleep(POLL)  # an old worker still holds requests to this color, or may send one
    while in_flight(url) > 0 and time.monotonic() < deadline:
        time.sleep(POLL)  # a client that reached it directly, not through nginx
    return stop_pid(pid, start, deadline)
    # exercise: end


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


# --- the commands ---------------------------------------------------------------------------------


def deploy(state_dir: Path, version: str, ready_timeout: float, drain_timeout: float) -> dict:
    """The idle color runs `version` and gets every new request; the live one is drained and
    stopped. On any failure before the switch, the new color is stopped and nothing changed."""
    if not VERSION.fullmatch(version):
        raise SwitchError(f"version {version!r}: letters, digits, '.', '_', '-' (at most 32)")
    with locked(state_dir):
        state = load(state_dir)
        live, idle = state["live"], other(state["live"])
        master, binary = state["nginx"]["pid"], state["nginx"]["binary"]
        if not alive(master, state["nginx"]["start"]):
            raise SwitchError("nginx is not running: start it with `switch.py up`")
        kept = dict(state["colors"][idle])  # what the idle color was, if this deploy fails
        proc = start_color(state_dir, state, idle, version)
        print(f"{idle} {version}: starting on port {state['colors'][idle]['port']}", flush=True)
        upstream = state_dir / UPSTREAM
        before = upstream.read_text(encoding="utf-8")
        try:
            began = time.monotonic()
            seen = wait_ready(url_of(state, idle), version, began + ready_timeout, proc)
            if seen != "ready":
                raise SwitchError(
                    f"{idle} {version}: not ready within {ready_timeout:g} s ({seen}); "
                    f"stopped it, nginx still sends every request to {live}"
                )
            print(f"{idle} {version}: ready after {time.monotonic() - began:.1f} s", flush=True)
            old_workers = nginx_workers(master)
            write_atomically(upstream, upstream_conf(state, idle))
            try:
                reload_nginx(state_dir, binary)
            except (SwitchError, OSError, subprocess.SubprocessError):
                write_atomically(upstream, before)
                raise
        except BaseException:
            stop_pid(proc.pid, state["colors"][idle]["start"], time.monotonic() + 5)
            state["colors"][idle] = {**kept, "pid": None, "start": None}
            save(state_dir, state)
            raise
        old = state["colors"][live]
        state.update(live=idle, previous={"color": live, "version": old["version"]})
        save(state_dir, state)
        print(f"nginx: reloaded, new requests go to {idle} {version}", flush=True)
        how = drain(url_of(state, live), old["pid"], old["start"], master, old_workers,
                    time.monotonic() + drain_timeout)  # fmt: skip
        print(f"{live} {old['version']}: drained, {how}", flush=True)
        old.update(pid=None, start=None)
        save(state_dir, state)
        return state


def rollback(state_dir: Path, ready_timeout: float, drain_timeout: float) -> dict:
    """The previous color with its previous version, deployed as any release is."""
    previous = load(state_dir).get("previous")
    if not previous:
        raise SwitchError("nothing to roll back to: no deploy has switched colors yet")
    print(f"rollback: {previous['color']} {previous['version']}", flush=True)
    return deploy(state_dir, previous["version"], ready_timeout, drain_timeout)


def status(state_dir: Path) -> str:
    state = load(state_dir)
    lines = []
    for color in (state["live"], other(state["live"])):
        entry = state["colors"][color]
        role = "live" if color == state["live"] else "idle"
        running = alive(entry["pid"], entry["start"]) if entry["pid"] else False
        where = f"{entry['version']} on port {entry['port']} (pid {entry['pid']})"
        lines.append(f"{role}: {color} {where if running else '(stopped)'}")
    return "\n".join(lines)


def _local_nginx_conf(port: int) -> str:
    text, count = re.subn(
        r"listen\s+127\.0\.0\.1:8080\s*;",
        f"listen {HOST}:{port};",
        (HERE / "nginx.conf").read_text(encoding="utf-8"),
    )
    if count != 1:
        raise SwitchError("nginx.conf: expected one `listen 127.0.0.1:8080;` to set the port")
    return text


def up(state_dir: Path, port: int, ports: dict[str, int], version: str, ready_timeout: float):
    """Blue (`version`) and nginx in front of it, until SIGTERM or Ctrl-C; then every process
    the deployment runs (whichever colors deploys started since) is stopped, by its PID."""
    binary = nginx_binary()
    if binary is None:
        raise SwitchError(f"nginx is not installed: {NGINX_INSTALL}")
    if not VERSION.fullmatch(version):
        raise SwitchError(f"version {version!r}: letters, digits, '.', '_', '-' (at most 32)")
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopped.set())
    state_dir.mkdir(parents=True, exist_ok=True)
    children: list[subprocess.Popen] = []
    mine = False  # whether the state folder is this run's: only then is it ours to clean up
    try:
        with locked(state_dir):
            running = {"pid": None}
            with contextlib.suppress(SwitchError):
                running = load(state_dir)["nginx"]
            if running["pid"] and alive(running["pid"], running["start"]):
                raise SwitchError(f"already up in {state_dir} (nginx pid {running['pid']})")
            for p in (port, *ports.values()):
                if port_in_use(p):
                    raise SwitchError(f"port {p} is already in use")
            (state_dir / "nginx.conf").write_text(_local_nginx_conf(port), encoding="utf-8")
            state = {
                "nginx": {"binary": binary, "port": port, "pid": None, "start": None},
                "live": "blue",
                "previous": None,
                "colors": {
                    c: {"port": ports[c], "version": None, "pid": None, "start": None}
                    for c in ("blue", "green")
                },
            }
            save(state_dir, state)
            mine = True
            children.append(start_color(state_dir, state, "blue", version))
            seen = wait_ready(url_of(state, "blue"), version, time.monotonic() + ready_timeout,
                              children[0])  # fmt: skip
            if seen != "ready":
                raise SwitchError(f"blue {version}: not ready within {ready_timeout:g} s ({seen})")
            write_atomically(state_dir / UPSTREAM, upstream_conf(state, "blue"))
            user = " user root;" if os.geteuid() == 0 else ""  # workers may read the state folder
            with open(state_dir / "error.log", "ab") as log:
                nginx = subprocess.Popen(
                    nginx_command(state_dir, binary, "-g", f"daemon off;{user}"),
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            children.append(nginx)
            deadline = time.monotonic() + 10
            while not port_in_use(port):
                if nginx.poll() is not None or time.monotonic() > deadline:
                    raise SwitchError(f"nginx did not start: see {state_dir / 'error.log'}")
                time.sleep(POLL)
            state["nginx"].update(pid=nginx.pid, start=started_at(nginx.pid))
            save(state_dir, state)
        where = f"blue {version} on port {ports['blue']}"
        print(f"nginx on http://{HOST}:{port} -> {where}", flush=True)
        while not stopped.wait(0.2):
            for child in children:
                child.poll()  # reaps blue once a deploy has drained and stopped it
            if nginx.poll() is not None:
                raise SwitchError(f"nginx exited with code {nginx.returncode}")
    finally:
        deadline = time.monotonic() + 15
        with contextlib.suppress(SwitchError, ValueError):
            if not mine:
                raise SwitchError("another run's state: leave it alone")
            final = load(state_dir)
            pids = [final["nginx"], *final["colors"].values()]
            for entry in pids:
                if entry["pid"]:
                    stop_pid(entry["pid"], entry["start"], deadline)
                    entry.update(pid=None, start=None)
            save(state_dir, final)
        for child in children:
            if child.poll() is None:
                stop_pid(child.pid, None, deadline)
                child.wait()


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--state", type=Path, default=DEFAULT_STATE, help="the state folder")
    timeouts = argparse.ArgumentParser(add_help=False)
    timeouts.add_argument("--ready-timeout", type=float, default=20.0, help="seconds (20)")
    timeouts.add_argument("--drain-timeout", type=float, default=30.0, help="seconds (30)")
    parser = argparse.ArgumentParser(prog="switch.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("up", parents=[common], help="blue, then nginx in front of it")
    start.add_argument("--port", type=int, default=8080, help="where nginx listens (8080)")
    start.add_argument("--blue-port", type=int, default=8001)
    start.add_argument("--green-port", type=int, default=8002)
    start.add_argument("--version", default="1.0", help="blue's version (1.0)")
    start.add_argument("--ready-timeout", type=float, default=20.0)
    release = sub.add_parser("deploy", parents=[common, timeouts], help="to the idle color")
    release.add_argument("version")
    sub.add_parser("rollback", parents=[common, timeouts], help="the previous color and version")
    sub.add_parser("status", parents=[common], help="what runs where")
    args = parser.parse_args(argv)
    state_dir = args.state.resolve()
    try:
        if args.command == "up":
            ports = {"blue": args.blue_port, "green": args.green_port}
            up(state_dir, args.port, ports, args.version, args.ready_timeout)
        elif args.command == "deploy":
            state = deploy(state_dir, args.version, args.ready_timeout, args.drain_timeout)
            print(f"live: {state['live']} {args.version}")
        elif args.command == "rollback":
            state = rollback(state_dir, args.ready_timeout, args.drain_timeout)
            print(f"live: {state['live']} {state['colors'][state['live']]['version']}")
        else:
            print(status(state_dir))
    except SwitchError as exc:
        print(f"switch.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
