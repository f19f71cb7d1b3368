"""Input written to break the app: each gets a 4xx with a JSON message, never a 500."""

import pytest

DEEP = "[" * 5_000 + "]" * 5_000  # valid JSON (10 kB), too deep for Python's parser
BAD_NAME = "field 'name' must be printable text of at most 100 characters"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?q=python&page=%D9%A3", "query parameter 'page' must be an integer, got '٣'"),
        ("?q=python&per_page=%EF%BC%95", "query parameter 'per_page' must be an integer, got '５'"),
        ("?q=python&page=" + "9" * 5000, "query parameter 'page' must be an integer, got '"),
        ("?q=python&page=1_0", "query parameter 'page' must be an integer, got '1_0'"),
        ("?q=python&page=%205", "query parameter 'page' must be an integer, got ' 5'"),
    ],
    ids=["arabic-indic-digit", "fullwidth-digit", "5000-digits", "underscore", "space"],
)
def test_only_ascii_digits_are_a_query_integer(client, error_of, query, message):
    response = client.get(f"/search{query}")

    assert response.status_code == 400
    assert error_of(response).startswith(message)


@pytest.mark.parametrize(
    "age", ["٣٣", "３３", "9" * 5000, "3_3"], ids=["arabic-indic", "fullwidth", "huge", "3_3"]
)
def test_only_ascii_digits_are_a_form_integer(client, error_of, age):
    response = client.post("/signup", data={"username": "ada", "age": age})

    assert response.status_code == 400
    assert error_of(response).startswith("form field 'age' must be an integer, got '")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (DEEP, "request body is nested too deeply"),
        (
            '{"name": "pen", "quantity": 1001}',
            "field 'quantity' must be between 1 and 1000, got 1001",
        ),
        (
            '{"name": "pen", "quantity": 1e400}',
            "field 'quantity' must be an integer, got a decimal number",
        ),
        ('{"name": "\\ud800"}', BAD_NAME),
        ('{"name": "pen\\u0000"}', BAD_NAME),
        ('{"name": "' + "x" * 101 + '"}', BAD_NAME),
    ],
    ids=[
        "nested-5000-deep",
        "quantity-1001",
        "quantity-1e400",
        "lone-surrogate",
        "nul-byte",
        "name-101-chars",
    ],
)
def test_hostile_json_is_400_with_a_message(client, error_of, body, message):
    response = client.post("/api/items", data=body, content_type="application/json")

    assert response.status_code == 400
    assert error_of(response) == message


@pytest.mark.parametrize(
    ("url", "body", "content_type"),
    [
        ("/api/items", "x" * (16 * 1024 + 1), "application/json"),
        ("/api/items", "[" * 100_000 + "]" * 100_000, "application/json"),
        ("/signup", "x" * (16 * 1024 + 1), "application/x-www-form-urlencoded"),
    ],
    ids=["json", "json-nested-100000-deep", "form"],
)
def test_a_body_over_max_content_length_is_413(client, error_of, url, body, content_type):
    response = client.post(url, data=body, content_type=content_type)

    assert response.status_code == 413
    assert error_of(response) == "request body is larger than 16384 bytes"
