"""Time the fan-out, then concurrent requests, under uvicorn, hypercorn and gunicorn gthread.

    python level4_expert/03_async_views_uvicorn_hypercorn/bench.py --clients 6 --ms 300

1. One request fans out to 5 upstream calls of --ms each: its time against their sum.
2. --clients requests at once (one upstream call of --ms each) against each server: the wall
   time against one request's, and the most upstream calls the server had in flight together.
   A ratio near --clients means the requests ran one after the other (WsgiToAsgi); near 1, side by
   side (gunicorn's threads).
A benchmark, not a test: the times depend on the machine; the ratios, measured side by side in
one run, are what to compare. Everything runs on 127.0.0.1 and stops by itself.
"""

import argparse
import contextlib
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]  # upstream.py beside this file; `shared`

from upstream import Upstream  # noqa: E402

from shared.services.wsgi import gunicorn  # noqa: E402
from shared.testing import HOST, free_port, running  # noqa: E402

BIN = Path(sys.executable).parent


@contextlib.contextmanager
def asgi(name: str, env: dict[str, str]):
    port = free_port()
    args = {
        "uvicorn": ["--host", HOST, "--port", str(port), "--lifespan", "off"],
        "hypercorn": ["--bind", f"{HOST}:{port}", "--workers", "0"],
    }[name]
    with running([str(BIN / name), *args, "asgi:app"], port=port, cwd=HERE, env=env, timeout=30):
        yield f"http://{HOST}:{port}"


def timed_get(url: str) -> float:
    started = time.perf_counter()
    requests.get(url, timeout=60).raise_for_status()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6, choices=range(2, 11), metavar="2..10")
    parser.add_argument("--ms", type=int, default=300, choices=range(50, 1001), metavar="50..1000")
    args = parser.parse_args()
    upstream = Upstream(free_port())
    threading.Thread(target=upstream.serve_forever, args=(0.05,), daemon=True).start()
    env = {"FLASK_UPSTREAM_URL": upstream.url, "FLASK_UPSTREAM_TIMEOUT": "30"}
    servers = {
        "uvicorn + WsgiToAsgi": asgi("uvicorn", env),
        "hypercorn + WsgiToAsgi": asgi("hypercorn", env),
        "gunicorn gthread (1 x 8)": gunicorn(
            "app:create_app()",
            cwd=HERE,
            env=env,
            args=("-k", "gthread", "-w", "1", "--threads", "8", "--graceful-timeout", "0"),
        ),
    }
    one = f"/api/fanout?count=1&delay_ms={args.ms}"
    fan = f"/api/fanout?count=5&delay_ms={args.ms}"
    try:
        for name, server in servers.items():
            with server as url:
                timed_get(url + one)  # warm up: the worker's first call imports httpx's parts
                upstream.reset()
                fan_out = timed_get(url + fan)
                single = timed_get(url + one)
                upstream.reset()
                started = time.perf_counter()
                with ThreadPoolExecutor(max_workers=args.clients) as pool:
                    list(pool.map(lambda _: timed_get(url + one), range(args.clients)))
                wall = time.perf_counter() - started
                overlap = upstream.stats()["max_in_flight"]
                print(
                    f"{name:<26} fan-out 5 x {args.ms} ms: {fan_out:.2f} s "
                    f"({fan_out / (5 * args.ms / 1000):.2f} of the sum) | "
                    f"{args.clients} requests at once: {wall:.2f} s = "
                    f"{wall / single:.1f} x one request, max in flight {overlap}"
                )
    finally:
        upstream.close()


if __name__ == "__main__":
    main()
