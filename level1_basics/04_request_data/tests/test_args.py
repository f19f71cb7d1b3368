"""request.args: the query string, with defaults and validation."""

import pytest


def test_defaults_apply_when_page_and_per_page_are_absent(client):
    response = client.get("/search?q=python")

    assert response.status_code == 200
    assert response.get_json() == {
        "q": "python",
        "page": 1,
        "per_page": 5,
        "total": 5,
        "results": [
            "Fluent Python",
            "Effective Python",
            "Python Crash Course",
            "Architecture Patterns with Python",
            "Test-Driven Development with Python",
        ],
    }


def test_page_and_per_page_are_read_as_integers(client):
    response = client.get("/search", query_string={"q": "PYTHON", "page": "2", "per_page": "2"})

    assert response.status_code == 200
    body = response.get_json()
    assert (body["page"], body["per_page"], body["total"]) == (2, 2, 5)
    assert body["results"] == ["Python Crash Course", "Architecture Patterns with Python"]


def test_a_page_past_the_end_is_empty_not_an_error(client):
    response = client.get("/search?q=flask&page=3")

    assert response.status_code == 200
    assert response.get_json()["results"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "query parameter 'q' is required"),
        ("?q=", "query parameter 'q' is required"),
        ("?q=%20%20", "query parameter 'q' is required"),
        ("?q=python&page=abc", "query parameter 'page' must be an integer, got 'abc'"),
        ("?q=python&page=1.5", "query parameter 'page' must be an integer, got '1.5'"),
        ("?q=python&page=", "query parameter 'page' must be an integer, got ''"),
        ("?q=python&page=0", "query parameter 'page' must be between 1 and 1000, got 0"),
        ("?q=python&page=-3", "query parameter 'page' must be between 1 and 1000, got -3"),
        ("?q=python&per_page=x", "query parameter 'per_page' must be an integer, got 'x'"),
        ("?q=python&per_page=51", "query parameter 'per_page' must be between 1 and 50, got 51"),
    ],
)
def test_a_missing_or_bad_parameter_is_400_with_a_message(client, error_of, query, message):
    response = client.get(f"/search{query}")

    assert response.status_code == 400
    assert error_of(response) == message
