"""One request, one trace id: in the response, the spans (over real OTLP/HTTP), the JSON logs,
the exemplar, and the live inventory it calls. A caller's bad `traceparent` starts a new trace."""

import re

import pytest

SHOP = ("shop", "GET /api/products/<sku>")
CLIENT = ("shop", "GET /stock/<sku>")
INVENTORY = ("inventory", "GET /stock/<sku>")
CALLER_TRACE, CALLER_SPAN = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
HEX32 = re.compile(r"[0-9a-f]{32}")


def request_line(logs):
    (line,) = [line for line in logs() if line["message"] == "request"]
    return line


def test_a_callers_traceparent_is_continued_by_the_shop_and_the_inventory(
    client, logs, spans, trace_of, exemplars
):
    traceparent = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
    response = client.get("/api/products/tea", headers={"traceparent": traceparent})
    assert response.status_code == 200
    assert response.get_json() == {"sku": "tea", "name": "Green tea", "price": 4.5, "stock": 12}
    trace_id, span_id, flags = trace_of(response)
    assert (trace_id, flags) == (CALLER_TRACE, "01")

    found = spans(CALLER_TRACE, SHOP, CLIENT, INVENTORY)
    server, call, downstream = found[SHOP], found[CLIENT], found[INVENTORY]
    assert server.parent_span_id.hex() == CALLER_SPAN  # the caller's span is its parent
    assert server.span_id.hex() == span_id
    assert (call.kind, call.parent_span_id) == (call.SPAN_KIND_CLIENT, server.span_id)
    assert downstream.kind == downstream.SPAN_KIND_SERVER
    assert downstream.parent_span_id == call.span_id  # the inventory continued the shop's call

    line = request_line(logs)
    assert (line["trace_id"], line["span_id"]) == (CALLER_TRACE, span_id)
    assert (line["path"], line["status"], line["level"]) == ("/api/products/tea", 200, "INFO")

    name, labels = exemplars()[CALLER_TRACE]
    assert name == "inventory_request_duration_seconds_bucket" and labels["outcome"] == "ok"


def test_without_a_traceparent_each_request_starts_a_trace_of_its_own(
    client, logs, spans, trace_of
):
    first = client.get("/api/products/tea")
    second = client.get("/api/products/cocoa")
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.get_json()["stock"] == 0
    ids = [trace_of(first)[0], trace_of(second)[0]]
    assert ids[0] != ids[1]
    assert [line["trace_id"] for line in logs() if line["message"] == "request"] == ids
    for trace_id in ids:
        found = spans(trace_id, SHOP, INVENTORY)
        assert found[SHOP].parent_span_id == b""  # a root span: nobody called us with a trace


HOSTILE = {
    "version ff": f"ff-{CALLER_TRACE}-{CALLER_SPAN}-01",
    "version 00 with a fifth field": f"00-{CALLER_TRACE}-{CALLER_SPAN}-01-{CALLER_TRACE}",
    "all-zero trace id": f"00-{'0' * 32}-{CALLER_SPAN}-01",
    "all-zero span id": f"00-{CALLER_TRACE}-{'0' * 16}-01",
    "upper-case hex": f"00-{CALLER_TRACE.upper()}-{CALLER_SPAN}-01",
    "short trace id": f"00-{CALLER_TRACE[:31]}-{CALLER_SPAN}-01",
    "not hex": f"00-{'g' * 32}-{CALLER_SPAN}-01",
    "oversize (64 KB)": f"00-{CALLER_TRACE}-{CALLER_SPAN}-01" + "0" * 65536,
    "two headers joined": f"00-{CALLER_TRACE}-{CALLER_SPAN}-01,00-{'a' * 32}-{'b' * 16}-01",
    "garbage": "'; DROP TABLE traces; --\x00",
    "empty": "",
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_an_invalid_traceparent_starts_a_fresh_trace(client, logs, spans, trace_of, value):
    response = client.get("/api/products/tea", headers={"traceparent": value})
    assert response.status_code == 200
    trace_id, _, flags = trace_of(response)
    assert HEX32.fullmatch(trace_id) and int(flags, 16) & 1  # sampled (03: random id too)
    assert trace_id not in value.lower() and trace_id != "a" * 32  # nothing of the caller's
    found = spans(trace_id, SHOP, INVENTORY)  # the inventory got the fresh, valid one
    assert found[SHOP].parent_span_id == b""
    assert found[INVENTORY].parent_span_id == found[CLIENT].span_id
    assert request_line(logs)["trace_id"] == trace_id


def test_an_unsampled_trace_keeps_its_id_but_exports_nothing(
    client, app, logs, receiver, trace_of, exemplars
):
    trace_id = "0af7651916cd43dd8448eb211c80319c"
    response = client.get(
        "/api/products/tea", headers={"traceparent": f"00-{trace_id}-{'b' * 16}-00"}
    )
    assert response.status_code == 200
    assert trace_of(response)[::2] == (trace_id, "00")  # still this trace, still not sampled
    assert request_line(logs)["trace_id"] == trace_id  # the log line can still be found
    assert app.extensions["tracer_provider"].force_flush(5000)
    assert receiver.of_trace(trace_id) == {}  # the caller decided: no span kept
    assert trace_id not in exemplars()  # an exemplar must lead to a trace that exists


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/products/Tea", 400), ("/api/products/a;b", 400), ("/api/products/" + "a" * 33, 400),
     ("/api/products/gin", 404), ("/nowhere", 404)],
)  # fmt: skip
def test_bad_requests_are_json_errors_with_their_trace(client, logs, trace_of, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.get_json()["status"] == status
    assert request_line(logs)["trace_id"] == trace_of(response)[0]


def test_a_log_line_outside_any_request_has_no_trace_id(app, logs):
    app.logger.warning("starting up")
    (line,) = logs()
    assert (line["message"], line["trace_id"], line["span_id"]) == ("starting up", None, None)


def test_metrics_speak_openmetrics_to_prometheus_and_the_classic_format_to_others(client):
    client.get("/api/products/tea")
    classic = client.get("/metrics")
    assert classic.content_type.startswith("text/plain")
    assert "inventory_request_duration_seconds_bucket" in classic.get_data(as_text=True)
    assert "trace_id=" not in classic.get_data(as_text=True)  # exemplars are OpenMetrics only
    accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"
    open_metrics = client.get("/metrics", headers={"Accept": accept}).get_data(as_text=True)
    assert "# {trace_id=" in open_metrics and open_metrics.endswith("# EOF\n")
