"""Skill checks: the login uses the session and redirect(url_for(...)), the API's checks hold at
their exact edges, and the command prints with click.echo.

A hand-built 302, a cookie set by hand, print() or a limit off by one can pass the tests of
test_app.py in places; an app mounted under a prefix, the view's source and the edges do not.
"""

import ast
import inspect
import textwrap

import click
import pytest


def called_names(function):
    """The names the function calls: `redirect(...)` and `click.echo(...)` give the last name."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {
        getattr(node.func, "id", getattr(node.func, "attr", ""))
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


# Region 1: the login


def test_skill_login_redirects_with_redirect_and_url_for(app):
    names = called_names(app.view_functions["login"])
    assert {"redirect", "url_for"} <= names, (
        "Skill missing: after storing the name, return redirect(url_for('index')); "
        "a hand-built 302 with a Location header does not count here"
    )


def test_skill_the_redirect_follows_the_app_under_a_prefix(client):
    # Mounted at /todo (SCRIPT_NAME=/todo), only url_for knows that the home page is /todo/.
    response = client.post("/login", data={"name": "Ada"}, base_url="http://localhost/todo/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/todo/", (
        "Skill missing: redirect(url_for('index')), so that the Location follows where the app "
        f"is mounted; got {response.headers['Location']!r}"
    )


def test_skill_the_name_is_kept_in_flasks_session(client):
    response = client.post("/login", data={"name": 'O\'Brien "Bob"'})

    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("session="), (
        "Skill missing: remember the name with session['name'] = name (Flask's signed session "
        f"cookie); a cookie of your own does not count here (got {cookies})"
    )
    with client.session_transaction() as session:
        assert dict(session) == {"name": 'O\'Brien "Bob"'}
    page = client.get("/").get_data(as_text=True)
    assert "<h1>Hello, O&#39;Brien &#34;Bob&#34;!</h1>" in page


def test_an_empty_name_gets_the_page_with_the_exact_error(client):
    response = client.post("/login", data={"name": " \t "})

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.count('<p class="error">') == 1
    assert '<p class="error">Please enter your name.</p>' in html
    assert "<h1>Hello, stranger!</h1>" in html
    assert "Set-Cookie" not in response.headers


def test_a_one_letter_name_is_enough(client):
    response = client.post("/login", data={"name": "A"})
    assert (response.status_code, response.headers["Location"]) == (302, "/")


# Region 2: the API's checks


@pytest.mark.parametrize(
    ("title", "stored"),
    [("x" * 80, "x" * 80), ("  " + "y" * 80 + "  ", "y" * 80), ("z", "z")],
    ids=["80", "80-once-stripped", "1"],
)
def test_titles_up_to_80_characters_once_stripped_are_accepted(client, title, stored):
    response = client.post("/api/todos", json={"title": title})

    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "title": stored, "done": False}


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ("x" * 81, "title must be at most 80 characters"),
        (" " + "x" * 81 + " ", "title must be at most 80 characters"),
        ("", "title is required and must be a non-empty string"),
        (" \n\t ", "title is required and must be a non-empty string"),
        (None, "title is required and must be a non-empty string"),
        (True, "title is required and must be a non-empty string"),
        (["a"], "title is required and must be a non-empty string"),
        (0, "title is required and must be a non-empty string"),
    ],
    ids=["81", "81-once-stripped", "empty", "whitespace", "null", "true", "list", "zero"],
)
def test_bad_titles_get_the_exact_error(client, title, error):
    response = client.post("/api/todos", json={"title": title})

    assert response.status_code == 400
    assert response.get_json() == {"error": error}
    assert client.get("/api/todos").get_json() == {"todos": []}


def test_quotes_in_a_title_are_kept(client):
    title = 'Call O\'Brien about the "deal"'
    assert client.post("/api/todos", json={"title": title}).get_json()["title"] == title
    assert client.get("/api/todos/1").get_json()["title"] == title


# Region 3: the command


def test_skill_the_command_prints_with_click_echo(app, runner, monkeypatch):
    printed = []
    monkeypatch.setattr(click, "echo", lambda message=None, **kwargs: printed.append(message))

    result = runner.invoke(args=["greet", "Ada"])

    assert result.exit_code == 0
    assert printed == ["Hello, Ada!"], (
        "Skill missing: print the greeting with click.echo(message); print() does not count "
        f"here (click.echo got {printed}, the terminal got {result.output!r})"
    )
    assert "echo" in called_names(app.cli.commands["greet"].callback)


@pytest.mark.parametrize(
    ("args", "output"),
    [
        (["greet", "O'Brien"], "Hello, O'Brien!\n"),
        (["greet", "--shout", "straße"], "HELLO, STRASSE!\n"),
        (["greet", "Ada Lovelace", "--shout"], "HELLO, ADA LOVELACE!\n"),
    ],
    ids=["quote", "shout-first-unicode", "two-words"],
)
def test_greet_prints_exactly_one_line(runner, args, output):
    result = runner.invoke(args=args)
    assert (result.exit_code, result.output) == (0, output)
