"""Real parallel clients on a real gunicorn: erasures racing with orders for the same users."""

import concurrent.futures
import os
import random
from collections import Counter
from pathlib import Path

import requests

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).parent.parent
USERS, ORDERS_EACH = 12, 3


def test_an_erasure_racing_with_orders_ends_consistent(app, database, shop, sql, find_text):
    people = [(f"racer{i}@example.com", f"Racer{i:02d} Kowalski") for i in range(USERS)]
    ids = [shop.user(email, name) for email, name in people]
    jobs = [(user_id, "erase") for user_id in ids]
    jobs += [(user_id, "order") for user_id in ids for _ in range(ORDERS_EACH)]
    random.Random(13).shuffle(jobs)  # each user's erasure lands among its orders
    env = dict(os.environ, FLASK_SQLALCHEMY_DATABASE_URI=database.sqlalchemy_url)
    args = ("--worker-class", "gthread", "--workers", "2", "--threads", "8", "--preload",
            "--graceful-timeout", "0")  # fmt: skip
    with gunicorn("gdpr:create_app()", cwd=EXAMPLE, env=env, args=args) as url:

        def send(job):
            user_id, what = job
            if what == "erase":
                response = requests.post(f"{url}/api/users/{user_id}/erase", timeout=10)
            else:
                body = {"total_cents": 250}
                response = requests.post(f"{url}/api/users/{user_id}/orders", json=body, timeout=10)
            return user_id, what, response.status_code

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            results = list(pool.map(send, jobs))
    codes = Counter((what, code) for _, what, code in results)
    # An order either went first (201, then anonymised by the erasure) or came after it (410):
    # never a 500, a 503 (lock timeout) or a deadlock.
    assert set(codes) <= {("erase", 200), ("order", 201), ("order", 410)}, codes
    assert codes[("erase", 200)] == USERS
    placed = Counter(user_id for user_id, what, code in results if (what, code) == ("order", 201))
    rows = dict(sql("SELECT user_id, count(*) FROM orders GROUP BY user_id"))
    assert rows == dict(placed)  # every 201 is a row, and no 410 left one
    assert sql("SELECT DISTINCT ship_to FROM orders") in ([], [("erased user",)])
    names = [value for person in people for value in person]
    assert find_text(*names) == []  # no order kept a name the erasure had removed
    assert sql("SELECT action, count(*) FROM audit_log GROUP BY action") == [("erase", USERS)]
