"""A slow upstream service to fan out to: every call sleeps, and the server counts overlaps.

    python level4_expert/03_async_views_uvicorn_hypercorn/upstream.py --port 5001 --fail 4

    GET /work/<item>?ms=400   sleeps 400 ms, then {"item": 3, "slept_ms": 400}
                              (items given to --fail answer 500, items given to --hang never answer
                              in time: they sleep HANG_SECONDS; items given to --drip send their
                              answer one byte every 0.1 s, DRIP_BYTES in all, never valid JSON)
    GET /stats                {"calls": 5, "in_flight": 0, "max_in_flight": 5}
    POST /reset               the counters back to zero (--fail and --hang stay)

`max_in_flight` is the most calls it was serving at the same moment: 1 means the calls came one
after the other, 5 means five overlapped. The tests run the same class in a thread of their own.
Standard library only (a threaded `http.server`), so it is not what is being tested.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
HANG_SECONDS = 10.0  # a hung call: far beyond any timeout, released when the server stops
DRIP_BYTES = 30  # 3 s of trickle: each byte resets a read timeout, only a deadline stops it
MAX_MS = 10_000
WORK = re.compile(r"/work/(?P<item>[0-9]{1,4})")


class Upstream(ThreadingHTTPServer):
    daemon_threads = True  # a sleeping handler never holds the process up

    def __init__(self, port: int = 0, fail=(), hang=(), drip=()) -> None:
        super().__init__((HOST, port), Handler)
        self.lock = threading.Lock()
        self.stopping = threading.Event()  # set by close(): sleeping handlers wake up at once
        self.generation = 0
        self.reset(fail, hang, drip)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def reset(self, fail=(), hang=(), drip=()) -> None:
        """Counters at zero (calls still running from before are no longer counted)."""
        with self.lock:
            self.generation += 1
            self.calls, self.in_flight, self.max_in_flight = 0, 0, 0
            self.fail, self.hang, self.drip = set(fail), set(hang), set(drip)

    @contextlib.contextmanager
    def tracking(self):
        with self.lock:
            generation = self.generation
            self.calls += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            yield
        finally:
            with self.lock:
                if generation == self.generation:
                    self.in_flight -= 1

    def stats(self) -> dict:
        with self.lock:
            return {
                "calls": self.calls,
                "in_flight": self.in_flight,
                "max_in_flight": self.max_in_flight,
            }

    def close(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: Upstream

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/stats":
            return self.answer(200, self.server.stats())
        match = WORK.fullmatch(url.path)
        ms = parse_qs(url.query).get("ms", ["0"])[0]
        if match is None or not ms.isdigit() or int(ms) > MAX_MS:
            return self.answer(404, {"error": "GET /work/<item>?ms=<0-10000>"})
        item = int(match["item"])
        with self.server.tracking():
            seconds = HANG_SECONDS if item in self.server.hang else int(ms) / 1000
            self.server.stopping.wait(seconds)
            if item in self.server.drip:
                return self.trickle()
        if item in self.server.fail:
            return self.answer(500, {"error": f"item {item} failed"})
        self.answer(200, {"item": item, "slept_ms": int(ms)})

    def do_POST(self) -> None:
        if self.path != "/reset":
            return self.answer(404, {"error": "POST /reset"})
        self.server.reset(self.server.fail, self.server.hang, self.server.drip)
        self.answer(200, self.server.stats())

    def trickle(self) -> None:
        with contextlib.suppress(OSError):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(DRIP_BYTES))
            self.end_headers()
            for _ in range(DRIP_BYTES):
                self.wfile.write(b" ")
                self.wfile.flush()
                if self.server.stopping.wait(0.1):
                    return

    def answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        with contextlib.suppress(OSError):  # the client gave up (timed out): nothing to tell it
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def log_message(self, format, *args) -> None:  # quiet: the tests read /stats instead
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description="A slow upstream that counts overlapping calls.")
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--fail", type=int, action="append", default=[], help="an item that 500s")
    parser.add_argument("--hang", type=int, action="append", default=[], help="an item that hangs")
    parser.add_argument("--drip", type=int, action="append", default=[], help="an item that drips")
    args = parser.parse_args()
    server = Upstream(args.port, fail=args.fail, hang=args.hang, drip=args.drip)
    print(
        f"upstream on {server.url} (fail: {args.fail or '-'}, hang: {args.hang or '-'})", flush=True
    )
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
