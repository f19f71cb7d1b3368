"""Before either library runs, the body must be sent as JSON (415) and be valid JSON (400)."""

import json

import pytest

USER = json.dumps(
    {"name": "Ada", "email": "ada@example.com", "age": 36,
     "address": {"city": "Paris", "country": "FR"}}
)  # fmt: skip


@pytest.fixture(params=["marshmallow", "pydantic"])
def url(request):
    return f"/{request.param}/users"


def test_a_good_body_is_accepted_as_json(client, url):
    response = client.post(url, data=USER, content_type="application/json; charset=utf-8")

    assert response.status_code == 201


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_is_415(client, users, url, content_type):
    response = client.post(url, data=USER, content_type=content_type)

    assert response.status_code == 415
    assert response.get_json()["error"] == {
        "status": 415,
        "code": "unsupported_media_type",
        "message": "Content-Type must be application/json",
        "details": {},
    }
    assert users == []


@pytest.mark.parametrize("sent", ["", '{"name": ', "{'name': 'Ada'}", "name=Ada"])
def test_a_body_that_is_not_json_is_400(client, users, url, sent):
    response = client.post(url, data=sent, content_type="application/json")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    assert users == []


@pytest.mark.parametrize(
    "sent",
    [
        b"[" * 5_000 + b"]" * 5_000,  # deeper than Python's recursion limit: RecursionError
        b'{"address":' * 5_000 + b"{}" + b"}" * 5_000,
        b'{"age": 1' + b"0" * 5_000 + b"}",  # int() refuses a number of more than 4,300 digits
        b'{"name": "\xff"}',  # not UTF-8
    ],
    ids=["array-5000-deep", "object-5000-deep", "5000-digit-number", "not-utf8"],
)
def test_json_the_parser_chokes_on_is_400_not_500(client, users, url, sent):
    response = client.post(url, data=sent, content_type="application/json")

    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"
    assert users == []


@pytest.mark.parametrize(
    "sent",
    [b"[" * 100_000 + b"]" * 100_000, USER.replace('"Ada"', f'"{"a" * 100_000}"').encode()],
    ids=["array-100000-deep", "100-kB-name"],
)
def test_a_body_bigger_than_max_content_length_is_413(app, client, users, url, sent):
    assert len(sent) > app.config["MAX_CONTENT_LENGTH"]

    response = client.post(url, data=sent, content_type="application/json")

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "request_entity_too_large"
    assert users == []


def test_other_http_errors_keep_the_app_s_shape(client):
    response = client.get("/nothing")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
