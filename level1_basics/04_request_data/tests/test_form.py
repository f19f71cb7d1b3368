"""request.form: fields of a form-encoded (or multipart) body."""

import pytest


def test_a_good_form_is_read(client):
    response = client.post("/signup", data={"username": " ada ", "age": "36"})

    assert response.status_code == 201
    assert response.get_json() == {"username": "ada", "age": 36}


@pytest.mark.parametrize("form", [{"username": "ada"}, {"username": "ada", "age": ""}])
def test_age_is_optional(client, form):
    response = client.post("/signup", data=form)

    assert response.status_code == 201
    assert response.get_json() == {"username": "ada", "age": None}


def test_a_multipart_form_is_read_too(client):
    response = client.post(
        "/signup", data={"username": "grace", "age": "45"}, content_type="multipart/form-data"
    )

    assert response.status_code == 201
    assert response.get_json() == {"username": "grace", "age": 45}


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "form field 'username' is required"),
        ({"username": "  "}, "form field 'username' is required"),
        ({"username": "ab"}, "form field 'username' must be 3 to 20 letters or digits"),
        ({"username": "a" * 21}, "form field 'username' must be 3 to 20 letters or digits"),
        ({"username": "ada lovelace"}, "form field 'username' must be 3 to 20 letters or digits"),
        ({"username": "ada", "age": "old"}, "form field 'age' must be an integer, got 'old'"),
        ({"username": "ada", "age": "12"}, "form field 'age' must be between 13 and 120, got 12"),
        ({"username": "ada", "age": "-5"}, "form field 'age' must be between 13 and 120, got -5"),
        ({"username": "ada", "age": "121"}, "form field 'age' must be between 13 and 120, got 121"),
    ],
)
def test_a_missing_or_bad_field_is_400_with_a_message(client, error_of, form, message):
    response = client.post("/signup", data=form)

    assert response.status_code == 400
    assert error_of(response) == message


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/signup", {"json": {"username": "ada"}}),  # request.form is empty for a JSON body
        ("/signup?username=ada", {}),  # the query string is request.args, not the form
    ],
    ids=["json-body", "query-string"],
)
def test_only_a_form_body_fills_request_form(client, error_of, url, body):
    response = client.post(url, **body)

    assert response.status_code == 400
    assert error_of(response) == "form field 'username' is required"
