"""Skill checks: the view is a coroutine, its upstream calls overlap, each has its own deadline.

Flask's `app.view_functions` says whether the view is `async def`; the upstream's in-flight
counter says whether the calls overlapped (a clock would only say it was fast); the AST of the
view says which asyncio tools did it. A failing check starts with "Skill missing: ".
"""

import ast
import asyncio
import inspect
import textwrap

import fanout
from asgiref.wsgi import WsgiToAsgi
from flask import Flask

SLOW_MS = 400  # each upstream call; 5 of them one after the other would take 2 s


def calls_in(function) -> set[str]:
    """The dotted names a function calls: {"asyncio.gather", "client.get", ...}."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}


def test_skill_the_view_is_an_async_def(app):
    view = app.view_functions["fanout.fan_out"]
    assert inspect.iscoroutinefunction(view), (
        "Skill missing: write the view as `async def fan_out()`: Flask 3 (flask[async]) awaits it"
    )
    assert inspect.iscoroutinefunction(fanout.fetch_one), (
        "Skill missing: write `async def fetch_one(...)` that awaits the httpx.AsyncClient call"
    )


def test_skill_the_calls_are_gathered(app):
    assert "asyncio.gather" in calls_in(fanout.fan_out), (
        "Skill missing: start every fetch_one(...) at once with `await asyncio.gather(*calls)`"
    )


def test_skill_one_request_fans_out_and_the_calls_overlap(client, slow):
    response = client.get("/api/fanout")  # the defaults: count=5, delay_ms=400
    assert response.status_code == 200, response.get_data(as_text=True)
    assert slow.stats()["calls"] == 5
    assert slow.stats()["max_in_flight"] == 5, (
        "Skill missing: the 5 upstream calls must be in flight together (asyncio.gather over "
        f"httpx.AsyncClient calls); the upstream saw at most {slow.stats()['max_in_flight']}"
    )
    body = response.get_json()
    assert body["complete"] is True and body["failed"] == 0
    assert [r["item"] for r in body["results"]] == [1, 2, 3, 4, 5]  # gather keeps the order
    assert all(r["result"] == {"item": r["item"], "slept_ms": SLOW_MS} for r in body["results"])
    assert body["elapsed_ms"] < 1500  # about one call (0.4 s), far below the sum (2 s)


def test_skill_each_call_has_its_own_deadline_in_the_code():
    assert {"asyncio.wait_for", "asyncio.timeout"} & calls_in(fanout.fetch_one), (
        "Skill missing: give each call its own deadline: "
        "`await asyncio.wait_for(client.get(...), timeout)`"
    )


def test_skill_a_call_that_times_out_is_an_error_entry_of_its_own(client, slow, impatient):
    slow.reset(hang={2})  # item 2 never answers in time
    response = client.get("/api/fanout?count=3&delay_ms=0")
    body = response.get_json()
    assert response.status_code == 200 and body.get("complete") is False, (
        "Skill missing: a call that times out is an error entry of its own "
        f"(the others are kept); got {response.status_code} {body}"
    )
    assert body["failed"] == 1
    assert body["results"] == [
        {"item": 1, "result": {"item": 1, "slept_ms": 0}},
        {"item": 2, "error": "timeout"},
        {"item": 3, "result": {"item": 3, "slept_ms": 0}},
    ]
    assert body["elapsed_ms"] < 5000  # the deadline (0.4 s), not the hang (10 s)


def test_skill_a_call_that_trickles_is_cut_at_its_deadline(client, slow, impatient):
    slow.reset(drip={1})  # a byte every 0.1 s: a read timeout never fires, a deadline does
    response = client.get("/api/fanout?count=2&delay_ms=0")
    body = response.get_json()
    assert response.status_code == 200 and body["results"][0] == {"item": 1, "error": "timeout"}, (
        "Skill missing: a deadline for the whole call (asyncio.wait_for), not only httpx's "
        f"timeout, which restarts with every byte; got {response.status_code} {body}"
    )
    assert body["elapsed_ms"] < 2500  # 0.4 s, not the 3 s trickle


def test_skill_a_failing_call_is_an_error_entry_too(client, slow):
    slow.reset(fail={4})
    response = client.get("/api/fanout?count=5&delay_ms=0")
    body = response.get_json()
    assert response.status_code == 200 and body.get("failed") == 1, (
        "Skill missing: catch httpx.HTTPStatusError (after response.raise_for_status()) in "
        f"fetch_one and return an error entry; got {response.status_code} {body}"
    )
    assert body["results"][3] == {"item": 4, "error": "upstream answered 500"}
    assert [r["item"] for r in body["results"] if "result" in r] == [1, 2, 3, 5]


def test_skill_asgi_py_wraps_the_flask_app_with_wsgi_to_asgi():
    import asgi

    assert isinstance(asgi.app, WsgiToAsgi), (
        "Skill missing: in asgi.py, `app = WsgiToAsgi(create_app())`: Uvicorn and Hypercorn "
        "speak ASGI, a Flask app speaks WSGI"
    )
    assert isinstance(asgi.app.wsgi_application, Flask)
    assert asyncio.iscoroutinefunction(asgi.app.__call__)
