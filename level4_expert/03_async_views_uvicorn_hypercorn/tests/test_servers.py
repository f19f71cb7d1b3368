"""Under real Uvicorn and Hypercorn (asgi.py's WsgiToAsgi), then under gunicorn gthread.

What the upstream's in-flight counter shows: inside one request the gathered calls overlap under
every server; *between* requests, WsgiToAsgi runs one request at a time (it hands every request to
asgiref's single `sync_to_async` thread), while gunicorn's threads run them side by side.
Timings are in bench.py; here only the structure (what overlapped) is asserted.
"""

import requests

CLIENTS = 3  # concurrent requests, each one upstream call of 150 ms


def test_one_request_fans_out_under_the_asgi_server(asgi, slow):
    response = requests.get(f"{asgi}/api/fanout?count=5&delay_ms=400", timeout=10)
    assert response.status_code == 200, response.text
    assert response.json()["complete"] is True
    assert response.elapsed.total_seconds() < 1.5  # about one call (0.4 s), not the sum (2 s)
    assert slow.stats() == {"calls": 5, "in_flight": 0, "max_in_flight": 5}


def test_hostile_input_is_a_400_under_the_asgi_server(asgi, slow):
    response = requests.get(f"{asgi}/api/fanout?count=%00", timeout=10)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "count must be a whole number from 1 to 10"
    assert slow.stats()["calls"] == 0


def test_concurrent_requests_are_serialised_by_wsgi_to_asgi(asgi, slow, at_once):
    responses = at_once(CLIENTS, f"{asgi}/api/fanout?count=1&delay_ms=150")
    assert [r.status_code for r in responses] == [200] * CLIENTS
    assert slow.stats()["calls"] == CLIENTS
    # The honest part: three clients at once, yet the upstream never saw two of their calls
    # together. WsgiToAsgi queues requests; an ASGI-native app (Quart) would not.
    assert slow.stats()["max_in_flight"] == 1


def test_concurrent_requests_overlap_under_gunicorn_gthread(gthread, slow, at_once):
    responses = at_once(CLIENTS, f"{gthread}/api/fanout?count=1&delay_ms=150")
    assert [r.status_code for r in responses] == [200] * CLIENTS
    assert all(r.json()["results"][0]["result"]["slept_ms"] == 150 for r in responses)
    assert slow.stats()["calls"] == CLIENTS
    assert slow.stats()["max_in_flight"] >= 2  # threads: requests side by side


def test_gunicorn_gthread_fans_out_inside_a_request_too(gthread, slow):
    response = requests.get(f"{gthread}/api/fanout?count=3&delay_ms=200", timeout=10)
    assert response.status_code == 200 and response.json()["complete"] is True
    assert slow.stats()["max_in_flight"] == 3
