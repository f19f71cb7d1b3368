import logging

import pytest

JSON = {"Accept": "application/json"}


def test_an_existing_book_is_found(client):
    response = client.get("/books/1")
    assert response.status_code == 200
    assert b"<h1>Dune</h1>" in response.data


# --- 404 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/no/such/page", "/books/99"], ids=["unknown-url", "abort-404"])
def test_404_uses_the_dedicated_template(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b"<h1>Page not found</h1>" in response.data
    assert f"There is nothing at <code>{url}</code>".encode() in response.data
    assert b'<nav><a href="/">Home</a></nav>' in response.data  # it extends base.html
    assert b"The requested URL was not found on the server" not in response.data  # not Flask's


# <int:> would take them (int("１") == 1): a second URL for each book. <id:> takes ASCII digits.
@pytest.mark.parametrize(
    "book_id", ["١", "１", "𝟏"], ids=["arabic-indic-1", "fullwidth-1", "math-1"]
)
def test_non_ascii_digits_match_no_route(client, book_id):
    assert client.get(f"/books/{book_id}").status_code == 404


def test_404_page_escapes_the_path(client):
    response = client.get("/<script>")
    assert response.status_code == 404
    assert b"<code>/&lt;script&gt;</code>" in response.data


# --- 500 ----------------------------------------------------------------------------------------


def test_500_uses_the_dedicated_template(client):
    response = client.get("/crash")

    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert b"<h1>Something went wrong</h1>" in response.data
    assert b'<nav><a href="/">Home</a></nav>' in response.data  # it extends base.html


@pytest.mark.parametrize("headers", [{}, JSON], ids=["html", "json"])
def test_500_never_leaks_the_exception(client, headers):
    body = client.get("/crash", headers=headers).get_data(as_text=True)

    for secret in ("Traceback", "RuntimeError", "hunter2", "cannot connect", "app.py"):
        assert secret not in body


# --- JSON for clients that ask for it -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "body"),
    [
        ("/books/99", 404, {"error": "not found", "status": 404}),
        ("/no/such/page", 404, {"error": "not found", "status": 404}),
        ("/crash", 500, {"error": "internal server error", "status": 500}),
    ],
    ids=["abort-404", "unknown-url", "500"],
)
def test_errors_are_json_when_the_client_asks_for_it(client, url, status, body):
    response = client.get(url, headers=JSON)
    assert response.status_code == status
    assert response.is_json
    assert response.get_json() == body


# --- Logging ------------------------------------------------------------------------------------


def test_the_exception_is_still_logged_with_its_traceback(client, caplog):
    with caplog.at_level(logging.ERROR):
        client.get("/crash")

    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == "Exception on /crash [GET]"
    assert record.exc_info[0] is RuntimeError
    assert "hunter2" in str(record.exc_info[1])  # the details are in the log, for the developer
    assert "Traceback (most recent call last)" in caplog.text
    assert 'raise RuntimeError("cannot connect to db' in caplog.text


def test_a_404_is_not_logged_as_an_error(client, caplog):
    with caplog.at_level(logging.DEBUG):
        client.get("/books/99")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_with_propagation_on_the_exception_reaches_the_test(app):
    # What TESTING=True does by default: handy to debug, but then no 500 page is rendered.
    app.config["PROPAGATE_EXCEPTIONS"] = True
    try:
        with pytest.raises(RuntimeError, match="hunter2"):
            app.test_client().get("/crash")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = False
