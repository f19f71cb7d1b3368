"""Cache-aside on Redis: a miss computes and stores, a hit does not compute; 50 requests that
miss one key at the same time compute it once (SET NX PX lock, the others poll); the lock's
expiry bounds a crashed computer; a failed computation frees the lock; a late one frees only its
own lock."""

import threading
import time

import pytest
from cache import get_or_compute

PARIS = {"city": "paris", "rain": 12, "temperature": 17}
MANY = {"ANON_LIMIT": "1000 per minute"}  # these tests are about the cache, not the limit


def computed(app):
    return dict(app.extensions.get("computations", {}))


def test_a_miss_computes_and_stores_then_a_hit_does_not_compute(app, redis_client):
    client = app.test_client()
    first = client.get("/api/forecast/paris")
    assert (first.status_code, first.headers["X-Cache"], first.get_json()) == (200, "miss", PARIS)
    second = client.get("/api/forecast/paris")
    assert (second.headers["X-Cache"], second.get_json()) == ("hit", PARIS)
    assert computed(app) == {"paris": 1}
    assert 0 < redis_client.ttl("forecast:paris") <= 60  # CACHE_TTL
    assert not redis_client.exists("forecast:paris:lock")  # released after the store
    assert client.get("/api/forecast/lyon").headers["X-Cache"] == "miss"  # one key per city
    assert computed(app) == {"paris": 1, "lyon": 1}


def test_fifty_concurrent_misses_compute_once(make_app):
    app = make_app(SLOW_SECONDS=0.3, **MANY)
    start = threading.Barrier(50)

    def get(_):
        client = app.test_client()
        start.wait(timeout=10)
        return client.get("/api/forecast/paris")

    pool = [None] * 50
    threads = [threading.Thread(target=lambda i=i: pool.__setitem__(i, get(i))) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert computed(app) == {"paris": 1}, "50 concurrent misses must compute the value once"
    assert all(r.status_code == 200 and r.get_json() == PARIS for r in pool)
    assert sorted(r.headers["X-Cache"] for r in pool) == ["hit"] * 49 + ["miss"]


def test_the_lock_expires_while_the_value_is_computed(app, redis_client):
    """SET ... NX PX: the lock carries its expiry (LOCK_MS), so a computer that dies holding it
    blocks the key for LOCK_MS at most."""
    seen = {}

    def compute():
        seen["pttl"] = redis_client.pttl("k:lock")
        seen["holder"] = redis_client.get("k:lock")
        return 42

    with app.app_context():
        assert get_or_compute("k", compute) == (42, "miss")
    assert 0 < seen["pttl"] <= app.config["LOCK_MS"], (
        f"the lock's PTTL was {seen['pttl']}: a lock without an expiry outlives a crashed computer"
    )
    assert seen["holder"] is not None


def test_a_crashed_computer_blocks_the_key_only_until_its_lock_expires(make_app, redis_client):
    """A process died holding the lock (as SIGKILL leaves it): the next request waits for the
    expiry, then computes the value itself."""
    app = make_app(**MANY)
    redis_client.set("forecast:paris:lock", "999999:crashed", px=400)
    began = time.monotonic()
    response = app.test_client().get("/api/forecast/paris")
    waited = time.monotonic() - began
    assert (response.status_code, response.headers["X-Cache"]) == (200, "miss")
    assert 0.3 < waited < 2.0
    assert computed(app) == {"paris": 1}


def test_a_failed_computation_frees_the_lock_at_once(app, redis_client, caplog):
    """A bug in the computation is the app's error: it is raised once, not taken for a Redis
    outage (no "cache unavailable" warning, no second try)."""
    tries = []

    def broken():
        tries.append(1)
        raise ValueError("the weather service is down")

    with app.app_context(), pytest.raises(ValueError):
        get_or_compute("k", broken)
    assert len(tries) == 1 and not caplog.records
    assert not redis_client.exists("k:lock")  # waiters need not wait for the expiry
    assert not redis_client.exists("k")  # and nothing was cached


def test_a_late_computer_does_not_delete_the_lock_of_the_next_one(make_app, redis_client):
    """Its lock expired while it computed, and another request took the key: releasing must
    delete only our own lock (the Lua script compares the token)."""
    app = make_app(LOCK_MS=50)

    def slow():
        time.sleep(0.1)  # longer than LOCK_MS: our lock is gone
        assert redis_client.set("k:lock", "next-one", nx=True, px=5000)
        return 1

    with app.app_context():
        assert get_or_compute("k", slow) == (1, "miss")
    assert redis_client.get("k:lock") == "next-one"
