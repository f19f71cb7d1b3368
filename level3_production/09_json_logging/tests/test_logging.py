"""The log lines, through Flask's test client: fields, request ids, secrets, hostile input."""

import json

import pytest

TOKEN = "alice-token-123"


def test_a_request_line_has_the_user_and_the_request_id(client, request_line):
    response = client.get("/api/me", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.get_json() == {"user": "alice"}
    line = request_line()
    assert line["user"] == "alice" and line["status"] == 200
    assert response.headers["X-Request-ID"] == line["request_id"]
    assert line["headers"]["Authorization"] == "[REDACTED]"
    assert TOKEN not in json.dumps(line)


def test_a_clients_request_id_is_kept_and_on_every_line(client, logs):
    client.post(
        "/api/login",
        json={"username": "alice", "password": "nope"},
        headers={"X-Request-ID": "abc-123"},
    )
    lines = logs()
    assert [line["message"] for line in lines] == ["login attempt", "request"]
    assert {line["request_id"] for line in lines} == {"abc-123"}


@pytest.mark.parametrize("given", ["x" * 65, "a b", "id\u00e9", "<script>"])
def test_a_bad_request_id_is_replaced(client, request_line, given):
    response = client.get("/api/me", headers={"X-Request-ID": given.encode().decode("latin-1")})
    line = request_line()
    assert line["request_id"] != given and len(line["request_id"]) == 32
    assert response.headers["X-Request-ID"] == line["request_id"]


def test_passwords_in_the_logged_body_are_redacted(client, logs):
    response = client.post("/api/login", json={"username": "alice", "password": "wonderland"})
    assert response.get_json() == {"token": TOKEN}
    text = "\n".join(json.dumps(line) for line in logs())
    assert "wonderland" not in text and TOKEN not in text
    body = next(line["body"] for line in logs() if line["message"] == "login attempt")
    assert body == {"username": "alice", "password": "[REDACTED]"}


@pytest.mark.parametrize(
    "query", ["token=s3cr3t", "access_token=s3cr3t&x=1", "PASSWORD=s3cr3t", "api_key=s3cr3t"]
)
def test_secrets_in_the_query_string_are_redacted(client, request_line, query):
    client.get(f"/api/me?{query}")
    line = request_line()
    assert "s3cr3t" not in json.dumps(line)
    assert next(iter(line["query"].values())) == "[REDACTED]"


@pytest.mark.parametrize("header", ["Cookie", "X-Api-Key", "X-Auth-Token", "authorization"])
def test_secret_headers_are_redacted_whatever_their_case(client, request_line, header):
    client.get("/api/me", headers={header: "s3cr3t"})
    assert "s3cr3t" not in json.dumps(request_line())


def test_an_exception_is_one_line_with_its_traceback(client, logs):
    response = client.get("/api/boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["status"] == 500
    error, request = logs()
    assert error["level"] == "ERROR" and error["request_id"] == request["request_id"]
    assert "RuntimeError: something broke\non two lines" in error["exc_info"]
    assert request["status"] == 500


@pytest.mark.parametrize(
    "text", ["two\nlines", 'fake\n{"level": "INFO"}', "\x00\x1b[31m\r\u2028", "\udcff lone"]
)
def test_a_message_with_newlines_or_control_characters_stays_one_line(client, logs, text):
    response = client.post("/api/note", data=text.encode("utf-8", "surrogateescape"))
    assert response.status_code == 202
    note, _ = logs()  # logs() parses each line: a newline would have made a broken one
    assert note["level"] == "WARNING" and note["message"].startswith("note: ")


def test_a_header_with_control_characters_stays_one_line(client, request_line):
    client.get("/api/me", headers={"X-Weird": "a\x01b\x1b[2Jc\x7f"})
    assert request_line()["headers"]["X-Weird"] == "a\x01b\x1b[2Jc\x7f"


def test_a_body_nested_60000_deep_is_a_400_and_logged_in_one_line(client, request_line):
    response = client.post("/api/login", data="[" * 60_000, content_type="application/json")
    assert response.status_code == 400 and "error" in response.get_json()
    assert request_line()["status"] == 400


def test_a_deep_but_valid_body_is_logged_cut_at_max_depth(client, logs):
    body = {"username": "alice"}
    for _ in range(50):
        body = {"inner": body}
    client.post("/api/login", json=body)
    logged = next(line["body"] for line in logs() if line["message"] == "login attempt")
    assert "[TOO DEEP]" in json.dumps(logged)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "username=alice"}, 415),
        ({"json": ["alice", "wonderland"]}, 400),
        ({"json": {"username": ["alice"], "password": "wonderland"}}, 401),
        ({"data": b"{" + b" " * 70_000 + b"}", "content_type": "application/json"}, 413),
    ],
)
def test_bad_logins_are_clear_errors_and_logged(client, request_line, kwargs, status):
    response = client.post("/api/login", **kwargs)
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status
    assert request_line()["status"] == status


def test_an_unknown_path_is_logged_as_a_404(client, request_line):
    assert client.get("/nowhere").status_code == 404
    line = request_line()
    assert (line["path"], line["status"], line["user"]) == ("/nowhere", 404, None)
