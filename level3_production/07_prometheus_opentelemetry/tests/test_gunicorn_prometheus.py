"""2 gunicorn workers whose counts add up in one /metrics, scraped by a real Prometheus that
answers a PromQL query with the number of orders this test made; their spans over OTLP/HTTP."""

import concurrent.futures
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from shared.services.wsgi import gunicorn
from shared.testing import HOST, free_port, running

PROMETHEUS = Path("/usr/bin/prometheus")
if not PROMETHEUS.exists():
    pytest.skip("no /usr/bin/prometheus: apt-get install -y prometheus", allow_module_level=True)

EXAMPLE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def live(tmp_path_factory, receiver):
    """gunicorn -c gunicorn.conf.py (2 workers), SQLite, multiprocess mode; yields (url, dir)."""
    tmp = tmp_path_factory.mktemp("live")
    multiproc = tmp / "prometheus"
    multiproc.mkdir()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp / 'orders.db'}",
        "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": receiver.endpoint,
    }
    init = [sys.executable, "-m", "flask", "--app", "app.py", "init-db"]
    subprocess.run(init, cwd=EXAMPLE, env={**os.environ, **env}, check=True, timeout=30)
    args = ("-c", "gunicorn.conf.py")
    with gunicorn("app:create_app()", cwd=EXAMPLE, env=env, args=args) as url:
        yield url, multiproc


@pytest.fixture(scope="module")
def prometheus(live, tmp_path_factory):
    """A real Prometheus scraping the live app every second; yields its URL."""
    url, _ = live
    tmp = tmp_path_factory.mktemp("prometheus")
    config = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s"},
        "scrape_configs": [{"job_name": "orders", "static_configs": [{"targets": [url[7:]]}]}],
    }
    (tmp / "prometheus.yml").write_text(json.dumps(config))  # JSON is YAML
    port = free_port()
    cmd = [
        str(PROMETHEUS), f"--config.file={tmp / 'prometheus.yml'}",
        f"--storage.tsdb.path={tmp / 'data'}", f"--web.listen-address={HOST}:{port}",
    ]  # fmt: skip
    with running(cmd, port=port, timeout=30):
        yield f"http://{HOST}:{port}"


def order_in_both_workers(url, multiproc, limit=80):
    """POST orders, 4 at a time, until both workers have served some (bounded); return the count."""
    sent = 0
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        while sent < limit:
            batch = list(pool.map(lambda _: requests.post(
                f"{url}/orders", json={"item": "tea", "quantity": 1}, timeout=30
            ), range(4)))  # fmt: skip
            assert [r.status_code for r in batch] == [201] * 4
            sent += 4
            pids = {p.stem.rsplit("_", 1)[1] for p in multiproc.glob("histogram_*.db")}
            if len(pids) >= 2 and sent >= 8:
                return sent
    pytest.fail(f"one worker served all {sent} requests")


def sample(text, name, **labels):
    from prometheus_client.parser import text_string_to_metric_families

    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == name and labels.items() <= s.labels.items()
    )


def query(prometheus, promql, want, deadline=20):
    """Poll Prometheus's HTTP API until `promql` gives `want`, or fail at the deadline."""
    end = time.monotonic() + deadline
    last = None
    while time.monotonic() < end:
        answer = requests.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5)
        result = answer.json()["data"]["result"]
        last = float(result[0]["value"][1]) if result else None
        if last == want:
            return last
        time.sleep(0.25)
    pytest.fail(f"Prometheus answered {last} to {promql}, not {want}")


def test_two_workers_add_up_and_prometheus_answers_promql(live, prometheus):
    url, multiproc = live
    sent = order_in_both_workers(url, multiproc)
    text = requests.get(f"{url}/metrics", timeout=30).text
    assert sample(text, "orders_created_total", item="tea") == sent
    created = dict(endpoint="orders.create_order", status="201")
    assert sample(text, "flask_http_request_duration_seconds_count", **created) == sent
    assert query(prometheus, 'sum(orders_created_total{item="tea"})', sent) == sent
    promql = 'sum(flask_http_request_duration_seconds_count{endpoint="orders.create_order"})'
    assert query(prometheus, promql, sent) == sent


def test_workers_export_their_spans(live, receiver):
    url, _ = live
    start = len(receiver.received())
    assert requests.get(f"{url}/orders/1", timeout=30).status_code == 200
    end = time.monotonic() + 10
    while time.monotonic() < end:
        names = [s.name for _, s in receiver.received()[start:]]
        if "GET /orders/<int:order_id>" in names and any(n.startswith("SELECT ") for n in names):
            return
        time.sleep(0.1)
    pytest.fail(f"no request span with its SELECT from gunicorn; got {names}")
