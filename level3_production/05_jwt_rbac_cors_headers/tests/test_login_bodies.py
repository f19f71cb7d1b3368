"""Hostile login bodies: each a 4xx in the app's shape, never a 500 and never a token."""

import pytest

LOGIN = "/auth/login"


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b'"bob"',
        b"null",
        b"{not json",
        b'{"username": 1, "password": "x"}',
        b'{"username": "bob", "password": ["bob-secret"]}',
        b'{"username": "bob"}',
        b'{"username": "", "password": ""}',
        b'{"username": "bob", "password": "\\ud800"}',
        b'{"username": "\\udfff", "password": "x"}',
        b'{"username": "' + b"b" * 65 + b'", "password": "x"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    ],
    ids=[
        "array",
        "string",
        "null",
        "broken",
        "int-name",
        "list-password",
        "no-password",
        "empty",
        "lone-surrogate-password",
        "lone-surrogate-name",
        "long-name",
        "100000-deep-array",
        "5000-deep-object",
    ],
)
def test_a_bad_body_is_a_400_in_the_apps_shape(client, body):
    response = client.post(LOGIN, data=body, content_type="application/json")
    if len(body) > 16 * 1024:
        assert response.status_code == 413
    else:
        assert response.status_code == 400
    assert list(response.get_json()) == ["error"]
    assert "access_token" not in response.get_data(as_text=True)


def test_a_body_that_is_not_json_is_a_415(client):
    response = client.post(LOGIN, data={"username": "bob", "password": "bob-secret"})
    assert response.status_code == 415
    assert response.get_json() == {"error": "Send JSON (Content-Type: application/json)."}


def test_a_body_over_max_content_length_is_a_413(client):
    response = client.post(
        LOGIN, data=b'{"username": "' + b"b" * 20_000 + b'"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert list(response.get_json()) == ["error"]


def test_a_wrong_method_is_a_405_in_the_apps_shape(client):
    response = client.get(LOGIN)
    assert response.status_code == 405
    assert list(response.get_json()) == ["error"]
