"""The latency and throughput budgets, as ratios to a baseline measured in the same run.

    python level4_expert/11_load_testing_locust_k6/bench.py --users 6 --seconds 6

Starts the shop under gunicorn (2 sync workers, a fresh SQLite file, 127.0.0.1) and runs locust
headless four times, each with the same users and seconds:
1. latency: a baseline user that only asks for /health (the cheapest answer this server gives),
   then the locustfile's journeys, both with the locustfile's pauses. Each journey's median and
   95th percentile are printed as multiples of the baseline's.
2. throughput: both again without pauses (as fast as the server answers; the journeys without
   the wrong passwords); the journeys' requests per second are printed as a fraction of the
   baseline's.
Each ratio is compared to its budget below; the exit code is 1 when one is over. A benchmark, not
a test: the times depend on the machine (the load generator shares its cores with the server);
the ratios, measured side by side, are what to compare from one commit to the next.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # app.py beside this file; `shared`

from app import create_app  # noqa: E402

from shared.services.wsgi import gunicorn  # noqa: E402

BIN = Path(sys.executable).parent
P50_BUDGET = 5  # a journey's median: at most 5 x the baseline's
P95_BUDGET = 30  # its 95th percentile: at most 30 x (a few slow requests are noise on 2 cores)
LOGIN_BUDGET = 400  # the logins' own, for both: a password hash (scrypt) is slow on purpose
THROUGHPUT_BUDGET = 0.2  # without pauses, the journeys' req/s: at least 0.2 x the baseline's
BASELINE = """
from locust import HttpUser, between, constant, task

class Baseline(HttpUser):
    wait_time = {wait}

    @task
    def health(self):
        self.client.get("/health", name="health")
"""
UNPACED = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
import locustfile
from locust import constant

class Unpaced(locustfile.Visitor):  # the same journeys and weights, without the pauses
    wait_time = constant(0)
    # ...and without the wrong passwords: one scrypt hash costs the CPU of a hundred pages, so
    # they would be all this ratio measures. Their cost is in the latency lines.
    tasks = [task for task in locustfile.Visitor.tasks if task.__name__ != "log_in_wrong"]
"""


def percentile(entry, fraction):
    """The response time (ms) under which `fraction` of the requests were answered."""
    times = sorted((float(ms), count) for ms, count in entry["response_times"].items())
    wanted, seen = fraction * sum(count for _, count in times), 0
    for ms, count in times:
        seen += count
        if seen >= wanted:
            return max(ms, 1.0)  # locust rounds to whole ms: no ratio to 0
    return 1.0


def run_locust(locustfile, url, users, seconds, out):
    """locust headless, bounded; its final stats (--json-file) by request name."""
    cmd = [
        str(BIN / "locust"), "-f", str(locustfile), "--host", url, "--headless",
        "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "3",
        "--json-file", str(out), "--only-summary", "--loglevel", "ERROR",
    ]  # fmt: skip
    subprocess.run(cmd, cwd=HERE, capture_output=True, timeout=seconds + 60, check=False)
    return {entry["name"]: entry for entry in json.loads(Path(f"{out}.json").read_text())}


def measure(users, seconds):
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out, url = Path(tmp), f"sqlite:///{tmp}/shop.db"
        create_app({"SQLALCHEMY_DATABASE_URI": url}).test_cli_runner().invoke(args=["init-db"])
        files = {
            "paced": BASELINE.format(wait="between(0.05, 0.25)"),  # the locustfile's pauses
            "unpaced": BASELINE.format(wait="constant(0)"),
            "journeys_unpaced": UNPACED,
        }
        for name, text in files.items():
            (out / f"{name}.py").write_text(text)
        locustfiles = {"paced": out / "paced.py", "journeys": HERE / "locustfile.py"}
        locustfiles |= {name: out / f"{name}.py" for name in ("unpaced", "journeys_unpaced")}
        env = {"SHOP_DATABASE_URL": url}
        with gunicorn("app:create_app()", cwd=HERE, env=env, args=("-w", "2")) as base:
            return {
                name: run_locust(path, base, users, seconds, out / name)
                for name, path in locustfiles.items()
            }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=6, choices=range(1, 21), metavar="1..20")
    parser.add_argument("--seconds", type=int, default=6, choices=range(2, 31), metavar="2..30")
    args = parser.parse_args()
    runs = measure(args.users, args.seconds)
    baseline = runs["paced"]["health"]
    b50, b95 = percentile(baseline, 0.5), percentile(baseline, 0.95)
    print(
        f"baseline /health: p50 {b50:.0f} ms, p95 {b95:.0f} ms ({args.users} users, "
        f"{args.seconds} s, gunicorn -w 2, the locustfile's pauses)"
    )
    print(f"{'journey':<24}{'requests':>9}{'fails':>7}{'p50 x':>8}{'p95 x':>8}  budgets")
    over = []
    for name, entry in sorted(runs["journeys"].items()):
        p50, p95 = percentile(entry, 0.5) / b50, percentile(entry, 0.95) / b95
        budgets = (LOGIN_BUDGET,) * 2 if name.startswith("login") else (P50_BUDGET, P95_BUDGET)
        ok = p50 <= budgets[0] and p95 <= budgets[1] and entry["num_failures"] == 0
        over += [] if ok else [name]
        print(
            f"{name:<24}{entry['num_requests']:>9}{entry['num_failures']:>7}{p50:>8.1f}"
            f"{p95:>8.1f}  {budgets[0]}, {budgets[1]}  {'ok' if ok else 'OVER'}"
        )
    rps = {
        name: sum(entry["num_requests"] for entry in runs[name].values()) / args.seconds
        for name in ("unpaced", "journeys_unpaced")
    }
    ratio = rps["journeys_unpaced"] / rps["unpaced"]
    over += [] if ratio >= THROUGHPUT_BUDGET else ["throughput"]
    print(
        f"throughput without pauses: /health {rps['unpaced']:.0f} req/s, the journeys "
        f"{rps['journeys_unpaced']:.0f} req/s = {ratio:.2f} x (budget >= {THROUGHPUT_BUDGET})"
        f"  {'ok' if ratio >= THROUGHPUT_BUDGET else 'OVER'}"
    )
    if over:
        print(f"over budget: {', '.join(over)}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
