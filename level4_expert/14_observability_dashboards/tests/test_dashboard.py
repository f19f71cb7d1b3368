"""The dashboard's shape, as Grafana's file provider loads it: unique ids, a data source on every
panel, a query on every target, and queries this repository's tests can check (tests/test_live.py
runs each of them against what the app really emits)."""

import re

KINDS = {"prometheus": "expr", "loki": "expr", "tempo": "query"}


def test_the_dashboard_has_a_uid_a_title_and_unique_panel_ids(board):
    assert board["uid"] == "shop-orders" and board["title"]
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids)), ids


def test_every_panel_has_a_data_source_and_every_target_a_query(board):
    panels = [panel for panel in board["panels"] if panel["type"] != "row"]
    assert {panel["datasource"]["type"] for panel in panels} == set(KINDS)
    for panel in panels:
        field = KINDS[panel["datasource"]["type"]]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["refId"] and target[field].strip(), (panel["title"], target)


def test_promql_uses_only_grafanas_rate_interval_variable(targets):
    exprs = [target["expr"] for _, target in targets("prometheus")]
    assert len(exprs) == 4
    for expr in exprs:
        assert set(re.findall(r"\$\w+", expr)) <= {"$__rate_interval"}, expr
        assert expr.count("(") == expr.count(")"), expr


def test_logql_selects_a_stream_and_parses_the_line_as_json(targets, logql):
    ((_, target),) = targets("loki")
    matchers, filters, fields = logql(target["expr"])
    assert matchers == [("service", "=", "shop")]
    assert filters and fields


def test_traceql_conditions_are_all_scoped_attributes(targets, traceql):
    queries = [target["query"] for _, target in targets("tempo")]
    assert len(queries) == 2
    for query in queries:
        conditions = traceql(query)
        # every condition the query holds is one the parser read: nothing it cannot check
        ops = len(re.findall(r"=~|!~|!=|>=|<=|(?<![<>!=~])=(?!~)|>(?!=)|<(?!=)", query))
        assert conditions and len(conditions) == ops, query
