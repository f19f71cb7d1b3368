"""Hostile input, through Flask's test client: a clear 4xx in the app's JSON shape, and nothing
published (the Redis stream stays empty)."""

import pytest
import realtime


@pytest.mark.parametrize(
    "body",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x" * 501},
        {"text": 42},
        {"text": None},
        {"text": ["hi"]},
        {"message": "hi"},
        ["hi"],
        "hi",
    ],
)
def test_a_bad_message_is_a_400_and_nothing_is_published(client, redis_client, body):
    response = client.post("/api/messages", json=body)
    assert response.status_code == 400
    assert response.json == {"error": "text must be a string of 1 to 500 characters."}
    assert redis_client.xlen(realtime.STREAM) == 0


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ('{"text": "\\ud800"}', 400),  # a lone surrogate
        ("[" * 4000, 400),  # deeper than the JSON parser goes
        ('{"text": ', 400),
        ('{"text": "' + "x" * 5000 + '"}', 413),  # above MAX_CONTENT_LENGTH
    ],
)
def test_hostile_bodies_get_the_apps_error_shape(client, redis_client, data, status):
    response = client.post("/api/messages", data=data, content_type="application/json")
    assert response.status_code == status
    assert set(response.json) == {"error"}
    assert redis_client.xlen(realtime.STREAM) == 0


def test_not_json_is_a_415(client):
    response = client.post("/api/messages", data="text=hi")
    assert response.status_code == 415
    assert response.json == {"error": "Send JSON: Content-Type: application/json."}


def test_a_good_message_is_a_201_with_its_stream_id(client, redis_client):
    response = client.post("/api/messages", json={"text": "héllo <b>&</b>"})
    assert response.status_code == 201
    event_id = response.json["id"]
    assert realtime.EVENT_ID.fullmatch(event_id)
    assert redis_client.xrange(realtime.STREAM) == [(event_id, {"text": "héllo <b>&</b>"})]


@pytest.mark.parametrize(
    "last_id", ["abc", "$", "+", "-", "12", "1-2-3", "١٢-٣", "1-0; DROP", "9" * 16 + "-0", " 1-0"]
)
@pytest.mark.parametrize("where", ["header", "query"])
def test_a_bad_last_event_id_is_a_400_before_any_stream(client, redis_client, last_id, where):
    if where == "header":
        response = client.get("/events", headers={"Last-Event-ID": last_id})
    else:  # what a client without headers (curl in a hurry, a proxy) sends
        response = client.get("/events", query_string={"last_event_id": last_id})
    assert response.status_code == 400
    assert response.json == {"error": "Last-Event-ID must be a stream id such as 1733230000000-0."}
    name = realtime.channel(redis_client)
    assert redis_client.pubsub_numsub(name) == [(name, 0)]


def test_a_plain_get_of_the_websocket_url_is_a_json_400(client):
    response = client.get("/ws")
    assert response.status_code == 400
    assert set(response.json) == {"error"}


@pytest.mark.parametrize(
    ("method", "path", "status"), [("GET", "/nope", 404), ("PUT", "/events", 405)]
)
def test_other_http_errors_are_json_too(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert set(response.json) == {"error"}
