"""Time a nox session end to end, the way a learner runs it (wall clock, venv already built).

    python3 -m shared.bench level1            # one warm-up run, then 3 timed runs
    python3 -m shared.bench level1 --runs 5

Prints each run's seconds and the median. The warm-up run builds or refreshes the venv, so the
timed runs measure a warm session: venv reuse, the examples' pytest processes, the roadmap write.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session", help="a nox session, e.g. level1")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cmd = [sys.executable, "-m", "nox", "-s", args.session]
    print(f"warm-up: {timed(cmd):.1f} s  ({' '.join(cmd[2:])}, builds or refreshes the venv)")
    times = [timed(cmd) for _ in range(args.runs)]
    for i, seconds in enumerate(times, 1):
        print(f"run {i}:   {seconds:.1f} s")
    print(
        f"median:  {statistics.median(times):.1f} s over {args.runs} warm runs, "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
