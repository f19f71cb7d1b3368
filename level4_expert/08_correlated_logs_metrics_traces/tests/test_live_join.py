"""The whole path, as in production: the shop and the inventory under gunicorn, their spans over
OTLP/HTTP to the receiver, their JSON logs on stderr, and a real Prometheus scraping the shop in
OpenMetrics with exemplar storage on (started once, for this module only). One request is then
found in all three by its trace id."""

import json
import time
from pathlib import Path

import pytest
import requests

from shared.testing import HOST, free_port, running

PROMETHEUS = Path("/usr/bin/prometheus")
if not PROMETHEUS.exists():
    pytest.skip("no /usr/bin/prometheus: apt-get install -y prometheus", allow_module_level=True)

SHOP = ("shop", "GET /api/products/<sku>")
CLIENT = ("shop", "GET /stock/<sku>")
INVENTORY = ("inventory", "GET /stock/<sku>")


@pytest.fixture(scope="module")
def prometheus(live_shop, tmp_path_factory):
    """A real Prometheus scraping the live shop every second, exemplars stored; yields its URL."""
    tmp = tmp_path_factory.mktemp("prometheus")
    config = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s"},
        "scrape_configs": [
            {"job_name": "shop", "static_configs": [{"targets": [live_shop[0][len("http://") :]]}]}
        ],
    }
    (tmp / "prometheus.yml").write_text(json.dumps(config))  # JSON is YAML
    port = free_port()
    cmd = [
        str(PROMETHEUS), f"--config.file={tmp / 'prometheus.yml'}",
        f"--storage.tsdb.path={tmp / 'data'}", f"--web.listen-address={HOST}:{port}",
        "--enable-feature=exemplar-storage",
    ]  # fmt: skip
    with running(cmd, port=port, timeout=30):
        yield f"http://{HOST}:{port}"


def poll(what, fetch, seconds=30):
    """fetch() until it returns something truthy; fail naming `what` at the deadline."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := fetch():
            return found
        time.sleep(0.25)
    pytest.fail(f"{what} not found within {seconds} s")


def test_one_request_is_joined_across_spans_logs_and_exemplars(
    live_shop, inventory, prometheus, receiver, json_lines
):
    url, _, shop_log = live_shop
    started = time.time()
    response = requests.get(f"{url}/api/products/tea", timeout=10)
    assert response.status_code == 200
    trace_id, span_id = response.headers["traceresponse"].split("-")[1:3]

    # Traces: the shop's request and call, and the inventory's request, in one trace.
    spans = poll("the three spans", lambda: (
        found if {SHOP, CLIENT, INVENTORY} <= set(found := receiver.of_trace(trace_id)) else None
    ))  # fmt: skip
    assert spans[SHOP].span_id.hex() == span_id
    assert spans[INVENTORY].parent_span_id == spans[CLIENT].span_id

    # Logs: each service's JSON lines for this request, by the same trace id.
    def lines_of(path):
        return [line for line in json_lines(path) if line.get("trace_id") == trace_id]

    shop_lines = poll("the shop's log line", lambda: lines_of(shop_log))
    assert [(line["message"], line["span_id"]) for line in shop_lines] == [("request", span_id)]
    inventory_lines = poll("the inventory's log lines", lambda: lines_of(inventory[2]))
    downstream_span = spans[INVENTORY].span_id.hex()
    assert {(line["message"], line["span_id"]) for line in inventory_lines} == {
        ("stock read", downstream_span), ("request", downstream_span),
    }  # fmt: skip

    # Metrics: Prometheus scraped the exemplar and answers for it.
    def exemplars():
        answer = requests.get(
            f"{prometheus}/api/v1/query_exemplars",
            params={
                "query": "inventory_request_duration_seconds_bucket",
                "start": started - 60, "end": time.time() + 60,
            },
            timeout=5,
        ).json()  # fmt: skip
        assert answer["status"] == "success", answer
        return [
            (series["seriesLabels"], exemplar)
            for series in answer["data"]
            for exemplar in series["exemplars"]
            if exemplar["labels"] == {"trace_id": trace_id}
        ]

    ((series, exemplar),) = poll("the exemplar in Prometheus", exemplars)
    assert series["job"] == "shop" and series["outcome"] == "ok"
    assert 0 < float(exemplar["value"]) < 10  # seconds the shop waited for the inventory
