"""Every POST needs this session's CSRF token; without it: a 400, and nothing changes."""

import pytest
from errors import csrf_failed
from flask_wtf.csrf import CSRFError

START = (100, [])


def test_csrf_protection_is_on_in_the_tests(app):
    assert app.config["WTF_CSRF_ENABLED"] is True
    assert "csrf" in app.extensions  # CSRFProtect is installed
    assert app.error_handler_spec[None][400][CSRFError] is csrf_failed  # and answers its errors


def test_the_page_holds_the_token_in_the_form_and_in_a_meta_tag(client, form_token):
    page = client.get("/").get_data(as_text=True)
    assert form_token()
    assert '<meta name="csrf-token" content="' in page
    assert '<script src="/static/transfer.js"></script>' in page
    with client.get("/static/transfer.js") as script:  # `with` closes the file it streams
        assert "X-CSRFToken" in script.get_data(as_text=True)


# --- The HTML form --------------------------------------------------------------------------------


def test_a_post_with_the_right_token_succeeds(client, state, form_token):
    token = form_token()

    response = client.post("/transfer", data={"to": "bob", "amount": "10", "csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert state() == (90, [("bob", 10)])
    assert "<li>10 to bob</li>" in client.get("/").get_data(as_text=True)


def test_the_token_is_per_session_so_it_works_for_several_posts(client, state, form_token):
    token = form_token()
    for _ in range(2):
        client.post("/transfer", data={"to": "bob", "amount": "10", "csrf_token": token})
    assert state() == (80, [("bob", 10), ("bob", 10)])


def test_a_post_without_a_token_is_refused(client, state, form_token):
    form_token()  # the victim has a session...

    # ...and another site makes the browser post this form:
    response = client.post("/transfer", data={"to": "mallory", "amount": "100"})

    assert response.status_code == 400
    assert "CSRF check failed: The CSRF token is missing." in response.get_data(as_text=True)
    assert state() == START


def test_a_post_with_a_wrong_token_is_refused(client, state, form_token):
    form_token()
    data = {"to": "mallory", "amount": "100", "csrf_token": "made-up-token"}

    response = client.post("/transfer", data=data)

    assert response.status_code == 400
    assert "The CSRF token is invalid." in response.get_data(as_text=True)
    assert state() == START


def test_a_token_from_another_session_is_refused(app, client, state, form_token):
    attacker = app.test_client()
    attackers_token = form_token(attacker)  # a real, well-signed token: for the attacker's session
    form_token()  # the victim's own session
    data = {"to": "mallory", "amount": "100", "csrf_token": attackers_token}

    response = client.post("/transfer", data=data)

    assert response.status_code == 400
    assert "The CSRF tokens do not match." in response.get_data(as_text=True)
    assert state() == START


def test_a_token_without_any_session_is_refused(app, client, state, form_token):
    token = form_token()
    no_cookies = app.test_client()

    response = no_cookies.post("/transfer", data={"to": "bob", "amount": "1", "csrf_token": token})

    assert response.status_code == 400
    assert "The CSRF session token is missing." in response.get_data(as_text=True)
    assert state() == START


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"to": "", "amount": "10"}, "to", "This field is required."),
        ({"to": "x" * 31, "amount": "10"}, "to", "Field cannot be longer than 30 characters."),
        ({"to": "bob", "amount": "0"}, "amount", "Number must be between 1 and 1000."),
        ({"to": "bob", "amount": "ten"}, "amount", "Not a valid integer value."),
        ({"to": "bob", "amount": "500"}, "amount", "Not enough money: the balance is 100."),
    ],
    ids=["no-recipient", "long-recipient", "zero", "not-a-number", "too-much"],
)
def test_invalid_input_shows_the_form_again_with_messages(
    client, state, form_token, data, field, message
):
    token = form_token()

    response = client.post("/transfer", data={**data, "csrf_token": token})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error">{message}</p>' in page
    assert f'id="{field}"' in page
    assert 'name="csrf_token" type="hidden"' in page  # a fresh token to submit again
    assert state() == START


def test_a_get_needs_no_token_and_changes_nothing(client, state):
    assert client.get("/").status_code == 200
    assert client.get("/transfer").status_code == 405  # a link or an <img> cannot send money
    assert state() == START


# --- The JSON API (AJAX): the token travels in the X-CSRFToken header ----------------------------


def test_the_api_accepts_the_token_in_the_x_csrftoken_header(client, state, meta_token):
    token = meta_token()

    response = client.post(
        "/api/transfers", json={"to": "bob", "amount": 25}, headers={"X-CSRFToken": token}
    )

    assert response.status_code == 201
    assert response.get_json() == {"balance": 75, "transfers": [["bob", 25]]}
    assert state() == (75, [("bob", 25)])


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "The CSRF token is missing."),
        ({"X-CSRFToken": "made-up-token"}, "The CSRF token is invalid."),
    ],
    ids=["no-header", "wrong-header"],
)
def test_the_api_refuses_a_missing_or_wrong_header(client, state, meta_token, headers, message):
    meta_token()

    response = client.post("/api/transfers", json={"to": "mallory", "amount": 100}, headers=headers)

    assert response.status_code == 400
    assert response.get_json() == {"error": message}
    assert state() == START


def test_the_api_refuses_a_token_from_another_session(app, client, state, meta_token):
    attackers_token = meta_token(app.test_client())
    meta_token()

    response = client.post(
        "/api/transfers",
        json={"to": "mallory", "amount": 100},
        headers={"X-CSRFToken": attackers_token},
    )

    assert response.status_code == 400
    assert response.get_json() == {"error": "The CSRF tokens do not match."}
    assert state() == START


def test_the_api_validates_the_json_body(client, state, meta_token):
    headers = {"X-CSRFToken": meta_token()}

    bad = client.post("/api/transfers", json={"to": "", "amount": -5}, headers=headers)
    not_an_object = client.post("/api/transfers", json=[1, 2], headers=headers)

    assert bad.status_code == 422
    assert bad.get_json() == {
        "errors": {
            "to": ["This field is required."],
            "amount": ["Number must be between 1 and 1000."],
        }
    }
    assert not_an_object.status_code == 400
    assert not_an_object.get_json() == {"error": "Send a JSON object."}
    assert state() == START


# --- Hostile JSON: a 400 in the API's shape, never a 500, never a coerced value ------------------

DEEP = "[" * 100_000 + "]" * 100_000  # deeper than Python's recursion limit


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ('{"to": 123, "amount": 5}', "'to' must be a string."),
        ('{"to": true, "amount": 5}', "'to' must be a string."),
        ('{"to": {"k": "v"}, "amount": 5}', "'to' must be a string."),
        ('{"to": null, "amount": 5}', "'to' must be a string."),
        ('{"to": "\\ud800", "amount": 5}', "'to' must be valid Unicode text."),
        ('{"to": "bob", "amount": 5.5}', "'amount' must be an integer."),
        ('{"to": "bob", "amount": true}', "'amount' must be an integer."),
        ('{"to": "bob", "amount": "5"}', "'amount' must be an integer."),
        ('{"to": "bob", "amount": 1e400}', "'amount' must be an integer."),
        ('{"to": "bob", "amount": NaN}', "'amount' must be an integer."),
        ('{"to": "bob", "amount": 1' + "0" * 5000 + "}", "Send a JSON object."),
        (DEEP, "Send a JSON object."),
        ('{"to": "bob", "amount": ' + DEEP + "}", "Send a JSON object."),
        ('{"to": "bob", "amount": 5', "Send a JSON object."),
    ],
    ids=[
        "to-number",
        "to-true",
        "to-object",
        "to-null",
        "lone-surrogate",
        "amount-float",
        "amount-true",
        "amount-string",
        "amount-1e400",
        "amount-nan",
        "amount-5000-digits",
        "nested-100000-deep",
        "amount-nested-100000-deep",
        "truncated",
    ],
)
def test_the_api_refuses_hostile_json_with_a_400(client, state, meta_token, body, error):
    headers = {"X-CSRFToken": meta_token(), "Content-Type": "application/json"}

    response = client.post("/api/transfers", data=body, headers=headers)

    assert response.status_code == 400
    assert response.get_json() == {"error": error}
    assert state() == START


def test_the_api_wants_json_not_a_form(client, state, meta_token):
    response = client.post(
        "/api/transfers", data={"to": "bob", "amount": "5"}, headers={"X-CSRFToken": meta_token()}
    )
    assert response.status_code == 415
    assert response.get_json() == {"error": "Send Content-Type: application/json."}
    assert state() == START


def test_the_api_refuses_a_body_over_max_content_length(app, client, state, meta_token):
    body = '{"to": "bob", "amount": 5, "padding": "' + "x" * app.config["MAX_CONTENT_LENGTH"] + '"}'
    headers = {"X-CSRFToken": meta_token(), "Content-Type": "application/json"}

    response = client.post("/api/transfers", data=body, headers=headers)

    assert response.status_code == 413
    assert response.get_json() == {"error": "The body is over 1048576 bytes."}
    assert state() == START


# --- A form error looks like one ----------------------------------------------------------------


def test_a_form_error_is_styled_as_an_error(client, form_token):
    token = form_token()
    page = client.post("/transfer", data={"to": "bob", "amount": "0", "csrf_token": token})
    assert '<p class="error">Number must be between 1 and 1000.</p>' in page.get_data(as_text=True)
    assert ".error {" in page.get_data(as_text=True)  # the stylesheet of base.html
