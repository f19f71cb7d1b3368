"""The cache is proven by counting the slow work and by reading the keys in Redis itself."""

import logging
import re

import pytest

PRICES_BY_NAME = [("Cocoa", 7.25), ("Coffee beans", 12.0), ("Green tea", 4.5)]


def names_and_prices(response):
    return [(p["name"], p["price"]) for p in response.get_json()["products"]]


# --- The cached view: @cache.cached(query_string=True) -------------------------------------------


def test_a_second_request_is_a_hit_and_skips_the_work(client, calls):
    first = client.get("/products")
    second = client.get("/products")

    assert first.status_code == second.status_code == 200
    assert names_and_prices(first) == PRICES_BY_NAME
    assert second.get_data() == first.get_data()
    assert calls["search"] == 1  # the second answer came from Redis
    assert client.get("/stats").get_json() == {"search": 1}


def test_each_query_string_is_its_own_entry(client, calls):
    by_price = client.get("/products?sort=price")
    by_name = client.get("/products?sort=name")
    cheap = client.get("/products?sort=price&max_price=8")

    assert [n for n, _ in names_and_prices(by_price)] == ["Green tea", "Cocoa", "Coffee beans"]
    assert names_and_prices(by_name) == PRICES_BY_NAME
    assert names_and_prices(cheap) == [("Green tea", 4.5), ("Cocoa", 7.25)]
    assert calls["search"] == 3

    client.get("/products?sort=price")
    client.get("/products?max_price=8&sort=price")  # same arguments in another order: same key
    assert calls["search"] == 3


def test_listing_keys_are_in_redis_with_the_prefix_and_a_ttl(client, cache_keys, redis_client):
    client.get("/products?sort=price")
    client.get("/products?sort=name")

    listing = [key for key in cache_keys() if key.startswith("listing/")]
    assert len(listing) == 2
    assert all(re.fullmatch(r"listing/v0/[0-9a-f]{64}", key) for key in listing)
    assert all(0 < redis_client.ttl(f"shop:{key}") <= 60 for key in listing)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=colour", "sort must be one of: name, price."),
        ("max_price=cheap", "max_price must be a number."),
    ],
)
def test_bad_listing_arguments_are_a_400_and_do_no_work(client, calls, query, message):
    response = client.get(f"/products?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"error": message}
    assert calls["search"] == 0


# --- The memoized function: @cache.memoize ------------------------------------------------------


def test_the_memoized_report_is_computed_once_per_product(client, calls, cache_keys):
    first = client.get("/products/1")
    again = client.get("/products/1")
    other = client.get("/products/2")

    assert first.get_json() == {"id": 1, "name": "Green tea", "price": 4.5, "price_with_vat": 5.4}
    assert again.get_json() == first.get_json()
    assert other.get_json()["name"] == "Coffee beans"
    assert calls["report"] == 2  # product 1 once, product 2 once
    # Flask-Caching keeps a version key per memoized function, and one entry per argument list.
    assert "catalogue.product_report_memver" in cache_keys()
    assert len([key for key in cache_keys() if re.fullmatch(r"[A-Za-z0-9+/=]{22}", key)]) == 2


def test_an_unknown_product_is_a_404(client, calls):
    response = client.get("/products/99")
    assert response.status_code == 404
    assert response.get_json() == {"error": "Not found."}
    assert calls["report"] == 0


@pytest.mark.parametrize("method", ["get", "put"])
@pytest.mark.parametrize("digit", ["١", "１", "𝟏"], ids=["arabic-indic", "fullwidth", "math"])
def test_non_ascii_digits_name_no_product(client, calls, method, digit):
    """int's converter would read "١" as 1: a second URL, and a second cache key, for product 1."""
    response = getattr(client, method)(f"/products/{digit}", json={"price": 1.0})
    assert response.status_code == 404
    assert calls["report"] == 0
    assert client.get("/products/1").get_json()["price"] == 4.5  # the PUT changed nothing


# --- Invalidation on write ----------------------------------------------------------------------


def test_a_price_change_invalidates_that_report_and_the_listings(client, calls):
    client.get("/products/1")
    client.get("/products/2")
    client.get("/products?sort=price")
    assert calls == {"report": 2, "search": 1}

    response = client.put("/products/1", json={"price": 5.5})
    assert response.status_code == 200
    assert response.get_json() == {"id": 1, "name": "Green tea", "price": 5.5}

    assert client.get("/products/1").get_json()["price_with_vat"] == 6.6  # fresh, not cached
    assert ("Green tea", 5.5) in names_and_prices(client.get("/products?sort=price"))
    assert client.get("/products/2").get_json()["price"] == 12.0
    # Product 1 and the listing were computed again; product 2 is still served from Redis.
    assert calls == {"report": 3, "search": 2}


def test_old_listing_keys_are_left_to_expire_under_the_old_version(client, cache_keys):
    client.get("/products")
    client.put("/products/1", json={"price": 5.5})
    client.get("/products")

    versions = {key.split("/")[1] for key in cache_keys() if key.startswith("listing/")}
    assert len(versions) == 2
    assert "v0" in versions


def test_a_write_moves_the_listings_under_a_new_8_character_version(client, cache_keys):
    client.put("/products/1", json={"price": 5.5})
    client.get("/products")

    (listing,) = [key for key in cache_keys() if key.startswith("listing/")]
    assert re.fullmatch(r"listing/[0-9a-f]{8}/[0-9a-f]{64}", listing)


def test_a_new_product_appears_in_a_cached_listing(client, calls):
    assert len(names_and_prices(client.get("/products"))) == 3

    response = client.post("/products", json={"name": "Matcha", "price": 9})
    assert response.status_code == 201
    assert response.headers["Location"] == "/products/4"

    assert ("Matcha", 9) in names_and_prices(client.get("/products"))
    assert calls["search"] == 2


@pytest.mark.parametrize(
    "body",
    [{"price": -1}, {"price": 0}, {"price": "5"}, {"price": True}, {"price": 10_001}, {}, [5]],
    ids=["negative", "zero", "string", "bool", "too-big", "missing", "not-an-object"],
)
def test_a_bad_price_is_a_400_and_changes_and_invalidates_nothing(client, calls, body):
    client.get("/products/1")
    client.get("/products")

    response = client.put("/products/1", json=body)

    assert response.status_code == 400
    assert "error" in response.get_json()
    assert client.get("/products/1").get_json()["price"] == 4.5
    assert ("Green tea", 4.5) in names_and_prices(client.get("/products"))
    assert calls == {"report": 1, "search": 1}  # both still cached


@pytest.mark.parametrize(
    "body",
    [{"name": "", "price": 3}, {"name": "x" * 51, "price": 3}, {"name": "Tea"}, "Tea"],
    ids=["empty-name", "long-name", "no-price", "not-an-object"],
)
def test_a_bad_new_product_is_a_400_and_adds_nothing(client, calls, body):
    client.get("/products")
    response = client.post("/products", json=body)
    assert response.status_code == 400
    assert "error" in response.get_json()
    assert len(names_and_prices(client.get("/products"))) == 3
    assert calls["search"] == 1


@pytest.mark.parametrize(("method", "path"), [("post", "/products"), ("put", "/products/1")])
def test_json_nested_5000_deep_is_a_400_not_a_500(client, method, path):
    body = "[" * 5_000 + "]" * 5_000  # valid JSON (10 kB), too deep for Python's parser
    response = getattr(client, method)(path, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Send a JSON object."}


@pytest.mark.parametrize(("method", "path"), [("post", "/products"), ("put", "/products/1")])
def test_a_body_over_64_kib_is_a_json_413_and_changes_nothing(client, calls, method, path):
    client.get("/products")
    body = b'{"name": "Tea", "price": 3, "pad": "' + b"x" * 64 * 1024 + b'"}'

    response = getattr(client, method)(path, data=body, content_type="application/json")

    assert response.status_code == 413
    assert response.get_json() == {"error": "The body is larger than 65536 bytes."}
    assert len(names_and_prices(client.get("/products"))) == 3
    assert client.get("/products/1").get_json()["price"] == 4.5
    assert calls["search"] == 1  # the cached listing was not invalidated


def test_updating_an_unknown_product_is_a_404(client):
    response = client.put("/products/99", json={"price": 5})
    assert response.status_code == 404


# --- Without Redis ------------------------------------------------------------------------------


def test_without_redis_the_app_still_answers_uncached_and_logs_warnings(app_without_redis, caplog):
    client = app_without_redis.test_client()
    calls = app_without_redis.extensions["catalogue"].calls

    with caplog.at_level(logging.WARNING):
        listings = [client.get("/products") for _ in range(2)]
        report = client.get("/products/1")
        update = client.put("/products/1", json={"price": 5.5})
        created = client.post("/products", json={"name": "Matcha", "price": 9})
        after = client.get("/products")

    assert [r.status_code for r in listings] == [200, 200]
    assert names_and_prices(listings[1]) == PRICES_BY_NAME
    assert report.get_json()["price_with_vat"] == 5.4
    assert update.status_code == 200
    assert created.status_code == 201
    assert ("Green tea", 5.5) in names_and_prices(after)
    assert calls == {"search": 3, "report": 1}  # every request did the work itself

    warnings = [
        r for r in caplog.records if r.name == "extensions" and r.levelno == logging.WARNING
    ]
    assert warnings
    assert all("answering without the cache" in r.getMessage() for r in warnings)
    assert any("connecting to 127.0.0.1" in r.getMessage() for r in warnings)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
