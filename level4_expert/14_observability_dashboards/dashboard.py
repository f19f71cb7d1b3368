"""The shop's Grafana dashboard, written as code with grafana-foundation-sdk.

    python level4_expert/14_observability_dashboards/dashboard.py          # write the JSON
    python level4_expert/14_observability_dashboards/dashboard.py --check  # exit 1 if it drifted

The JSON it renders is committed (grafana/dashboards/shop.json): Grafana's file provider loads
it at start, and a review shows what changed panel by panel. Each panel names its data source by
the uid that grafana/provisioning/datasources/datasources.yaml gives it.
"""

import json
import sys
from pathlib import Path

from grafana_foundation_sdk.builders import (
    dashboard,
    logs,
    loki,
    prometheus,
    table,
    tempo,
    timeseries,
)
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import DataSourceRef

OUTPUT = Path(__file__).resolve().parent / "grafana" / "dashboards" / "shop.json"
PROMETHEUS = DataSourceRef(type_val="prometheus", uid="prometheus")
LOKI = DataSourceRef(type_val="loki", uid="loki")
TEMPO = DataSourceRef(type_val="tempo", uid="tempo")
REQUESTS = 'flask_http_request_duration_seconds_count{job="shop"}'  # the exporter's histogram


def promql(expr, legend):
    return prometheus.Dataquery().ref_id("A").expr(expr).legend_format(legend)


def traceql(query):
    return tempo.TempoQuery().ref_id("A").query_type("traceql").query(query).limit(20)


def build_dashboard():
    """The dashboard model (grafana_foundation_sdk.models.dashboard.Dashboard)."""
    board = (
        dashboard.Dashboard("Shop: orders")
        .uid("shop-orders")
        .tags(["flask", "shop"])
        .refresh("30s")
        .time("now-1h", "now")
        .timezone("utc")
        .with_row(dashboard.Row("Metrics (Prometheus)").id(10))
    )
    # exercise: start - four Prometheus panels: rates, p95 latency, 4xx share, orders/min
    board = (
        board.with_panel(
            timeseries.Panel()
            .id(1)
            .title("Requests per second, by endpoint and status")
            .datasource(PROMETHEUS)
            .unit("reqps")
            .with_target(
                promql(
                    f"sum by (endpoint, status) (rate({REQUESTS}[$__rate_interval]))",
                    "{{endpoint}} {{status}}",
                )
            )
        )
        .with_panel(
            timeseries.Panel()
            .id(2)
            .title("Latency p95, by endpoint")
            .datasource(PROMETHEUS)
            .unit("s")
            .with_target(
                promql(
                    "histogram_quantile(0.95, sum by (le, endpoint) (rate("
                    'flask_http_request_duration_seconds_bucket{job="shop"}[$__rate_interval])))',
                    "{{endpoint}}",
                )
            )
        )
        .with_panel(
            timeseries.Panel()
            .id(3)
            .title("Refused requests (4xx), share of all")
            .datasource(PROMETHEUS)
            .unit("percentunit")
            .with_target(
                promql(
                    'sum(rate(flask_http_request_duration_seconds_count{job="shop", status=~"4.."}'
                    f"[$__rate_interval])) / sum(rate({REQUESTS}[$__rate_interval]))",
                    "4xx",
                )
            )
        )
        .with_panel(
            timeseries.Panel()
            .id(4)
            .title("Orders created per minute, by item")
            .datasource(PROMETHEUS)
            .unit("short")
            .with_target(
                promql(
                    'sum by (item) (rate(orders_created_total{job="shop"}[$__rate_interval])) * 60',
                    "{{item}}",
                )
            )
        )
    )
    # exercise: end
    board = board.with_row(dashboard.Row("Logs (Loki) and traces (Tempo)").id(11))
    # exercise: start - a Loki logs panel (| json, WARNING|ERROR), two Tempo TraceQL tables
    board = (
        board.with_panel(
            logs.Panel()
            .id(5)
            .title("Warnings and errors, with their trace id")
            .datasource(LOKI)
            .show_time(True)
            .enable_log_details(True)
            .with_target(
                loki.Dataquery()
                .ref_id("A")
                .expr(
                    '{service="shop"} | json | level=~"WARNING|ERROR"'
                    ' | line_format "{{.message}} trace_id={{.trace_id}}"'
                )
            )
        )
        .with_panel(
            table.Panel()
            .id(6)
            .title("Traces of refused orders")
            .datasource(TEMPO)
            .with_target(
                traceql(
                    '{ resource.service.name = "shop" && span.http.route = "/api/orders"'
                    " && span.http.status_code >= 400 }"
                )
            )
        )
        .with_panel(
            table.Panel()
            .id(7)
            .title("Traces of tea orders")
            .datasource(TEMPO)
            .with_target(traceql('{ resource.service.name = "shop" && span.order.item = "tea" }'))
        )
    )
    # exercise: end
    return board.build()


def render():
    """The dashboard as the JSON Grafana loads: sorted keys, so a diff shows only real changes."""
    return json.dumps(build_dashboard(), cls=JSONEncoder, indent=2, sort_keys=True) + "\n"


def main(argv):
    text = render()
    name = OUTPUT.relative_to(OUTPUT.parents[2])
    if "--check" in argv:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{name} is not what dashboard.py renders: run python dashboard.py")
            return 1
        print(f"{name} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
