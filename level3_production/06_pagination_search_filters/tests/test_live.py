"""A real gunicorn (gthread, 8 threads): five clients walk the feed at once, one per category
(the products out of stock, to keep the walks short), while rows are inserted into them."""

import concurrent.futures
import os
import threading
from pathlib import Path

import requests

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).parent.parent
CATEGORIES = ["lighting", "seating", "tables", "storage", "decor"]


def test_concurrent_walks_while_rows_are_inserted(app, postgres, sql, insert_products):
    query = "SELECT id FROM product WHERE category = :c AND NOT in_stock"
    before = {c: {r.id for r in sql(query, c=c)} for c in CATEGORIES}
    env = dict(
        os.environ, FLASK_SQLALCHEMY_DATABASE_URI=postgres.sqlalchemy_url, FLASK_SECRET_KEY="live"
    )
    with gunicorn(
        "catalog:create_app()", cwd=EXAMPLE, env=env, args=("-k", "gthread", "--threads", "8")
    ) as url:
        done = threading.Event()

        def write():
            n = 0
            while not done.is_set() and n < 200:  # bounded: at most 200 rows
                insert_products([100 * (1 + n % 500)], category=CATEGORIES[n % 5], in_stock=False)
                n += 1
            return n

        def walk(category):
            seen, pages = [], 0
            next_url = f"/api/products/feed?category={category}&in_stock=false&limit=100"
            with requests.Session() as session:
                while next_url and pages < 200:
                    response = session.get(url + next_url, timeout=10)
                    assert response.status_code == 200, response.text
                    body = response.json()
                    seen += body["items"]
                    next_url, pages = body["links"]["next"], pages + 1
            return seen

        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            writer = pool.submit(write)
            walks = dict(zip(CATEGORIES, pool.map(walk, CATEGORIES), strict=True))
            done.set()
            assert writer.result() > 0
    for category, items in walks.items():
        ids = [p["id"] for p in items]
        # only what this client asked for
        assert {(p["category"], p["in_stock"]) for p in items} == {(category, False)}
        assert len(ids) == len(set(ids)), f"{category}: a row was served twice"
        assert before[category] <= set(ids), f"{category}: a row was skipped"
