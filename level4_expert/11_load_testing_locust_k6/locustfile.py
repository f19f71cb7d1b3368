"""Visitors of the shop, as locust users: what they do, how often, and what a right answer is.

    locust -f level4_expert/11_load_testing_locust_k6/locustfile.py --host http://127.0.0.1:5000 \
        --headless -u 4 -r 4 --run-time 5s --stop-timeout 2

Every request has a `name` (the journey, in the reports: not one line per product id) and is
checked with `catch_response=True` and `check()`: its status and its body.
"""

import random

from checks import check
from locust import HttpUser, between

PRODUCTS = 60  # the catalogue init-db makes: ids 1 to 60, 6 pages of 10
TERMS = ["mug", "red", "lamp", "blue ch", "tea", "rug"]
ACCOUNTS = {"alice": "wonderland", "bob": "builder"}


class Visitor(HttpUser):
    """One visitor: logs in once, then browses, searches and buys, with a short pause between."""

    wait_time = between(0.05, 0.25)

    def on_start(self):
        self.username, password = random.choice(list(ACCOUNTS.items()))
        body = {"username": self.username, "password": password}
        with self.client.post("/api/login", json=body, name="login", catch_response=True) as r:
            check(r, 200, lambda b: len(b["token"]) > 20, "a token")
        self.token = r.json()["token"] if r.status_code == 200 else ""

    def browse_catalogue(self):
        page = random.randint(1, PRODUCTS // 10)
        with self.client.get(
            f"/api/products?page={page}", name="catalogue", catch_response=True
        ) as r:
            check(
                r,
                200,
                lambda b: b["page"] == page and len(b["products"]) == 10,
                f"page {page} with 10 products",
            )
        self.view_product(random.randint(1, PRODUCTS))

    def view_product(self, product_id):
        with self.client.get(
            f"/api/products/{product_id}", name="product", catch_response=True
        ) as r:
            check(r, 200, lambda b: b["id"] == product_id, f"product {product_id}")
        return r.json() if r.status_code == 200 else None

    def search(self):
        term = random.choice(TERMS)
        with self.client.get(
            "/api/search", params={"q": term}, name="search", catch_response=True
        ) as r:
            check(
                r,
                200,
                lambda b: b["products"] and all(term in p["name"] for p in b["products"]),
                f"results that all contain {term!r}",
            )

    def search_nothing(self):
        with self.client.get(
            "/api/search", params={"q": ""}, name="search: empty", catch_response=True
        ) as r:
            check(r, 400, lambda b: "q must be" in b["error"], "the app's 400 for an empty q")

    def buy(self):
        product = self.view_product(random.randint(1, PRODUCTS))
        if product is None:
            return  # the product page failed: counted there already
        quantity = random.randint(1, 3)
        order = {"items": [{"product_id": product["id"], "quantity": quantity}]}
        auth = {"Authorization": f"Bearer {self.token}"}
        with self.client.post(
            "/api/orders", json=order, headers=auth, name="order", catch_response=True
        ) as r:
            check(
                r,
                201,
                lambda b: (
                    b["total_cents"] == product["price_cents"] * quantity
                    and b["items"] == order["items"]
                ),
                f"an order of {quantity} x {product['price_cents']} cents",
            )

    def log_in_wrong(self):
        body = {"username": self.username, "password": "not-the-password"}
        with self.client.post(
            "/api/login", json=body, name="login: wrong password", catch_response=True
        ) as r:
            check(r, 401, lambda b: "token" not in b, "a 401 and no token")

    # exercise: start - tasks = {method: weight}: browse 6, search 3, buy 2, the two 4xx 1 each
    tasks = {  # noqa: RUF012 (locust reads it from the class)
        browse_catalogue: 6,
        search: 3,
        buy: 2,
        search_nothing: 1,
        log_in_wrong: 1,
    }
    # exercise: end
