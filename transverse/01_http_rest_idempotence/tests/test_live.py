"""Real clients at once on real gunicorn (2 worker processes x 4 threads, one SQLite file): the
same Idempotency-Key sent by 8 clients is one order and 8 identical 201s; 8 PUTs from the same
copy are one 200 and 412s. Two processes share no Python dict or lock: only the database's
UNIQUE constraint and its `WHERE version = ?` keep them in step."""

import sqlite3
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import requests

CLIENTS = 8
ROUNDS = 3


def all_at_once(send, count: int = CLIENTS) -> list[requests.Response]:
    """Call send(n) from `count` threads released together; returns the responses in order."""
    start = threading.Barrier(count)

    def one(n: int) -> requests.Response:
        start.wait(timeout=10)
        return send(n)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(one, range(count)))


def rows(database, query: str) -> list[tuple]:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute(query).fetchall()


def test_one_key_sent_by_many_clients_at_once_is_one_order(live):
    url, database = live
    for round_ in range(ROUNDS):
        key = str(uuid.uuid4())
        order = {"product": f"round {round_}", "quantity": 1 + round_}

        def post(n: int, order=order, key=key) -> requests.Response:
            headers = {"Idempotency-Key": key}
            return requests.post(url + "/api/v1/orders", json=order, headers=headers, timeout=10)

        responses = all_at_once(post)

        assert [r.status_code for r in responses] == [201] * CLIENTS, [r.text for r in responses]
        assert len({(r.content, r.headers["Location"]) for r in responses}) == 1
        assert sum("Idempotent-Replayed" not in r.headers for r in responses) == 1
        made = rows(database, f"SELECT id FROM 'order' WHERE product = 'round {round_}'")
        assert made == [(responses[0].json()["id"],)]  # one order, the one all were told of
    assert rows(database, "SELECT count(*) FROM idempotency_key") == [(ROUNDS,)]


def test_many_puts_from_one_copy_at_once_are_one_200_and_412s(live):
    url, database = live
    created = requests.post(url + "/api/v1/orders", json={"product": "tea", "quantity": 1},
                            headers={"Idempotency-Key": str(uuid.uuid4())}, timeout=10)  # fmt: skip
    item = url + created.headers["Location"]
    etag = requests.get(item, timeout=10).headers["ETag"]

    def put(n: int) -> requests.Response:
        order = {"product": f"writer {n}", "quantity": n + 1}
        return requests.put(item, json=order, headers={"If-Match": etag}, timeout=10)

    responses = all_at_once(put)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [412] * (CLIENTS - 1), [r.text for r in responses]
    winner = next(r.json() for r in responses if r.status_code == 200)
    assert requests.get(item, timeout=10).json() == winner  # the one saved is the one told 200
    assert rows(database, f"SELECT version FROM 'order' WHERE id = {winner['id']}") == [(2,)]
