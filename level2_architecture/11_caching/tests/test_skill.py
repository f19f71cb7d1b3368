"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

Flask-Caching says what its decorators were asked for (`view.cache_timeout`, `uncached`), and Redis
says what was stored, for how long (`TTL`). A failing check starts with "Skill missing: ".
"""

import logging
import socket
import time

import pytest
import redis
from app import create_app
from cachelib.serializers import RedisSerializer
from catalogue import LISTING_VERSION, forget_listings, product_report
from extensions import cache


def unused_port():
    """A port of 127.0.0.1 where nothing listens (the OS picks it, then it is closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def raised(call):
    """The exception `call()` raises, or None."""
    try:
        call()
    except Exception as exc:
        return exc
    return None


def report_key(app, product_id):
    """The Redis key (without "shop:") of product_report(product_id), as Flask-Caching builds it."""
    with app.test_request_context():
        return product_report.make_cache_key(product_report.uncached, product_id)


def listing_version(app):
    with app.app_context():
        return cache.get(LISTING_VERSION)


@pytest.fixture
def dead_app():
    """Redis "down" (nothing listens on the port), and a long CACHE_RETRY_AFTER to look at."""
    url = f"redis://127.0.0.1:{unused_port()}/0"
    config = {"TESTING": True, "CACHE_REDIS_URL": url, "SLOW_SECONDS": 0, "CACHE_RETRY_AFTER": 3600}
    return create_app(config)


# --- products.py: GET /products, cached 60 s, one entry per query string -------------------------


def test_skill_the_listing_is_a_get_route_registered_cached(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule == "/products" and "GET" in r.methods]
    assert [r.endpoint for r in rules] == ["products.list_products"], (
        "Skill missing: route the listing with @bp.get('/products') on list_products"
    )
    view = app.view_functions["products.list_products"]
    assert hasattr(view, "uncached"), (
        "Skill missing: put @cache.cached(...) *under* @bp.get('/products'): above it, Flask "
        "registers the uncached function"
    )
    assert view.cache_timeout == 60, (
        f"Skill missing: cache the listing for 60 s with @cache.cached(timeout=60, ...), "
        f"not {view.cache_timeout!r}"
    )


def test_skill_each_query_string_has_its_own_listing_key_with_a_60_s_ttl(
    client, cache_keys, redis_client
):
    cheap = client.get("/products?max_price=5")
    everything = client.get("/products")
    assert cheap.get_json()["count"] == 1
    assert everything.get_json()["count"] == 3, (
        "Skill missing: cache with query_string=True, so ?max_price=5 and no query are two entries"
    )
    listing = [key for key in cache_keys() if key.startswith("listing/v0/")]
    assert len(listing) == 2, (
        "Skill missing: @cache.cached(..., query_string=True, key_prefix=listing_key_prefix): "
        f"one key per query string under listing/v0/, found {cache_keys()}"
    )
    ttls = [redis_client.ttl(f"shop:{key}") for key in listing]
    assert all(30 < ttl <= 60 for ttl in ttls), f"Skill missing: listings expire after 60 s: {ttls}"


# --- catalogue.py: @cache.memoize(timeout=300) ---------------------------------------------------


def test_skill_the_report_is_memoized_for_300_s(app, client, redis_client):
    assert hasattr(product_report, "delete_memoized"), (
        "Skill missing: decorate product_report with @cache.memoize(...) (not @cache.cached): "
        "one entry per product_id"
    )
    asked = product_report.cache_timeout
    timeout = app.config["CACHE_DEFAULT_TIMEOUT"] if asked is None else asked
    assert timeout == 300, (
        f"Skill missing: memoize product_report for 300 s: @cache.memoize(timeout=300), not "
        f"timeout={asked!r} (0 never expires: a report changed behind the app's back stays forever)"
    )
    client.get("/products/1")
    ttl = redis_client.ttl(f"shop:{report_key(app, 1)}")
    assert 250 < ttl <= 300, (
        f"Skill missing: the memoized report must expire after 300 s; Redis says TTL {ttl} "
        "(-1: never, -2: no such key)"
    )


def test_the_report_is_served_from_the_cache_until_it_is_deleted(app, client, calls, redis_client):
    """Expiry seen from outside: a change behind the app's back shows once the entry is gone."""
    client.get("/products/1")
    app.extensions["catalogue"].products[1]["price"] = 6.0  # not through the API: no invalidation
    assert client.get("/products/1").get_json()["price_with_vat"] == 5.4  # served from Redis
    redis_client.delete(f"shop:{report_key(app, 1)}")  # what Redis does after 300 s
    assert client.get("/products/1").get_json()["price_with_vat"] == 7.2
    assert calls["report"] == 2


# --- products.py: the price change forgets exactly what it made stale ----------------------------


def test_skill_a_price_change_deletes_that_report_only(app, client, calls, cache_keys):
    client.get("/products/1")
    client.get("/products/2")
    client.put("/products/1", json={"price": 5.5})

    assert report_key(app, 1) not in cache_keys(), (
        "Skill missing: forget this product's report with "
        "cache.delete_memoized(product_report, product_id)"
    )
    assert report_key(app, 2) in cache_keys(), (
        "Skill missing: pass product_id to cache.delete_memoized(product_report, product_id): "
        "without it (or with cache.clear()) every product's report is forgotten"
    )
    assert client.get("/products/2").get_json()["price"] == 12.0
    assert calls["report"] == 2  # product 2 came from Redis


def test_skill_a_price_change_forgets_every_cached_listing(app, client, calls):
    client.get("/products")
    client.get("/products?sort=price")
    client.get("/products?max_price=5")
    before = listing_version(app)

    client.put("/products/3", json={"price": 4.75})

    assert listing_version(app) != before, (
        "Skill missing: call forget_listings() after the change, so every cached listing is "
        "read afresh"
    )
    assert [p["price"] for p in client.get("/products?sort=price").get_json()["products"]] == [
        4.5,
        4.75,
        12.0,
    ]
    assert client.get("/products").get_json()["products"][0] == {
        "id": 3,
        "name": "Cocoa",
        "price": 4.75,
    }
    assert client.get("/products?max_price=5").get_json()["count"] == 2
    assert calls["search"] == 6


# --- catalogue.py: forget_listings() stores a new version that never expires ---------------------


def test_skill_forget_listings_stores_a_new_version_with_no_expiry(app, redis_client):
    versions = []
    with app.app_context():
        for _ in range(3):
            forget_listings()
            versions.append(cache.get(LISTING_VERSION))
            assert redis_client.ttl(f"shop:{LISTING_VERSION}") == -1, (
                "Skill missing: store the listing version with timeout=0 (no expiry): once it "
                "expires, the prefix is v0 again and listings cached before the write come back"
            )
    assert None not in versions and "v0" not in versions and len(set(versions)) == 3, (
        "Skill missing: store a new random value under LISTING_VERSION each time "
        f"(uuid.uuid4().hex[:8]): got {versions}"
    )


# --- extensions.py: SafeRedisCache._try catches Redis's errors, and only those -------------------


class BuggyLoader(RedisSerializer):
    def loads(self, value):
        raise LookupError("a bug in the loader")


def test_skill_a_bug_in_the_loader_still_raises(app, monkeypatch):
    with app.app_context():
        backend = cache.cache
        monkeypatch.setattr(backend, "serializer", BuggyLoader())
        error = raised(lambda: cache.get("anything"))
        assert isinstance(error, LookupError), (
            "Skill missing: catch only redis.RedisError in SafeRedisCache._try (`except "
            "redis.RedisError`): `except Exception` turns a bug in the loader into a silent miss"
        )
        assert (backend.down_until, backend.may_be_stale) == (0.0, False)


def test_skill_an_unpicklable_value_still_raises(app):
    with app.app_context():
        error = raised(lambda: cache.set("generator", (n for n in range(3))))
        assert isinstance(error, TypeError), (
            "Skill missing: catch only redis.RedisError in SafeRedisCache._try: caching a "
            "generator is a bug in the app, and must raise, not be logged as a cache failure"
        )
        assert cache.get("generator") is None


def test_skill_a_redis_error_is_a_miss_a_warning_and_a_pause(dead_app, caplog):
    with dead_app.app_context(), caplog.at_level(logging.WARNING):
        backend = cache.cache
        assert cache.get("a") is None, (
            "Skill missing: on a redis.RedisError, _try returns the fallback (get: None)"
        )
        assert backend.may_be_stale is True and backend.down_until > time.monotonic(), (
            "Skill missing: call self._failed() on a redis.RedisError, so Redis is left alone "
            "for CACHE_RETRY_AFTER seconds and emptied when it answers again"
        )
        assert cache.get_many("a", "b") == [None, None]
        assert cache.has("a") is False
        assert cache.set("a", 1) is False
        assert cache.add("a", 1) is False
        assert cache.delete("a") is False
        assert cache.delete_many("a", "b") == []
        assert cache.clear() is False

    records = [r for r in caplog.records if r.name == "extensions"]
    assert [(r.levelno, r.getMessage().split(": ")[0]) for r in records] == [
        (logging.WARNING, "cache get failed, answering without the cache")
    ], (
        "Skill missing: log.warning('cache %s failed, answering without the cache: %s', "
        "operation, exc) once, for the call that failed"
    )


def test_skill_after_a_failure_the_first_call_that_reaches_redis_empties_it_first(app, cache_keys):
    with app.app_context():
        cache.set("old-report", "stale")
        cache.cache.may_be_stale = True  # as _failed() leaves it: an invalidation may be lost
        assert cache.get("old-report") is None, (
            "Skill missing: call self._forget_what_may_be_stale() in _try before the parent's "
            "method, so nothing cached before an outage is served after it"
        )
        assert cache.cache.may_be_stale is False
        assert cache.set("fresh", 1) is True
    assert cache_keys() == ["fresh"]


def test_skill_a_full_redis_is_a_redis_error_too(own_redis, caplog):
    """Redis refuses writes past maxmemory (an OOM ResponseError): any RedisError is a miss."""
    url, _ = own_redis
    admin = redis.Redis.from_url(url)
    admin.config_set("maxmemory-policy", "noeviction")
    admin.config_set("maxmemory", 1)  # far below what an empty Redis uses: every write refused
    admin.close()
    app = create_app({"TESTING": True, "CACHE_REDIS_URL": url, "SLOW_SECONDS": 0})
    client = app.test_client()

    with caplog.at_level(logging.WARNING):
        response = client.get("/products?sort=price")

    assert response.status_code == 200
    assert response.get_json()["count"] == 3
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert not errors and any(m.startswith("cache set failed") for m in warned), (
        "Skill missing: catch redis.RedisError (the base class of every Redis error, an OOM "
        f"refusal too), not only ConnectionError; errors logged: {errors}"
    )


# --- Behaviour that a shortcut breaks: stored text, exact boundaries -----------------------------


@pytest.mark.parametrize(
    "name", ["O'Brien's \"Special\" tea", "Thé vert 緑茶", "x" * 50], ids=["quotes", "utf8", "50"]
)
def test_any_name_up_to_50_characters_is_stored_and_listed_as_sent(client, name):
    client.get("/products")  # cached before the write
    response = client.post("/products", json={"name": name, "price": 10_000})
    assert response.status_code == 201
    assert response.get_json() == {"id": 4, "name": name, "price": 10_000}
    assert client.get("/products/4").get_json()["name"] == name
    listed = client.get("/products").get_json()["products"]
    assert {"id": 4, "name": name, "price": 10_000} in listed


@pytest.mark.parametrize(("price", "status"), [(0.01, 200), (10_000, 200), (10_000.01, 400)])
def test_price_boundaries(client, price, status):
    assert client.put("/products/2", json={"price": price}).status_code == status
