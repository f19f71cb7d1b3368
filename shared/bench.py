"""How fast the course's tools are, as ratios measured in one run (the machine is shared, noisy).

    nox -s bench                          # every part, medians of 3 (about 17 minutes on 2 cores)
    nox -s bench -- level1 watch          # some parts
    nox -s bench -- --quick               # level1, watch, serving, cache; one run each (~35 s)

Parts:
    level1 ... level4, transverse   the warm `nox -s levelN` against the floor, timed in the same
                                    run: as many one-test pytest processes as the level has
                                    examples, in its venv, plugin autoload off, one per core at a
                                    time. Also its slowest example and the engine's own overhead.
    watch                           from saving a file in a practice copy to the verdict on screen
                                    (1.3 and 2.1, median of the saves)
    serving                         Level 3's JSON-logging app (3.9) under gunicorn against a bare
                                    Flask hello and a raw WSGI callable, same gunicorn settings,
                                    interleaved: requests per second and p50/p99 as ratios
    cache                           2.11's cached listing: a hit against a miss (Redis on loopback)

Prints a table and writes every figure to bench-results.json (ignored by git). `--quick` is a
short pass that proves the benchmark still runs; its times mean little. No test asserts a time:
timings live here only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shared.roadmap.examples import example_for, load  # noqa: E402
from shared.roadmap.sections import SECTIONS  # noqa: E402
from shared.roadmap.venvs import python_in, venv_name  # noqa: E402
from shared.testing import HOST, free_port, running  # noqa: E402

OUTPUT = ROOT / "bench-results.json"
CORES = os.cpu_count() or 2
LEVELS = {section.session: section for section in SECTIONS}  # level1 ... level4, transverse
PARTS = [*LEVELS, "watch", "serving", "cache"]
QUICK_PARTS = ["level1", "watch", "serving", "cache"]
WATCHED = ["1.3", "2.1"]  # one Level 1 and one Level 2 example
TIMEOUT = 900.0  # seconds for any one command of the benchmark


# ---------------------------------------------------------------- figures: ratio, table, JSON


def ratio(value: float, base: float) -> float | None:
    """value / base, or None when the base is zero (nothing to compare with)."""
    return value / base if base else None


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def table(rows: list[tuple[str, str, str]]) -> str:
    """Three columns, the first two padded: what, the figure, what it is compared with."""
    w0 = max((len(r[0]) for r in rows), default=0)
    w1 = max((len(r[1]) for r in rows), default=0)
    return "\n".join(f"{a:<{w0}}  {b:>{w1}}  {c}".rstrip() for a, b, c in rows)


def rows_of(figures: dict) -> list[tuple[str, str, str]]:
    """The table's rows from the figures as bench-results.json holds them."""
    rows = []
    for name, f in figures.get("levels", {}).items():
        rows += [
            (f"{name} warm session", f"{f['session_s']:.1f} s", f"{f['examples']} examples"),
            (f"{name} floor", f"{f['floor_s']:.1f} s", f"{f['examples']} one-test pytests"),
            (f"{name} session / floor", _x(f["ratio"]), "1.0 x = nothing but pytest start-up"),
            (f"{name} slowest example", f"{f['longest_s']:.1f} s", f["longest"] + _SLOWEST),
            (f"{name} engine overhead", f"{f['overhead_s']:.1f} s", "wall - sum/cores"),
        ]
    for row, f in figures.get("watch", {}).items():
        rows.append((f"watch {row} save -> verdict", f"{f['median_s']:.2f} s", _saves(f)))
    for name, f in figures.get("serving", {}).items():
        rows.append(
            (
                f"serving {name}",
                f"{f['rps']:.0f} req/s",
                f"x{_r(f['rps_ratio'])} rps, p50 {f['p50_ms']:.1f} ms (x{_r(f['p50_ratio'])}), "
                f"p99 {f['p99_ms']:.1f} ms (x{_r(f['p99_ratio'])}) vs bare Flask",
            )
        )
    if cache := figures.get("cache"):
        rows.append(("cache 2.11 miss", f"{cache['miss_ms']:.2f} ms", "median request"))
        rows.append(("cache 2.11 hit", f"{cache['hit_ms']:.2f} ms", f"{_x(cache['ratio'])} a miss"))
    return rows


_SLOWEST = " (the session never takes less)"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} x"


def _r(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _saves(f: dict) -> str:
    return f"median of {len(f['saves_s'])} saves"


def write_json(figures: dict, path: Path = OUTPUT) -> None:
    path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- levels: session against floor


def floor_command(python: str, test_file: Path) -> list[str]:
    """One pytest process running one empty test, as little as an example's run can be."""
    return [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)]


def floor_env() -> dict[str, str]:
    """No plugin loaded unless asked for; no .pyc written (as on CI machines)."""
    return {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def floor(python: str, count: int, jobs: int = CORES) -> float:
    """Seconds for `count` one-test pytest processes, `jobs` at a time."""
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as tmp:
        test_file = Path(tmp) / "test_floor.py"
        test_file.write_text("def test_ok():\n    pass\n", encoding="utf-8")
        cmd, env = floor_command(python, test_file), floor_env()

        def one(_: int) -> None:
            subprocess.run(cmd, cwd=tmp, env=env, check=True, capture_output=True, timeout=TIMEOUT)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, range(count)))
        return time.perf_counter() - started


def nox_session(name: str) -> tuple[float, str]:
    """Wall seconds and output of `nox -s <name>`, run as a learner runs it."""
    cmd = [sys.executable, "-m", "nox", "-s", name]
    started = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed (exit {done.returncode}):\n{done.stdout[-2000:]}")
    return seconds, done.stdout + done.stderr


def example_seconds(output: str, folders: list[str]) -> dict[str, float]:
    """Each example's seconds, as the engine's report prints them (`  ✅ 1.3  folder  … 1.2 s`)."""
    found = {}
    for folder in folders:
        match = re.search(rf"\s{re.escape(folder)}\s.*?(\d+\.\d) s\s*$", output, re.MULTILINE)
        if match:
            found[folder] = float(match.group(1))
    return found


def overhead(wall: float, seconds: list[float], cores: int = CORES) -> float:
    """What the session took beyond its examples' pytest runs spread over the cores."""
    return wall - sum(seconds) / cores


def bench_level(name: str, runs: int, warm_up: bool) -> dict:
    folders = [ex.folder for ex in load(ROOT)[2].examples() if ex.section == LEVELS[name].key]
    python = str(python_in(ROOT / ".nox" / name))
    if warm_up:
        nox_session(name)
    sessions, floors, overheads, longest = [], [], [], {}
    for _ in range(runs):  # interleaved: session, floor, session, floor...
        wall, output = nox_session(name)
        seconds = example_seconds(output, folders)
        sessions.append(wall)
        floors.append(floor(python, len(folders)))
        overheads.append(overhead(wall, list(seconds.values())))
        for folder, s in seconds.items():
            longest[folder] = max(longest.get(folder, 0.0), s)
    slowest = max(longest, key=longest.get, default="-")
    return {
        "examples": len(folders),
        "session_s": median(sessions),
        "floor_s": median(floors),
        "ratio": ratio(median(sessions), median(floors)),
        "longest": slowest,
        "longest_s": longest.get(slowest, 0.0),
        "overhead_s": median(overheads),
        "runs": {"session_s": sessions, "floor_s": floors, "overhead_s": overheads},
    }


# ---------------------------------------------------------------- watch: save -> verdict

# Runs in the example's venv: a practice copy under a root of its own (the repository's folders
# linked in), so a learner's practice/ is never touched; then `watch` as the learner runs it.
WATCH_DRIVER = """
import sys
from pathlib import Path
from shared.practice import cmd_exercise, cmd_watch
row, root = sys.argv[1], Path(sys.argv[2])
cmd_exercise(row, False, root=root)
print("BENCH-READY", flush=True)
sys.exit(cmd_watch(row, False, root=root))
"""
VERDICT_LINES = ("✘ Not yet.", "✔ All tests pass")


def _lines(proc: subprocess.Popen) -> queue.Queue:
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, texts: tuple[str, ...], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            raise RuntimeError(f"watch ended before printing any of {texts}")
        if line.startswith(texts):
            return
    raise TimeoutError(f"none of {texts} printed within {timeout:.0f} s")


def _a_source_file(copy: Path) -> Path:
    """The practice copy's first Python file that is not a test: the one the benchmark saves."""
    sources = [
        p for p in sorted(copy.rglob("*.py"))
        if "tests" not in p.relative_to(copy).parts and p.name != "conftest.py"
    ]  # fmt: skip
    return sources[0]


def bench_watch(row: str, saves: int) -> dict:
    example = example_for(row, ROOT)
    python = str(python_in(ROOT / ".nox" / venv_name(example)))
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        for entry in ROOT.iterdir():  # the repository, seen from a root whose practice/ is new
            if entry.name not in ("practice", ".git", ".nox"):
                (Path(tmp) / entry.name).symlink_to(entry)
        copy = Path(tmp) / "practice" / example.folder
        proc = subprocess.Popen(
            [python, "-c", WATCH_DRIVER, row, tmp],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        try:
            lines = _lines(proc)
            _wait_for(lines, ("BENCH-READY",))
            _wait_for(lines, VERDICT_LINES)  # the first run, on start
            saved = _a_source_file(copy)
            times = []
            for i in range(saves):
                time.sleep(0.6)  # a new mtime the watcher's next poll sees as a change
                started = time.perf_counter()
                with saved.open("a", encoding="utf-8") as handle:
                    handle.write(f"# saved by the benchmark, {i}\n")
                _wait_for(lines, VERDICT_LINES)
                times.append(time.perf_counter() - started)
        finally:
            if proc.poll() is None:
                proc.terminate()  # by its PID
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(10)
    return {"median_s": median(times), "saves_s": times}


# ---------------------------------------------------------------- serving: gunicorn, loopback

HELLO_FLASK = (
    "from flask import Flask\napp = Flask(__name__)\n\n\n"
    '@app.get("/")\ndef hello():\n    return "hello"\n'
)
HELLO_WSGI = (
    "def app(environ, start_response):\n"
    '    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])\n'
    '    return [b"hello"]\n'
)
PRODUCTION = "level3_production/09_json_logging"  # request ids, JSON logs, JSON error handlers
GUNICORN = ("--workers", "2", "--no-control-socket", "--log-level", "warning")


def generate_load(port: int, path: str, headers: dict, seconds: float, clients: int = 4) -> dict:
    """Requests from `clients` threads for `seconds` on 127.0.0.1: requests/s, p50 and p99 (ms).

    Bounded in time, and in requests (at most 50 000 each run)."""
    latencies: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()

    def client() -> None:
        mine = []
        while time.monotonic() < stop_at and len(mine) < 50_000 // clients:
            started = time.perf_counter()
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
            finally:
                conn.close()
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 10)
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": errors[0],
    }


def bench_serving(runs: int, seconds: float) -> dict:
    python = str(python_in(ROOT / ".nox" / "level3"))
    apps = {  # name -> (module:object, cwd, path, headers)
        "bare Flask": ("hello_flask:app", None, "/", {}),
        "raw WSGI": ("hello_wsgi:app", None, "/", {}),
        "Level 3 (3.9)": (
            "app:create_app()",
            ROOT / PRODUCTION,
            "/api/me",
            {"Authorization": "Bearer alice-token-123"},
        ),
    }
    found: dict[str, list[dict]] = {name: [] for name in apps}
    with tempfile.TemporaryDirectory(prefix="bench-serving-") as tmp:
        (Path(tmp) / "hello_flask.py").write_text(HELLO_FLASK, encoding="utf-8")
        (Path(tmp) / "hello_wsgi.py").write_text(HELLO_WSGI, encoding="utf-8")
        for _ in range(runs):  # interleaved: each app once per round
            for name, (target, cwd, path, headers) in apps.items():
                port = free_port()
                cmd = [python, "-m", "gunicorn", "--bind", f"{HOST}:{port}", *GUNICORN, target]
                with running(cmd, port=port, cwd=cwd or tmp, timeout=20):
                    generate_load(port, path, headers, 0.5)  # warm the workers
                    found[name].append(generate_load(port, path, headers, seconds))
    base = {k: median([r[k] for r in found["bare Flask"]]) for k in ("rps", "p50_ms", "p99_ms")}
    figures = {}
    for name, results in found.items():
        f = {k: median([r[k] for r in results]) for k in ("rps", "p50_ms", "p99_ms")}
        f |= {f"{k.split('_')[0]}_ratio": ratio(f[k], base[k]) for k in ("rps", "p50_ms", "p99_ms")}
        figures[name] = f | {"errors": sum(r["errors"] for r in results), "runs": results}
    return figures


# ---------------------------------------------------------------- cache: hit against miss

# Runs in Level 2's venv: the app on the machine's Redis, keys under a prefix of this run's own,
# no artificial slowness (SLOW_SECONDS=0): what a miss costs beyond the catalogue, what a hit saves.
CACHE_DRIVER = """
import json, os, statistics, sys, time
import redis
from app import create_app
n, url = int(sys.argv[1]), os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
prefix = f"bench-{os.getpid()}:"
app = create_app({"CACHE_KEY_PREFIX": prefix, "SLOW_SECONDS": 0, "CACHE_REDIS_URL": url})
client = app.test_client()
def timed(path):
    started = time.perf_counter()
    assert client.get(path).status_code == 200
    return time.perf_counter() - started
misses = [timed(f"/products?max_price={1000 + i}") for i in range(n)]  # a new entry each time
timed("/products?sort=name")
hits = [timed("/products?sort=name") for _ in range(n)]
store = redis.Redis.from_url(url, socket_timeout=2)
keys = store.keys(prefix + "*")  # a hit needs Redis: were the entries really there?
if keys:
    store.delete(*keys)
print(json.dumps({"miss_ms": statistics.median(misses) * 1000,
                  "hit_ms": statistics.median(hits) * 1000, "stored": len(keys)}))
"""


def bench_cache(requests: int) -> dict:
    example = example_for("2.11", ROOT)
    python = str(python_in(ROOT / ".nox" / venv_name(example)))
    done = subprocess.run(
        [python, "-c", CACHE_DRIVER, str(requests)],
        cwd=example.path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        sys.exit(f"the cache benchmark failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if not figures["stored"]:
        sys.exit("the cache benchmark stored nothing in Redis: is it running on 127.0.0.1:6379?")
    return figures | {"ratio": ratio(figures["hit_ms"], figures["miss_ms"])}


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", metavar="PART", help=", ".join(PARTS))
    parser.add_argument("--quick", action="store_true", help="one run each, short load phases")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if unknown := [part for part in args.parts if part not in PARTS]:
        parser.error(f"unknown part(s) {', '.join(unknown)}: choose among {', '.join(PARTS)}")
    parts = args.parts or (QUICK_PARTS if args.quick else PARTS)
    runs = 1 if args.quick else 3
    started = time.perf_counter()
    figures: dict = {"cores": CORES, "quick": args.quick, "runs": runs}
    for part in parts:
        print(f"bench: {part}…", flush=True)
        if part in LEVELS:
            figures.setdefault("levels", {})[part] = bench_level(part, runs, not args.quick)
        elif part == "watch":
            figures["watch"] = {row: bench_watch(row, 2 if args.quick else 5) for row in WATCHED}
        elif part == "serving":
            figures["serving"] = bench_serving(runs, 2.0 if args.quick else 5.0)
        elif part == "cache":
            figures["cache"] = bench_cache(20 if args.quick else 200)
    figures["seconds"] = time.perf_counter() - started
    print()
    print(table(rows_of(figures)))
    write_json(figures, args.output)
    print(f"\n{len(parts)} part(s) in {figures['seconds']:.0f} s on {CORES} cores: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
