"""The inventory refused, hung (SIGSTOP) or killed: a bounded JSON error that names the trace,
and an ERROR log line that carries the same trace id. Never a 500, never a wait without end."""

import os
import signal
import time

from shared.testing import HOST, free_port

CLIENT = ("shop", "GET /stock/<sku>")


def error_line(logs, message):
    (line,) = [line for line in logs() if line["message"] == message]
    assert line["level"] == "ERROR"
    return line


def test_inventory_refused_is_a_503_whose_trace_id_is_in_the_log_and_the_span(
    app, client, logs, spans, trace_of, exemplars, monkeypatch
):
    monkeypatch.setitem(app.config, "INVENTORY_URL", f"http://{HOST}:{free_port()}")  # nobody
    response = client.get("/api/products/tea")
    assert response.status_code == 503
    trace_id = trace_of(response)[0]
    assert response.get_json() == {
        "error": "the inventory is unreachable", "status": 503, "trace_id": trace_id,
    }  # fmt: skip
    line = error_line(logs, "inventory unreachable")
    assert (line["trace_id"], line["sku"], line["error"]) == (trace_id, "tea", "ConnectionError")
    call = spans(trace_id, CLIENT)[CLIENT]
    assert call.status.code == call.status.STATUS_CODE_ERROR
    assert [event.name for event in call.events] == ["exception"]
    name, labels = exemplars()[trace_id]
    assert (name, labels["outcome"]) == ("inventory_request_duration_seconds_bucket", "error")


def test_inventory_hung_is_a_504_after_the_timeout_not_a_hang(
    app, client, logs, own_inventory, hung, within, trace_of, monkeypatch
):
    url, proc, _ = own_inventory
    monkeypatch.setitem(app.config, "INVENTORY_URL", url)
    assert client.get("/api/products/tea").status_code == 200
    with hung(proc):
        started = time.monotonic()
        response = within(30, client.get, "/api/products/tea")
        waited = time.monotonic() - started
    assert response.status_code == 504
    assert 1 < waited < 15  # INVENTORY_TIMEOUT is 2 s: cut there, not at the client's patience
    trace_id = trace_of(response)[0]
    assert response.get_json()["trace_id"] == trace_id
    line = error_line(logs, "inventory timed out")
    assert (line["trace_id"], line["timeout_s"]) == (trace_id, 2.0)
    assert within(30, client.get, "/api/products/tea").status_code == 200  # resumed: served again


def test_inventory_killed_is_a_503_then_the_next_one_too(
    app, client, logs, own_inventory, trace_of, monkeypatch
):
    url, proc, _ = own_inventory
    monkeypatch.setitem(app.config, "INVENTORY_URL", url)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    responses = [client.get("/api/products/tea") for _ in range(2)]
    assert [r.status_code for r in responses] == [503, 503]
    ids = [trace_of(r)[0] for r in responses]
    lines = [line for line in logs() if line["message"] == "inventory unreachable"]
    assert [line["trace_id"] for line in lines] == ids and ids[0] != ids[1]


def test_an_inventory_404_is_a_502_not_a_crash(app, client, logs, trace_of, monkeypatch):
    monkeypatch.setitem(app.config, "INVENTORY_URL", app.config["INVENTORY_URL"] + "/nowhere")
    response = client.get("/api/products/tea")
    assert response.status_code == 502
    assert response.get_json()["trace_id"] == trace_of(response)[0]
    line = error_line(logs, "inventory failed")
    assert (line["inventory_status"], line["trace_id"]) == (404, trace_of(response)[0])
