"""Hostile bodies and headers: a 4xx in the app's own shape, never a 500, nothing written."""

import json

import pytest


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ('{"text": "x"}', "text/plain", 415),
        ("text=x", "application/x-www-form-urlencoded", 415),
        ('{"text": ', "application/json", 400),
        ("", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ("[" * 2000 + "]" * 2000, "application/json", 400),  # 2,000 deep, under 4 KiB
        ('[{"a":' * 500 + "1" + "}]" * 500, "application/json", 400),
        ("[" * 100_000 + "]" * 100_000, "application/json", 413),
        ('["text"]', "application/json", 422),
        ('"text"', "application/json", 422),
        ("null", "application/json", 422),
        ('{"text": 5}', "application/json", 422),
        ('{"text": null}', "application/json", 422),
        ('{"text": ""}', "application/json", 422),
        (json.dumps({"text": "x" * 201}), "application/json", 422),
        ('{"text": "a\\u0000b"}', "application/json", 422),
        ('{"text": "\\ud800"}', "application/json", 422),
        ('{"text": "x", "extra": 1}', "application/json", 422),
    ],
    ids=lambda value: str(value)[:20],
)
def test_a_bad_body_is_refused_and_nothing_is_written(
    client, auth, error_of, rows, body, content_type, status
):
    response = client.post("/api/notes", data=body, headers={**auth, "Content-Type": content_type})
    error_of(response, status)
    assert rows() == []
    assert response.headers["X-Request-ID"]  # the after_request runs on every error


@pytest.mark.parametrize("text", ["x" * 200, "🦊", "O'Brien", "'); DROP TABLE note; --"])
def test_a_good_text_is_stored_as_sent(client, auth, rows, text):
    assert client.post("/api/notes", json={"text": text}, headers=auth).status_code == 201
    assert rows() == [(1, text)]


def test_a_huge_request_id_is_not_echoed(client):
    response = client.get("/health", headers={"X-Request-ID": "x" * 10_000})
    assert len(response.headers["X-Request-ID"]) == 32
