"""Real parallel clients on a real gunicorn: 40 transfers at once, both directions."""

import concurrent.futures
import os
from pathlib import Path

import requests

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).parent.parent


def test_concurrent_transfers_both_ways_lose_nothing_and_never_deadlock(
    app, database, balances, references
):
    env = dict(os.environ, FLASK_SQLALCHEMY_DATABASE_URI=database.sqlalchemy_url)
    # --preload: the app is imported once, before the fork (its engine has no connection yet);
    # --graceful-timeout 0: nothing is in flight when the test stops it, so it stops at once.
    args = ("--worker-class", "gthread", "--workers", "2", "--threads", "8", "--preload",
            "--graceful-timeout", "0")  # fmt: skip
    with gunicorn("bank:create_app()", cwd=EXAMPLE, env=env, args=args) as url:

        def send(i):
            # 20 of 300 cents alice → bob, 20 of 100 cents bob → alice, interleaved: each pair
            # locks the same two rows from opposite ends. Never enough to overdraw anyone.
            source, target, amount = (1, 2, 300) if i % 2 else (2, 1, 100)
            body = {"from": source, "to": target, "amount_cents": amount, "reference": f"c{i}"}
            response = requests.post(f"{url}/api/transfers", json=body, timeout=10)
            return response.status_code, response.text

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            results = list(pool.map(send, range(40)))
    # A deadlock (40P01) or a lock timeout would be a 503; a lost update would change the sums.
    assert [code for code, _ in results] == [201] * 40, results
    assert balances() == {"alice": 10_000 - 20 * 300 + 20 * 100, "bob": 5_000 + 20 * 300 - 20 * 100}
    assert sorted(references()) == sorted(f"c{i}" for i in range(40))
