"""The shop under gunicorn (one worker, 4 threads) calling the live inventory: concurrent
callers keep their own traces, and an oversize header never reaches the app."""

import concurrent.futures
import time

import pytest
import requests


def poll(what, fetch, seconds=30):
    """fetch() until it returns something truthy; fail naming `what` at the deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := fetch():
            return found
        time.sleep(0.25)
    pytest.fail(f"{what} not found within {seconds} s")


def test_concurrent_requests_each_keep_their_own_trace(live_shop, inventory, json_lines):
    """24 callers, 4 at a time, on 4 threads: no answer or log line takes another's trace id."""
    url, _, shop_log = live_shop
    ids = [f"{n:032x}".replace("0", "a", 1) for n in range(1, 25)]

    def call(trace_id):
        headers = {"traceparent": f"00-{trace_id}-{'1' * 16}-01"}
        response = requests.get(f"{url}/api/products/tea", headers=headers, timeout=10)
        return response.status_code, response.headers["traceresponse"].split("-")[1]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(call, ids))
    assert answers == [(200, trace_id) for trace_id in ids]

    def lines(path, message):
        wanted = set(ids)
        return sorted(
            line["trace_id"]
            for line in json_lines(path)
            if line["message"] == message and line.get("trace_id") in wanted
        )

    assert poll("24 shop lines", lambda: len(lines(shop_log, "request")) == 24)
    assert lines(shop_log, "request") == sorted(ids)  # one line each, none crossed
    assert poll("24 inventory lines", lambda: len(lines(inventory[2], "stock read")) == 24)
    assert lines(inventory[2], "stock read") == sorted(ids)


def test_gunicorn_refuses_an_oversize_traceparent_and_keeps_serving(live_shop):
    url, _, _ = live_shop
    huge = f"00-{'4' * 32}-{'5' * 16}-01" + "0" * 9000  # over gunicorn's 8190-byte field limit
    response = requests.get(f"{url}/api/products/tea", headers={"traceparent": huge}, timeout=10)
    assert response.status_code == 431  # Request Header Fields Too Large, from gunicorn 27 on
    assert requests.get(f"{url}/api/products/tea", timeout=10).status_code == 200
