"""The `monitoring` profile: Prometheus, and Grafana with 4.14's provisioning and dashboards
mounted as they are. What those files ask of this stack, checked against this stack: which data
sources are services here, where the dashboards are mounted, and which of the dashboard's queries
this stack's Prometheus can answer (none today, as the README says)."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import stack
import yaml

LEVEL4 = stack.ROOT / "level4_expert/14_observability_dashboards/grafana"
SELECTOR = re.compile(r"([A-Za-z_:][A-Za-z0-9_:]*)\{([^}]*)\}")  # metric{labels}


@pytest.fixture(scope="module")
def mounts(stack_model):
    """Grafana's bind mounts, {target in the container: source in the repository}."""
    volumes = stack_model["services"]["grafana"]["volumes"]
    return {v["target"]: Path(v["source"]) for v in volumes if v["type"] == "bind"}


def provisioned(mounts, kind, key):
    """Every entry under `key` of the provisioning files of `kind` Grafana reads at start."""
    folder = mounts["/etc/grafana/provisioning"] / kind
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    assert files, f"no provisioning file in {folder}"
    return [entry for f in files for entry in yaml.safe_load(f.read_text("utf-8"))[key]]


def served(url, services):
    """Does a service of this stack listen where `url` points (its name, a port it has)?"""
    where = urlsplit(url)
    ports = {int(p["target"]) for p in services.get(where.hostname, {}).get("ports", [])}
    return where.port in ports


@pytest.fixture(scope="module")
def panels(mounts):
    """(data source type, uid, query) of every target of every dashboard the provider loads."""
    found = []
    for provider in provisioned(mounts, "dashboards", "providers"):
        for path in sorted(mounts[provider["options"]["path"]].glob("*.json")):
            for panel in json.loads(path.read_text("utf-8"))["panels"]:
                for target in panel.get("targets", []):
                    source = target.get("datasource") or panel["datasource"]
                    query = target.get("expr") or target.get("query")
                    found.append((source["type"], source["uid"], query))
    assert found, "no dashboard with a query"
    return found


def test_grafana_mounts_4_14s_provisioning_and_dashboards_read_only(stack_model, mounts):
    grafana = stack_model["services"]["grafana"]
    assert mounts == {
        "/etc/grafana/provisioning": LEVEL4 / "provisioning",
        "/var/lib/grafana/dashboards": LEVEL4 / "dashboards",
    }
    assert all(v["read_only"] for v in grafana["volumes"] if v["type"] == "bind")
    data = [v for v in grafana["volumes"] if v["type"] == "volume"]
    assert data == [
        {"type": "volume", "source": "grafanadata", "target": "/var/lib/grafana", "volume": {}}
    ]  # users, sessions, the UI's own changes: kept across `down`


def test_the_dashboard_provider_reads_the_folder_the_dashboards_are_mounted_at(mounts):
    providers = provisioned(mounts, "dashboards", "providers")
    assert {p["type"] for p in providers} == {"file"}
    for provider in providers:
        path = provider["options"]["path"]
        assert path in mounts, f"{path}: nothing is mounted there"
        assert sorted(mounts[path].glob("*.json")), f"{mounts[path]}: no dashboard"


def test_only_the_prometheus_data_source_is_a_service_of_this_stack(stack_model, mounts):
    """The Prometheus data source is http://prometheus:9090, this file's prometheus service; Loki
    and Tempo are services of 4.14's own compose.yaml only: their panels show an error here."""
    services = stack_model["services"]
    sources = provisioned(mounts, "datasources", "datasources")
    assert {s["type"]: served(s["url"], services) for s in sources} == {
        "prometheus": True,
        "loki": False,
        "tempo": False,
    }
    assert [s["url"] for s in sources if s["type"] == "prometheus"] == ["http://prometheus:9090"]


def test_every_panel_names_a_provisioned_data_source_and_only_prometheus_ones_are_served(
    stack_model, mounts, panels
):
    sources = {s["uid"]: s for s in provisioned(mounts, "datasources", "datasources")}
    assert {(kind, uid) for kind, uid, _ in panels} <= {(s["type"], u) for u, s in sources.items()}
    answered = {
        kind for kind, uid, _ in panels if served(sources[uid]["url"], stack_model["services"])
    }
    assert answered == {"prometheus"}


def test_this_stacks_prometheus_scrapes_no_job_the_dashboard_queries(stack_model, panels):
    """Every series the dashboard's PromQL selects carries `job="shop"` (4.14's app); this
    stack's prometheus.yml scrapes only itself, as job `prometheus`: those panels say No data."""
    config = Path(stack_model["configs"]["prometheus"]["file"])
    scraped = {
        job["job_name"] for job in yaml.safe_load(config.read_text("utf-8"))["scrape_configs"]
    }
    assert scraped == {"prometheus"}
    promql = [query for kind, _, query in panels if kind == "prometheus"]
    selectors = [s for query in promql for s in SELECTOR.findall(query)]
    assert len(selectors) >= len(promql)  # at least one selector in each query
    jobs = {m[1] if (m := re.search(r'job="([^"]*)"', labels)) else None for _, labels in selectors}
    assert jobs == {"shop"}
    assert {metric for metric, _ in selectors} == {
        "flask_http_request_duration_seconds_count",
        "flask_http_request_duration_seconds_bucket",
        "orders_created_total",
    }  # prometheus-flask-exporter's histogram and 4.14's counter, not Prometheus's own metrics
