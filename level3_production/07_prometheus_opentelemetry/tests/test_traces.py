"""Spans over real OTLP/HTTP to the test's receiver: names, parent/child, attributes."""


def by_name(received, name):
    return [span for _, span in received if span.name == name]


def test_a_request_is_a_server_span_with_its_query_as_child(client, spans):
    response = client.post("/orders", json={"item": "tea", "quantity": 2})
    assert response.status_code == 201
    received = spans()
    (server,) = by_name(received, "POST /orders")
    assert server.kind == server.SPAN_KIND_SERVER
    children = [s for _, s in received if s.parent_span_id == server.span_id]
    assert any(child.name.startswith("INSERT") for child in children), [s.name for _, s in received]
    assert all(child.trace_id == server.trace_id for child in children)


def test_span_attributes_say_route_status_and_statement(client, spans, span_attributes):
    order = client.post("/orders", json={"item": "cocoa", "quantity": 1}).get_json()
    assert client.get(f"/orders/{order['id']}").status_code == 200
    received = spans()
    (server,) = by_name(received, "GET /orders/<int:order_id>")
    attrs = span_attributes(server)
    assert attrs["http.route"] == "/orders/<int:order_id>"
    status = attrs.get("http.response.status_code", attrs.get("http.status_code"))
    assert status == 200
    children = [s for _, s in received if s.parent_span_id == server.span_id]
    # SQLAlchemy's span name: the statement's first word and the database ("SELECT orders.db")
    (query,) = [s for s in children if s.name.startswith("SELECT ")]
    query_attrs = span_attributes(query)
    statement = query_attrs.get("db.statement", query_attrs.get("db.query.text", ""))
    assert statement.startswith("SELECT")
    assert query_attrs.get("db.system", query_attrs.get("db.system.name")) == "sqlite"


def test_spans_carry_the_service_name(client, spans):
    client.get("/orders/1")
    resources = {resource["service.name"] for resource, _ in spans()}
    assert resources == {"orders"}


def test_a_404_is_traced_with_its_status(client, spans, span_attributes):
    assert client.get("/orders/999999").status_code == 404
    (server,) = by_name(spans(), "GET /orders/<int:order_id>")
    attrs = span_attributes(server)
    assert attrs.get("http.response.status_code", attrs.get("http.status_code")) == 404


def test_metrics_scrapes_are_not_traced(client, spans):
    client.get("/metrics")
    assert not [s for _, s in spans() if "metrics" in s.name]
