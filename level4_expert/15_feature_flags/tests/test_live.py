"""Under real gunicorn, 2 workers: a kill switch flipped in the file reaches both, no restart."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests
import yaml
from flags import publish_flags

WORKERS = 2
SECONDS = 5  # the bound on each wait: the workers poll the file every 50 ms


def by_worker(url, seconds=SECONDS):
    """{pid: orders-enabled value} from concurrent requests, until both workers have answered."""
    seen, deadline = {}, time.monotonic() + seconds

    def ask(_):
        body = requests.get(f"{url}/flags", timeout=5).json()
        return body["pid"], body["flags"]["orders-enabled"]["value"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        while len(seen) < WORKERS and time.monotonic() < deadline:
            seen.update(pool.map(ask, range(16)))
    return seen


def test_both_workers_see_the_kill_switch_flip_without_a_restart(live):
    url, path = live
    before = by_worker(url)
    assert len(before) == WORKERS and set(before.values()) == {True}, before
    assert requests.post(f"{url}/orders", timeout=5).status_code == 201

    definitions = yaml.safe_load(path.read_text(encoding="utf-8"))
    definitions["flags"]["orders-enabled"]["defaultVariant"] = "off"
    publish_flags(path, definitions)

    deadline, after = time.monotonic() + SECONDS, {}
    while time.monotonic() < deadline:
        after = by_worker(url)
        if len(after) == WORKERS and set(after.values()) == {False}:
            break
        time.sleep(0.05)
    assert set(after) == set(before), "the same two workers, no restart"
    assert set(after.values()) == {False}, after
    statuses = {requests.post(f"{url}/orders", timeout=5).status_code for _ in range(10)}
    assert statuses == {503}
