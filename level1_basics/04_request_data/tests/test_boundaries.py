"""Exact limits: the last value accepted and the first one refused, for every checked input."""

import pytest


@pytest.mark.parametrize(
    ("query", "page", "per_page"),
    [("&page=1", 1, 5), ("&page=1000", 1000, 5), ("&per_page=1", 1, 1), ("&per_page=50", 1, 50)],
)
def test_page_and_per_page_at_their_limits_are_accepted(client, query, page, per_page):
    response = client.get(f"/search?q=python{query}")

    assert response.status_code == 200
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"]) == (page, per_page, 5)


def test_per_page_slices_the_matches_from_the_right_offset(client):
    response = client.get("/search?q=python&page=3&per_page=2")

    assert response.get_json()["results"] == ["Test-Driven Development with Python"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?q=python&page=1001", "query parameter 'page' must be between 1 and 1000, got 1001"),
        ("?q=python&per_page=0", "query parameter 'per_page' must be between 1 and 50, got 0"),
        ("?q=python&per_page=-1", "query parameter 'per_page' must be between 1 and 50, got -1"),
        ("?q=python&per_page=", "query parameter 'per_page' must be an integer, got ''"),
    ],
)
def test_the_first_value_past_a_limit_is_refused(client, error_of, query, message):
    response = client.get(f"/search{query}")

    assert response.status_code == 400
    assert error_of(response) == message


def test_q_keeps_quotes_and_apostrophes_as_typed(client):
    response = client.get("/search", query_string={"q": """ O'Reilly "Python" """})

    assert response.status_code == 200
    assert response.get_json()["q"] == """O'Reilly "Python\""""
    assert response.get_json()["total"] == 0


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"username": "abc"}, {"username": "abc", "age": None}),
        ({"username": "a" * 20}, {"username": "a" * 20, "age": None}),
        ({"username": "Ada1815", "age": "13"}, {"username": "Ada1815", "age": 13}),
        ({"username": "ada", "age": "120"}, {"username": "ada", "age": 120}),
        ({"username": "ada", "age": " 36 "}, {"username": "ada", "age": 36}),
    ],
    ids=["3-chars", "20-chars", "age-13", "age-120", "age-with-spaces"],
)
def test_form_values_at_their_limits_are_accepted(client, form, expected):
    response = client.post("/signup", data=form)

    assert response.status_code == 201
    assert response.get_json() == expected


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("O'Reilly", "form field 'username' must be 3 to 20 letters or digits"),
        ('"ada"', "form field 'username' must be 3 to 20 letters or digits"),
        ("ada\x00", "form field 'username' must be 3 to 20 letters or digits"),
    ],
    ids=["apostrophe", "double-quotes", "nul"],
)
def test_a_username_with_quotes_or_nul_is_refused(client, error_of, username, message):
    response = client.post("/signup", data={"username": username})

    assert response.status_code == 400
    assert error_of(response) == message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"name": "pen", "quantity": 1}, {"name": "pen", "quantity": 1}),
        ({"name": "pen", "quantity": 1000}, {"name": "pen", "quantity": 1000}),
        ({"name": "x" * 100}, {"name": "x" * 100, "quantity": 1}),
        ({"name": " " + "x" * 100 + " "}, {"name": "x" * 100, "quantity": 1}),
        ({"name": """Ada's "red" pen"""}, {"name": """Ada's "red" pen""", "quantity": 1}),
    ],
    ids=["quantity-1", "quantity-1000", "name-100-chars", "name-100-chars-padded", "quotes"],
)
def test_json_values_at_their_limits_are_accepted(client, body, expected):
    response = client.post("/api/items", json=body)

    assert response.status_code == 201
    assert response.get_json() == expected
