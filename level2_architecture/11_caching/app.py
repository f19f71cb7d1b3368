"""A simple cache with Flask-Caching on Redis: a cached view, a memoized function, invalidation.

The "database" is a dict that answers slowly on purpose (SLOW_SECONDS), so you can feel the cache.
"""

import logging
import os
import time
import uuid
from collections import Counter

import redis
from flask import Flask, abort, current_app, jsonify, request, url_for
from flask_caching import Cache
from flask_caching.backends.rediscache import RedisCache

log = logging.getLogger(__name__)
cache = Cache()

NAME_MAX = 50
PRICE_MAX = 10_000
SORTS = ("name", "price")
LISTING_VERSION = "listing-version"


class SafeRedisCache(RedisCache):
    """RedisCache that never breaks a request: a Redis error is logged and counts as a miss."""

    def _try(self, operation, fallback, *args):
        # exercise: start - call the parent's method; on a RedisError log a warning, return fallback
        try:
            return getattr(super(), operation)(*args)
        except redis.RedisError as exc:
            log.warning("cache %s failed, answering without the cache: %s", operation, exc)
            return fallback
        # exercise: end

    def get(self, key):
        return self._try("get", None, key)

    def get_many(self, *keys):
        return self._try("get_many", [None] * len(keys), *keys)

    def has(self, key):
        return self._try("has", False, key)

    def set(self, key, value, timeout=None):
        return self._try("set", False, key, value, timeout)

    def add(self, key, value, timeout=None):
        return self._try("add", False, key, value, timeout)

    def set_many(self, mapping, timeout=None):
        return self._try("set_many", [], mapping, timeout)

    def delete(self, key):
        return self._try("delete", False, key)

    def delete_many(self, *keys):
        return self._try("delete_many", [], *keys)

    def clear(self):
        return self._try("clear", False)


class Catalogue:
    """A stand-in for a slow database: each read waits `delay` seconds and is counted in `calls`."""

    def __init__(self, delay):
        self.delay = delay
        self.calls = Counter()
        self.products = {}
        for name, price in [("Green tea", 4.5), ("Coffee beans", 12.0), ("Cocoa", 7.25)]:
            self.add(name, price)

    def add(self, name, price):
        product_id = len(self.products) + 1
        self.products[product_id] = {"id": product_id, "name": name, "price": price}
        return self.products[product_id]

    def slow(self, work):
        self.calls[work] += 1
        time.sleep(self.delay)


def catalogue():
    return current_app.extensions["catalogue"]


def search(sort, max_price):
    """The slow part of the listing."""
    catalogue().slow("search")
    products = catalogue().products.values()
    found = [p for p in products if max_price is None or p["price"] <= max_price]
    return sorted(found, key=lambda p: p[sort])


# exercise: start - memoize product_report for 300 s: one Redis entry per product_id
@cache.memoize(timeout=300)
# exercise: end
def product_report(product_id):
    """The slow part of a product page."""
    catalogue().slow("report")
    product = catalogue().products[product_id]
    return {**product, "price_with_vat": round(product["price"] * 1.2, 2)}


def listing_key_prefix():
    """Cached listings live under "listing/<version>/": one key per query string below it."""
    return f"listing/{cache.get(LISTING_VERSION) or 'v0'}/"


def forget_listings():
    """A new version: the listings cached so far are never read again (they expire on their own)."""
    # exercise: start - store a new random value under LISTING_VERSION, with no expiry (timeout=0)
    cache.set(LISTING_VERSION, uuid.uuid4().hex[:8], timeout=0)
    # exercise: end


def parse_price(value):
    """A positive number up to PRICE_MAX, rounded to cents; None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not 0 < value <= PRICE_MAX:
        return None
    return round(value, 2)


def bad_request(message):
    return jsonify(error=message), 400


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        # The backend is SafeRedisCache above, found by its import path: "app.SafeRedisCache".
        CACHE_TYPE=f"{__name__}.SafeRedisCache",
        CACHE_REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX="shop:",  # every key this app writes starts with it
        CACHE_DEFAULT_TIMEOUT=300,
        # Give up quickly when Redis does not answer: a slow cache is worse than none.
        CACHE_OPTIONS={"socket_connect_timeout": 1, "socket_timeout": 1},
        SLOW_SECONDS=0.5,
    )
    if test_config:
        app.config.update(test_config)
    cache.init_app(app)
    app.extensions["catalogue"] = Catalogue(app.config["SLOW_SECONDS"])

    @app.errorhandler(404)
    def not_found(error):
        return jsonify(error="Not found."), 404

    # exercise: start - route GET /products and cache it 60 s, one entry per query string
    @app.get("/products")
    @cache.cached(timeout=60, query_string=True, key_prefix=listing_key_prefix)
    # exercise: end
    def list_products():
        sort = request.args.get("sort", "name")
        if sort not in SORTS:
            return bad_request(f"sort must be one of: {', '.join(SORTS)}.")
        max_price = request.args.get("max_price")
        if max_price is not None:
            try:
                max_price = float(max_price)
            except ValueError:
                return bad_request("max_price must be a number.")
        products = search(sort, max_price)
        return jsonify(products=products, count=len(products))

    @app.get("/products/<int:product_id>")
    def show_product(product_id):
        if product_id not in catalogue().products:
            abort(404)
        return jsonify(product_report(product_id))

    @app.post("/products")
    def add_product():
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return bad_request("Send a JSON object.")
        name = data.get("name")
        if not isinstance(name, str) or not 0 < len(name.strip()) <= NAME_MAX:
            return bad_request(f"name must be 1 to {NAME_MAX} characters.")
        price = parse_price(data.get("price"))
        if price is None:
            return bad_request(f"price must be a number above 0 and at most {PRICE_MAX}.")
        product = catalogue().add(name.strip(), price)
        forget_listings()  # the listings must show the new product
        location = url_for("show_product", product_id=product["id"])
        return jsonify(product), 201, {"Location": location}

    @app.put("/products/<int:product_id>")
    def update_price(product_id):
        product = catalogue().products.get(product_id)
        if product is None:
            abort(404)
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return bad_request("Send a JSON object.")
        price = parse_price(data.get("price"))
        if price is None:
            return bad_request(f"price must be a number above 0 and at most {PRICE_MAX}.")
        product["price"] = price
        # exercise: start - forget this product's memoized report, and every cached listing
        cache.delete_memoized(product_report, product_id)
        forget_listings()
        # exercise: end
        return jsonify(product)

    @app.get("/stats")
    def stats():
        """How many times the slow work really ran (in this process)."""
        return jsonify(catalogue().calls)

    return app
