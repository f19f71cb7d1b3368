"""Under real gunicorn (2 gthread workers of 4 threads): g is each request's own."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests

CLIENTS = 24


def test_g_is_never_shared_between_concurrent_requests(live):
    names = [f"client-{n:02d}" for n in range(CLIENTS)]

    def visit(name):
        # wait=0.2: each request holds its thread a while, so the 8 threads serve many at once
        response = requests.get(f"{live}/greet/{name}", params={"wait": "0.2"}, timeout=20)
        return name, response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(visit, names))
    for name, status, body in results:
        assert status == 200, body
        assert body == {"greeting": f"Hello, {name}!", "visitor": name, "visits": 1}, (
            f"{name} got another request's g: {body}"
        )


def test_a_report_is_built_by_a_thread_of_a_gunicorn_worker(live):
    requests.get(f"{live}/greet/report-visitor", timeout=10)
    response = requests.post(f"{live}/reports", timeout=10)
    assert response.status_code == 202
    url = live + response.headers["Location"]
    deadline = time.monotonic() + 10
    while (body := requests.get(url, timeout=10).json())["status"] != "done":
        assert time.monotonic() < deadline, f"the report was never built: {body}"
        time.sleep(0.05)
    assert body["visits"] >= 1


def test_hostile_input_is_a_400_under_gunicorn_too(live):
    response = requests.get(f"{live}/greet/a%00b", timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400
