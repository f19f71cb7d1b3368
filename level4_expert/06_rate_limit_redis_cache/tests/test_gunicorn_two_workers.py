"""Real gunicorn, 2 worker processes, one Redis: the limit is one count for both workers (the
requests land on both PIDs, exactly N pass), a forecast that both miss is computed once, and a
worker killed while it computes blocks that key only until its lock expires.
With `memory://` storage each worker would count alone, and let up to 2N through."""

import concurrent.futures
import os
import signal
import threading
import time
from pathlib import Path

import pytest
import redis
import requests

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent.parent
ALICE = {"X-API-Key": "alice-dev-key"}


@pytest.fixture(scope="module")
def live(redis_db_url):
    env = {"REDIS_URL": redis_db_url, "SLOW_SECONDS": "0.3", "LOCK_MS": "600"}
    with gunicorn("app:create_app()", cwd=EXAMPLE, env=env, args=("--workers", "2")) as url:
        # gunicorn listens before its workers have imported the app: wait until both answer
        # (/stats is not limited), or a burst may find only the first one ready.
        deadline, workers = time.monotonic() + 10, set()
        while len(workers) < 2:
            assert time.monotonic() < deadline, "the second gunicorn worker never answered"
            workers |= {r.headers["X-Worker-PID"] for r in get_all(f"{url}/stats", 8)}
        yield url, workers


def get_all(url, n, **kwargs):
    """n GETs sent at the same moment, each on its own connection: a burst that one sync
    worker cannot take alone, so both workers answer."""
    start = threading.Barrier(n)

    def get(_):
        start.wait(timeout=10)
        return requests.get(url, timeout=10, **kwargs)

    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        return list(pool.map(get, range(n)))


def test_one_limit_across_two_workers(live, redis_url):
    url, _ = live
    responses = get_all(f"{url}/api/whoami", 20)
    pids = {r.headers["X-Worker-PID"] for r in responses}
    assert len(pids) == 2, "every request landed on one worker: nothing was proved"
    codes = [r.status_code for r in responses]
    allowed = codes.count(200)
    assert allowed == 5, f"{allowed} of 20 passed on 2 workers: they did not share one count"
    assert codes.count(429) == 15
    refused = next(r for r in responses if r.status_code == 429)
    assert refused.json() == {"error": "Too many requests: 5 per 1 minute."}
    assert refused.headers["X-RateLimit-Limit"] == "5"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_a_forecast_both_workers_miss_is_computed_once(live, redis_url):
    url, _ = live
    responses = get_all(f"{url}/api/forecast/nice", 8, headers=ALICE)  # 10 a minute: room for 8
    assert {r.status_code for r in responses} == {200}
    assert len({r.headers["X-Worker-PID"] for r in responses}) == 2
    assert sorted(r.headers["X-Cache"] for r in responses) == ["hit"] * 7 + ["miss"]
    assert len({r.text for r in responses}) == 1


def test_a_worker_killed_while_computing_holds_the_key_until_its_lock_expires(live, redis_url):
    """Last in this module: it kills one of the two workers (gunicorn starts a new one)."""
    url, workers = live
    r = redis.Redis.from_url(redis_url, decode_responses=True)
    pool = concurrent.futures.ThreadPoolExecutor(1)
    first = pool.submit(requests.get, f"{url}/api/forecast/oslo", headers=ALICE, timeout=10)
    deadline = time.monotonic() + 5
    while (holder := r.get("forecast:oslo:lock")) is None:
        assert time.monotonic() < deadline, "no worker took the lock"
        time.sleep(0.01)
    pid = holder.split(":")[0]  # the token starts with the computer's PID
    assert pid in workers  # a worker of the gunicorn this test started, and no other process
    os.kill(int(pid), signal.SIGKILL)  # it dies holding the lock: nothing releases it
    with pytest.raises(requests.ConnectionError):
        first.result(timeout=10)
    pool.shutdown()
    left = r.pttl("forecast:oslo:lock") / 1000
    assert 0 < left <= 0.6
    began = time.monotonic()
    second = requests.get(f"{url}/api/forecast/oslo", headers=ALICE, timeout=10)
    waited = time.monotonic() - began
    assert (second.status_code, second.headers["X-Cache"]) == (200, "miss")
    assert second.headers["X-Worker-PID"] != pid
    assert left - 0.1 < waited < left + 2  # the lock's expiry, then the 0.3 s computation
    r.close()
