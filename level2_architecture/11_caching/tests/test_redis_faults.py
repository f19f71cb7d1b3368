"""Redis hung (SIGSTOP): each test stops its OWN redis-server (`own_redis`), by its PID.

A hung Redis is worse than a dead one: it accepts connections but never answers, so every call
waits for its timeout. The app must still answer fast and right, and serve nothing stale after.
"""

import time

from app import create_app

PRICES_BY_NAME = [("Cocoa", 7.25), ("Coffee beans", 12.0), ("Green tea", 4.5)]


def names_and_prices(response):
    return [(p["name"], p["price"]) for p in response.get_json()["products"]]


def test_a_hung_redis_costs_a_small_bounded_delay_not_one_timeout_per_call(own_redis, hung):
    url, redis_process = own_redis
    app = create_app({"TESTING": True, "CACHE_REDIS_URL": url, "SLOW_SECONDS": 0})
    client = app.test_client()
    assert names_and_prices(client.get("/products")) == PRICES_BY_NAME  # cached now

    durations = []
    with hung(redis_process):
        for path in ["/products", "/products?sort=price", "/products/1", "/products/2"] * 3:
            start = time.monotonic()
            response = client.get(path)
            durations.append(time.monotonic() - start)
            assert response.status_code == 200
        assert names_and_prices(client.get("/products")) == PRICES_BY_NAME  # the slow path

    # Generous bounds for a noisy 2-core machine: one timeout is 0.25 s, and after it the app
    # leaves Redis alone for CACHE_RETRY_AFTER seconds instead of waiting on every call.
    assert max(durations) < 1.5, durations
    assert sum(durations) < 3.0, durations


def test_an_invalidation_lost_while_redis_hung_is_not_served_after(own_redis, hung):
    url, redis_process = own_redis
    app = create_app(
        {"TESTING": True, "CACHE_REDIS_URL": url, "SLOW_SECONDS": 0, "CACHE_RETRY_AFTER": 0.3}
    )
    client = app.test_client()
    calls = app.extensions["catalogue"].calls
    assert ("Green tea", 4.5) in names_and_prices(client.get("/products?sort=price"))
    assert client.get("/products/1").get_json()["price_with_vat"] == 5.4  # both cached now

    with hung(redis_process):  # the invalidation of this write cannot reach Redis
        response = client.put("/products/1", json={"price": 5.5})
        assert response.status_code == 200
    time.sleep(0.5)  # Redis answers again, and CACHE_RETRY_AFTER is over: the app asks it again

    assert ("Green tea", 5.5) in names_and_prices(client.get("/products?sort=price"))
    assert client.get("/products/1").get_json()["price_with_vat"] == 6.6
    # And the cache works again: the same listing is now a hit.
    searches = calls["search"]
    assert ("Green tea", 5.5) in names_and_prices(client.get("/products?sort=price"))
    assert calls["search"] == searches
