"""Tests for the to-do app, from the simplest to the most complete.

Every test follows the same three steps:
    1. arrange: prepare what the test needs (often just the fixtures);
    2. act:     send ONE request (or run one command);
    3. assert:  check the answer (status, headers, body) and, when something should change,
                that it changed (or that it did not, for bad input).
A test's name says what it proves. When it fails, pytest shows the values on each side of `==`.
"""

import pytest

# --- 1. An HTML page ----------------------------------------------------------------------------


def test_home_page_greets_a_stranger(client):
    response = client.get("/")  # act: a GET request, as a browser would send

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    # response.data is bytes; get_data(as_text=True) gives a str, easier to read
    html = response.get_data(as_text=True)
    assert "<h1>Hello, stranger!</h1>" in html
    assert '<form method="post" action="/login">' in html
    assert "<li>Nothing to do.</li>" in html


def test_unknown_page_is_404(client):
    assert client.get("/nope").status_code == 404


def test_login_only_accepts_post(client):
    # The route is declared with @app.post: a GET is "405 Method Not Allowed".
    assert client.get("/login").status_code == 405


# --- 2. A form, a redirect and the session ------------------------------------------------------


def test_login_stores_the_name_in_the_session_and_redirects(client):
    # `data=` sends a form, like a browser submitting <form method="post">
    response = client.post("/login", data={"name": "Ada"})

    # The answer is a redirect (302) to the home page, not a page...
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    # ...and the session now holds the name. session_transaction() opens the client's session.
    with client.session_transaction() as session:
        assert session["name"] == "Ada"


def test_after_login_the_home_page_greets_by_name(client):
    # follow_redirects=True: the client follows the 302 and returns the final page.
    response = client.post("/login", data={"name": "  Ada  "}, follow_redirects=True)

    assert response.status_code == 200
    assert response.request.path == "/"  # where we ended up
    assert len(response.history) == 1  # one redirect on the way
    assert "<h1>Hello, Ada!</h1>" in response.get_data(as_text=True)  # the name was stripped


def test_a_logged_in_user_can_log_out(client):
    # Arrange: put a name in the session directly, without going through the form.
    with client.session_transaction() as session:
        session["name"] = "Grace"
    assert "Hello, Grace!" in client.get("/").get_data(as_text=True)

    response = client.post("/logout", follow_redirects=True)

    assert "Hello, stranger!" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "name" not in session


def test_the_name_is_html_escaped(client):
    response = client.post("/login", data={"name": "<b>Eve</b>"}, follow_redirects=True)
    assert "Hello, &lt;b&gt;Eve&lt;/b&gt;!" in response.get_data(as_text=True)


# parametrize runs the same test once per case; `ids` names each case in pytest's output:
#   test_login_rejects_an_empty_name[missing], [empty], [spaces]
@pytest.mark.parametrize(
    "form",
    [{}, {"name": ""}, {"name": "   "}],
    ids=["missing", "empty", "spaces"],
)
def test_login_rejects_an_empty_name(client, form):
    response = client.post("/login", data=form)

    # Bad input: a clear 4xx with a message...
    assert response.status_code == 400
    assert '<p class="error">Please enter your name.</p>' in response.get_data(as_text=True)
    # ...and nothing changed: nobody is logged in.
    with client.session_transaction() as session:
        assert "name" not in session


@pytest.mark.parametrize("name", ["x" * 51, "a\x00b"], ids=["51-chars", "nul-byte"])
def test_login_rejects_a_long_or_unprintable_name(client, name):
    response = client.post("/login", data={"name": name})

    assert response.status_code == 400
    assert "at most 50 printable characters" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "name" not in session


# --- 3. A JSON API ------------------------------------------------------------------------------


def test_the_list_starts_empty(client):
    response = client.get("/api/todos")

    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {"todos": []}  # get_json() parses the body


def test_add_a_todo(client):
    # `json=` encodes the dict and sets Content-Type: application/json
    response = client.post("/api/todos", json={"title": "  Write tests  "})

    assert response.status_code == 201  # 201 Created
    assert response.get_json() == {"id": 1, "title": "Write tests", "done": False}
    assert response.headers["Location"] == "/api/todos/1"
    # Check the effect, not only the answer: the new to-do is in the list...
    assert client.get("/api/todos").get_json() == {
        "todos": [{"id": 1, "title": "Write tests", "done": False}]
    }
    # ...at its own URL, and on the HTML page.
    assert client.get("/api/todos/1").get_json()["title"] == "Write tests"
    assert "<li>Write tests</li>" in client.get("/").get_data(as_text=True)


def test_ids_go_up(client):
    first = client.post("/api/todos", json={"title": "one"}).get_json()
    second = client.post("/api/todos", json={"title": "two"}).get_json()
    assert (first["id"], second["id"]) == (1, 2)


def test_each_test_gets_a_fresh_app(client):
    # The tests above added to-dos, yet this list is empty: the `app` fixture is new per test.
    assert client.get("/api/todos").get_json() == {"todos": []}


def test_a_missing_todo_is_a_json_404(client):
    response = client.get("/api/todos/42")
    assert response.status_code == 404
    assert response.get_json() == {"error": "no to-do with id 42"}


# <int:> would take them (int("１") == 1): a second URL for each to-do. <id:> takes ASCII digits.
@pytest.mark.parametrize(
    "todo_id", ["١", "１", "𝟏"], ids=["arabic-indic-1", "fullwidth-1", "math-1"]
)
def test_non_ascii_digits_match_no_route(client, todo_id):
    client.post("/api/todos", json={"title": "Buy milk"})

    assert client.get(f"/api/todos/{todo_id}").status_code == 404


# One test, many bad inputs. Each case: the request's keyword arguments and the expected error.
@pytest.mark.parametrize(
    ("request_kwargs", "error"),
    [
        pytest.param({"data": "title=Buy milk"}, "title is required", id="form-not-json"),
        pytest.param(
            {"data": "{oops", "content_type": "application/json"},
            "title is required",
            id="broken-json",
        ),
        pytest.param({"json": ["a", "list"]}, "title is required", id="json-list"),
        pytest.param({"json": {}}, "title is required", id="no-title"),
        pytest.param({"json": {"title": ""}}, "title is required", id="empty-title"),
        pytest.param({"json": {"title": "   "}}, "title is required", id="blank-title"),
        pytest.param({"json": {"title": 42}}, "must be a non-empty string", id="number-title"),
        pytest.param({"json": {"title": "x" * 81}}, "at most 80 characters", id="too-long"),
        # Hostile input: it must get a 400 too, never a 500 now or later (when / shows the list).
        pytest.param({"json": {"title": "\ud800"}}, "printable", id="lone-surrogate"),
        pytest.param({"json": {"title": "a\x00b"}}, "printable", id="nul-byte"),
        pytest.param(
            {"data": "[" * 5000 + "]" * 5000, "content_type": "application/json"},
            "title is required",
            id="nested-5000-deep",
        ),
    ],
)
def test_add_rejects_bad_input(client, request_kwargs, error):
    response = client.post("/api/todos", **request_kwargs)

    assert response.status_code == 400
    assert error in response.get_json()["error"]
    assert client.get("/api/todos").get_json() == {"todos": []}  # nothing was added
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("url", "body", "content_type"),
    [
        ("/api/todos", "[" * 100_000 + "]" * 100_000, "application/json"),
        ("/login", "name=" + "x" * 20_000, "application/x-www-form-urlencoded"),
    ],
    ids=["json-nested-100000-deep", "form"],
)
def test_a_body_over_16_kb_is_413_in_the_right_shape(client, url, body, content_type):
    response = client.post(url, data=body, content_type=content_type)

    assert response.status_code == 413
    message = "The request is larger than 16384 bytes."
    if url.startswith("/api/"):
        assert response.get_json() == {"error": message}
    else:
        assert f'<p class="error">{message}</p>' in response.get_data(as_text=True)


def test_a_title_of_exactly_80_characters_is_accepted(client):
    # The edge just inside the limit: it catches a `<` written instead of `<=`.
    assert client.post("/api/todos", json={"title": "x" * 80}).status_code == 201


# --- 4. A CLI command ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "output"),
    [
        (["greet", "Ada"], "Hello, Ada!\n"),
        (["greet", "Ada", "--shout"], "HELLO, ADA!\n"),
    ],
    ids=["plain", "shout"],
)
def test_greet_command(runner, args, output):
    result = runner.invoke(args=args)  # like `flask --app ... greet Ada` in a terminal

    assert result.exit_code == 0
    assert result.output == output


def test_greet_command_needs_a_name(runner):
    result = runner.invoke(args=["greet"])

    assert result.exit_code == 2  # click's code for a usage error
    assert "Missing argument 'NAME'" in result.output
