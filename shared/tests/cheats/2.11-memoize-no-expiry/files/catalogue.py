"""The slow "database" and what is cached around it: the memoized report, the listings' key prefix.

The catalogue is a dict that answers slowly on purpose (SLOW_SECONDS), so you can feel the cache.
"""

import time
import uuid
from collections import Counter

from extensions import cache
from flask import current_app

LISTING_VERSION = "listing-version"


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
    """This app's catalogue (create_app() puts one in app.extensions)."""
    return current_app.extensions["catalogue"]


def search(sort, max_price):
    """The slow part of the listing."""
    catalogue().slow("search")
    products = catalogue().products.values()
    found = [p for p in products if max_price is None or p["price"] <= max_price]
    return sorted(found, key=lambda p: p[sort])


# exercise: start - memoize product_report for 300 s: one Redis entry per product_id
@cache.memoize(timeout=0)
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
