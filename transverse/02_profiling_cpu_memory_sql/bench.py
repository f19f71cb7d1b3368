"""Time /report/slow against /report in one run, on the database DATABASE_URL names (seeded).

    python transverse/02_profiling_cpu_memory_sql/bench.py --runs 3

Each endpoint is called once to warm up, then `--runs` times (at most 20); the median of each,
and their ratio, are printed. Both answers must be the same JSON, or it stops. A benchmark, not a
test: the times depend on the machine; the ratio, measured side by side, is what to compare.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the `shop` package beside this file

from shop import create_app
from shop.models import db


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, choices=range(1, 21), metavar="1..20")
    parser.add_argument("--from", dest="start", default="2026-03-02")
    parser.add_argument("--to", dest="end", default="2026-03-08")
    args = parser.parse_args()
    app = create_app()
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        sys.exit("DATABASE_URL is not set: start the app with `nox -s serve -- <folder>` first")
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    query = {"from": args.start, "to": args.end}
    medians, answers = {}, {}
    for path in ("/report/slow", "/report"):
        answers[path] = client.get(path, query_string=query)  # warm-up (and the answer)
        if answers[path].status_code != 200:
            sys.exit(f"{path}: {answers[path].status_code} {answers[path].get_data(as_text=True)}")
        statements.clear()
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(path, query_string=query)
            times.append(time.perf_counter() - started)
        medians[path] = statistics.median(times)
        sent = len(statements) // args.runs
        print(f"{path:<13} median {medians[path] * 1000:8.1f} ms  {sent:4} SQL statements")
    if answers["/report/slow"].get_json() != answers["/report"].get_json():
        sys.exit("the two endpoints disagree")
    ratio = medians["/report/slow"] / medians["/report"]
    print(f"same JSON; /report is {ratio:.0f}x faster ({args.runs} runs each, {query})")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
