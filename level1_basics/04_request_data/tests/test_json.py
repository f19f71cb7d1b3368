"""request.json: a JSON body, refused clearly when it is not JSON or not the expected shape."""

import json

import pytest


def test_a_good_json_body_is_read(client):
    response = client.post("/api/items", json={"name": " pen ", "quantity": 3})

    assert response.status_code == 201
    assert response.get_json() == {"name": "pen", "quantity": 3}


def test_quantity_defaults_to_one(client):
    response = client.post("/api/items", json={"name": "pen"})

    assert response.status_code == 201
    assert response.get_json() == {"name": "pen", "quantity": 1}


def test_a_json_content_type_with_a_charset_is_json(client):
    response = client.post(
        "/api/items", data='{"name": "pen"}', content_type="application/json; charset=utf-8"
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded"],
    ids=["none", "text-plain", "form"],
)
def test_a_body_that_is_not_declared_as_json_is_415(client, error_of, content_type):
    response = client.post("/api/items", data='{"name": "pen"}', content_type=content_type)

    assert response.status_code == 415
    assert error_of(response) == "Content-Type must be application/json"


@pytest.mark.parametrize(
    "body",
    ['{"name": ', "", "{'name': 'pen'}", '{"name": "pen",}', "pen"],
    ids=["truncated", "empty", "single-quotes", "trailing-comma", "bare-word"],
)
def test_a_body_that_is_not_valid_json_is_400(client, error_of, body):
    response = client.post("/api/items", data=body, content_type="application/json")

    assert response.status_code == 400
    assert error_of(response) == "request body is not valid JSON"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1, 2], "JSON body must be an object, got an array"),
        ("pen", "JSON body must be an object, got a string"),
        (None, "JSON body must be an object, got null"),
        (3, "JSON body must be an object, got an integer"),
        ({}, "field 'name' is required"),
        ({"name": None}, "field 'name' is required"),
        ({"name": 3}, "field 'name' must be a string, got an integer"),
        ({"name": ["pen"]}, "field 'name' must be a string, got an array"),
        ({"name": "  "}, "field 'name' must not be empty"),
        ({"name": "pen", "quantity": "3"}, "field 'quantity' must be an integer, got a string"),
        (
            {"name": "pen", "quantity": 2.5},
            "field 'quantity' must be an integer, got a decimal number",
        ),
        ({"name": "pen", "quantity": True}, "field 'quantity' must be an integer, got a boolean"),
        ({"name": "pen", "quantity": None}, "field 'quantity' must be an integer, got null"),
        ({"name": "pen", "quantity": 0}, "field 'quantity' must be between 1 and 1000, got 0"),
        ({"name": "pen", "quantity": -2}, "field 'quantity' must be between 1 and 1000, got -2"),
    ],
)
def test_json_of_the_wrong_shape_is_400_with_a_message(client, error_of, body, message):
    response = client.post("/api/items", data=json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert error_of(response) == message
