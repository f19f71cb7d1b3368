"""Skill checks: the dashboard is code, its JSON is what the code renders, and every name it
uses (a data source uid, a metric, a log field) is one that the provisioning or the app defines.

The usual shortcuts pass a glance at Grafana: the JSON exported from the UI and edited by hand,
data sources left for Grafana to give random uids, metric names guessed from a blog post. They
fail here."""

import io
import json
import logging
import re

import dashboard
from grafana_foundation_sdk.models.dashboard import Dashboard, Panel, RowPanel
from observability import make_handler
from prometheus_client import Counter
from prometheus_client.parser import text_string_to_metric_families
from pythonjsonlogger.json import JsonFormatter


def test_skill_the_dashboard_is_built_with_the_foundation_sdk():
    built = dashboard.build_dashboard()
    assert isinstance(built, Dashboard), (
        "Skill missing: build_dashboard() returns the SDK's model, "
        "dashboard.Dashboard(...)....build(), not a dict written by hand"
    )
    panels = [p for p in built.panels or [] if isinstance(p, Panel)]
    assert all(isinstance(p, Panel | RowPanel) for p in built.panels or [])
    assert len(panels) >= 7, (
        "Skill missing: the panels, each added with .with_panel(timeseries.Panel()...), "
        f"logs.Panel() or table.Panel(): {len(panels)} found"
    )


def test_skill_the_committed_json_is_what_the_code_renders():
    committed = dashboard.OUTPUT.read_text(encoding="utf-8")
    assert committed == dashboard.render(), (
        "Skill missing: grafana/dashboards/shop.json is what dashboard.py renders "
        "(run python dashboard.py and commit the result)"
    )


def test_skill_every_panel_names_a_provisioned_data_source_by_uid(board, config_file):
    provisioned = config_file("grafana/provisioning/datasources/datasources.yaml")
    by_uid = {ds.get("uid"): ds["type"] for ds in provisioned.get("datasources") or []}
    for panel in board["panels"]:
        if panel["type"] == "row":
            continue
        ref = panel["datasource"]
        assert by_uid.get(ref["uid"]) == ref["type"], (
            f"Skill missing: a {ref['type']} data source provisioned with uid: {ref['uid']} "
            f"(panel {panel['title']!r}); provisioned: {by_uid}"
        )


def test_skill_the_provider_loads_the_folder_compose_mounts(config_file, stack):
    providers = config_file("grafana/provisioning/dashboards/dashboards.yaml").get("providers")
    assert providers and providers[0].get("type") == "file", (
        "Skill missing: a dashboard provider of type: file in dashboards.yaml"
    )
    mounts = {v["source"]: v["target"] for v in stack["services"]["grafana"]["volumes"]}
    folder = str(dashboard.OUTPUT.parent)
    assert providers[0]["options"]["path"] == mounts.get(folder), (
        f"Skill missing: options.path: {mounts.get(folder)}, where compose mounts {folder}"
    )


def test_skill_every_metric_in_the_panels_is_one_the_app_exports(client, targets):
    assert client.post("/api/orders", json={"item": "tea", "quantity": 1}).status_code == 201
    text = client.get("/metrics").get_data(as_text=True)
    exported = {s.name for f in text_string_to_metric_families(text) for s in f.samples}
    for title, target in targets("prometheus"):
        named = set(re.findall(r"([a-zA-Z_:][\w:]*)\s*(?=\{|\[)", target["expr"]))
        assert named, f"{title}: no metric in {target['expr']}"
        assert named <= exported, (
            f"Skill missing: panel {title!r} names metrics the app does not export: "
            f"{sorted(named - exported)}"
        )


def test_skill_log_lines_are_json_with_the_service_and_the_trace_id(app):
    stream = io.StringIO()
    handler = make_handler("shop", stream)
    assert isinstance(handler.formatter, JsonFormatter), (
        "Skill missing: handler.setFormatter(JsonFormatter(...)) from pythonjsonlogger.json"
    )
    logger = logging.getLogger("skill-check")
    record = logger.makeRecord("skill-check", logging.WARNING, __file__, 1, "x", (), None)
    tracer = app.extensions["tracer_provider"].get_tracer("skill-check")
    with tracer.start_as_current_span("work") as span:
        for f in handler.filters:
            f.filter(record)
        line = json.loads(handler.format(record))
    want = format(span.get_span_context().trace_id, "032x")
    got = {key: line.get(key) for key in ("service", "level", "message", "trace_id")}
    assert got == {"service": "shop", "level": "WARNING", "message": "x", "trace_id": want}, (
        'Skill missing: JSON fields service (static_fields={"service": service}), level '
        f"(rename_fields), message and trace_id: got {got}"
    )


def test_skill_a_business_counter_on_the_exporters_registry(app):
    counter = app.extensions.get("orders_created")
    assert isinstance(counter, Counter) and counter._labelnames == ("item",), (
        "Skill missing: a prometheus_client Counter `orders_created` labelled `item`"
    )
    names = app.extensions["metrics"].registry._names_to_collectors
    assert "orders_created_total" in names, (
        "Skill missing: the counter on the exporter's registry (registry=registry)"
    )
