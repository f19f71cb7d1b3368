"""Grafana's provisioning files: each data source reachable at the compose service and port that
serves it, and the links between them (a log line to its trace, a span to its log lines) built on
what the app really writes."""

import re

import pytest

DATASOURCES = "grafana/provisioning/datasources/datasources.yaml"


@pytest.fixture
def datasources(config_file):
    provisioned = config_file(DATASOURCES)
    assert provisioned["apiVersion"] == 1
    return {ds["type"]: ds for ds in provisioned["datasources"]}


def test_one_data_source_of_each_kind_each_with_its_own_uid(config_file):
    listed = config_file(DATASOURCES)["datasources"]
    assert sorted(ds["type"] for ds in listed) == ["loki", "prometheus", "tempo"]
    assert len({ds["uid"] for ds in listed}) == len({ds["name"] for ds in listed}) == 3
    assert all(ds["access"] == "proxy" for ds in listed)  # Grafana's server calls them
    assert [ds["type"] for ds in listed if ds.get("isDefault")] == ["prometheus"]


def test_each_url_is_a_compose_service_on_the_port_it_listens_on(datasources, stack, config_file):
    tempo_port = config_file("tempo.yaml")["server"]["http_listen_port"]
    for kind, ds in datasources.items():
        match = re.fullmatch(r"http://([\w-]+):(\d+)", ds["url"])
        assert match, ds["url"]
        service, port = match[1], int(match[2])
        assert service == kind, f"{ds['url']}: the {kind} service is named {kind} in compose"
        published = {p["target"] for p in stack["services"][service].get("ports", [])}
        assert port in published, f"{ds['url']}: {service} listens on {published}"
    assert datasources["tempo"]["url"].endswith(f":{tempo_port}")


def test_a_log_lines_trace_id_becomes_a_link_to_its_trace_in_tempo(
    client, logs, spans, datasources
):
    (field,) = datasources["loki"]["jsonData"]["derivedFields"]
    assert field["datasourceUid"] == datasources["tempo"]["uid"]
    assert field["url"].replace("$$", "$") == "${__value.raw}"  # the captured id, as is
    assert client.post("/api/orders", json={"item": "gin", "quantity": 1}).status_code == 422
    (span,) = [s for _, _, s in spans() if s.name == "POST /api/orders"]
    lines = [line for line, _ in logs()]
    assert len(lines) == 2  # "order refused" and "request"
    captured = [re.search(field["matcherRegex"], line) for line in lines]
    assert [m and m[1] for m in captured] == [span.trace_id.hex()] * 2, lines


def test_a_span_leads_to_its_services_log_lines(app, client, logs, spans, datasources, config_file):
    links = datasources["tempo"]["jsonData"]["tracesToLogsV2"]
    assert links["datasourceUid"] == datasources["loki"]["uid"] and links["filterByTraceID"]
    promoted = set(
        config_file("promtail.yaml")["scrape_configs"][0]["pipeline_stages"][1]["labels"]
    )
    assert client.post("/api/orders", json={"item": "tea", "quantity": 1}).status_code == 201
    ((resource, _, span),) = [r for r in spans() if r[2].name == "POST /api/orders"]
    records = [record for _, record in logs()]
    for tag in links["tags"]:
        # Grafana turns the span's resource attribute into a stream selector on that label:
        # {service="shop"} |= "<trace id>". The label must exist, with the attribute's value.
        assert tag["value"] in promoted, f"{tag['value']} is not a stream label promtail makes"
        assert {r[tag["value"]] for r in records} == {resource[tag["key"]]}
    assert {r["trace_id"] for r in records} == {span.trace_id.hex()}


def test_the_dashboard_provider_is_a_file_provider_grafana_cannot_overwrite(config_file):
    provisioned = config_file("grafana/provisioning/dashboards/dashboards.yaml")
    assert provisioned["apiVersion"] == 1
    (provider,) = provisioned["providers"]
    assert provider["type"] == "file" and provider["name"]
    assert provider["allowUiUpdates"] is False and provider["disableDeletion"] is True
