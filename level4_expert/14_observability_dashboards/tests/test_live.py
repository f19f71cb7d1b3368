"""Every query of the dashboard, against what the app really emits: the app under gunicorn, a
real Prometheus (/usr/bin/prometheus) scraping it every second on the committed prometheus.yml,
its JSON log lines as promtail would ship them, its spans over OTLP/HTTP to the test's receiver.
There is no Grafana, Loki or Tempo here: each query is checked against the data they would hold."""

import math
import re
from concurrent.futures import ThreadPoolExecutor

import requests

RATE_INTERVAL = "1m"  # what Grafana puts for $__rate_interval at a 15 s scrape interval


def traffic(url):
    """A few of each: orders of two items, a refused one, a read, an unknown order."""
    calls = [
        ("post", "/api/orders", {"item": "tea", "quantity": 2}, 201),
        ("post", "/api/orders", {"item": "cocoa", "quantity": 1}, 201),
        ("post", "/api/orders", {"item": "gin", "quantity": 1}, 422),
        ("get", "/api/orders/1", None, 200),
        ("get", "/api/orders/999999", None, 404),
    ]

    def call(c):
        method, path, body, want = c
        response = requests.request(method, f"{url}{path}", json=body, timeout=5)
        assert response.status_code == want, (path, response.text)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(call, calls))


def instant(prometheus, expr):
    answer = requests.get(f"{prometheus}/api/v1/query", params={"query": expr}, timeout=5).json()
    assert answer["status"] == "success", (expr, answer)
    return answer["data"]["result"]


def test_every_promql_panel_returns_data_from_prometheus(live, prometheus, targets, poll):
    url, _ = live
    for title, target in targets("prometheus"):
        expr = target["expr"].replace("$__rate_interval", RATE_INTERVAL)
        legend = re.findall(r"\{\{\s*(\w+)\s*\}\}", target["legendFormat"])
        grouped = [
            label.strip()
            for group in re.findall(r"by \(([^)]*)\)", expr)
            for label in group.split(",")
            if label.strip() != "le"  # consumed by histogram_quantile
        ]

        def answered(expr=expr):
            traffic(url)  # more requests each round, so every rate is above zero
            found = instant(prometheus, expr)
            return found if any(math.isfinite(float(s["value"][1])) for s in found) else None

        series = poll(f"panel {title!r}: data for {expr}", answered, seconds=20)
        for label in {*legend, *grouped}:
            assert all(label in s["metric"] for s in series), (
                f"panel {title!r}: label {label!r} is in no series Prometheus returned for "
                f"{expr}: {[s['metric'] for s in series]}"
            )


def test_every_logql_label_and_field_is_in_the_apps_log_lines(
    live, targets, logql, json_lines, config_file, holds, poll
):
    url, log_path = live
    traffic(url)
    stages = config_file("promtail.yaml")["scrape_configs"][0]["pipeline_stages"]
    extracted = next(s["json"]["expressions"] for s in stages if "json" in s)
    promoted = set(next(s["labels"] for s in stages if "labels" in s))
    for title, target in targets("loki"):
        matchers, filters, fields = logql(target["expr"])

        def stream(matchers=matchers):
            # The lines Loki would put in this stream: promtail's labels from each JSON line.
            chosen = []
            for _, record in json_lines(log_path):
                labels = {label: record.get(extracted[label]) for label in promoted}
                if all(holds(labels[label], op, value) for label, op, value in matchers):
                    chosen.append(record)
            return chosen

        for label, _, _ in matchers:
            assert label in promoted, (
                f"panel {title!r}: stream label {label!r} is not one promtail makes: {promoted}"
            )
        records = poll(f"panel {title!r}: log lines of stream {matchers}", stream)
        for field, _, _ in filters:
            assert any(field in r for r in records), (
                f"panel {title!r}: `| json` field {field!r} is in none of the app's lines"
            )
        shown = [r for r in records if all(holds(r.get(f), op, v) for f, op, v in filters)]
        assert shown, f"panel {title!r}: no line of the app passes {filters}"
        for field in fields:
            assert all(r.get(field) for r in shown), (
                f"panel {title!r}: line_format field {field!r} is missing from lines it shows"
            )


def test_every_traceql_attribute_is_on_the_apps_spans(
    live, live_receiver, targets, traceql, holds, poll
):
    url, _ = live
    start = len(live_receiver.received())
    traffic(url)
    # Wait for the five requests' spans: then every check below sees all of them.
    received = poll("the spans of the traffic", lambda: (
        found if len(found := live_receiver.received()[start:]) >= 5 else None
    ))  # fmt: skip
    for title, target in targets("tempo"):
        conditions = traceql(target["query"])

        for scope, attr, _, _ in conditions:
            where = 0 if scope == "resource" else 1
            assert any(attr in r[where] for r in received), (
                f"panel {title!r}: {scope}.{attr} is on none of the app's spans"
            )
        # Within one { }, TraceQL's conditions hold on one span.
        assert any(
            all(
                attr in scopes[scope] and holds(scopes[scope][attr], op, value)
                for scope, attr, op, value in conditions
            )
            for scopes in ({"resource": r, "span": a} for r, a, _ in received)
        ), f"panel {title!r}: no span of the app matches {target['query']}"


def test_concurrent_orders_get_their_own_ids_and_are_all_counted(live):
    url, _ = live

    def coffee_count():
        text = requests.get(f"{url}/metrics", timeout=5).text
        found = re.search(r'^orders_created_total\{item="coffee"\} (\S+)$', text, re.M)
        return float(found[1]) if found else 0.0

    before = coffee_count()
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: requests.post(
            f"{url}/api/orders", json={"item": "coffee", "quantity": 1}, timeout=10
        ), range(24)))  # fmt: skip
    assert [a.status_code for a in answers] == [201] * 24
    ids = [a.json()["id"] for a in answers]
    assert len(set(ids)) == 24
    assert all(
        requests.get(f"{url}/api/orders/{i}", timeout=5).json()["item"] == "coffee" for i in ids
    )
    assert coffee_count() == before + 24
