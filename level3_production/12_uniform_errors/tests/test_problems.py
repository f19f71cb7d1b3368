"""Every kind of error is one problem (RFC 9457): problem+json for an API client, an HTML page for
a browser, chosen by the Accept header; a 500 is logged with its traceback and request id and
shows the client nothing of it."""

import logging

import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
BOOK = {"isbn": "9781449372620", "title": "Designing Data-Intensive Applications", "author": "MK"}

# (method, url, request arguments, status, title): one of each kind of error.
KINDS = {
    "404-unknown-url": ("get", "/api/v1/nothing", {}, 404, "Not Found"),
    "404-abort-in-view": ("get", "/api/v1/books/99", {}, 404, "Not Found"),
    "405": ("delete", "/api/v1/books", {}, 405, "Method Not Allowed"),
    "413": ("post", "/api/v1/books",
            {"data": b"[" * 20_000, "content_type": "application/json"}, 413,
            "Request Entity Too Large"),
    "415": ("post", "/api/v1/books", {"data": "{}", "content_type": "text/plain"}, 415,
            "Unsupported Media Type"),
    "400-bad-json": ("post", "/api/v1/books",
                     {"data": '{"title": ', "content_type": "application/json"}, 400,
                     "Bad Request"),
    "422-validation": ("post", "/api/v1/books",
                       {"data": '{"isbn": "123"}', "content_type": "application/json"}, 422,
                       "Your request is not valid"),
    "500-unhandled": ("get", "/api/v1/crash", {}, 500, "Internal Server Error"),
}  # fmt: skip


def send(client, kind, accept=None, request_id=None):
    method, url, kwargs, _, _ = KINDS[kind]
    headers = {"Accept": accept} if accept is not None else {}
    if request_id:
        headers["X-Request-ID"] = request_id
    return getattr(client, method)(url, headers=headers, **kwargs)


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/problem+json"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_error_is_one_problem_json_shape(client, problem_of, kind, accept):
    _, url, _, status, title = KINDS[kind]

    problem = problem_of(send(client, kind, accept), status, path=url)

    assert problem["title"] == title
    if kind != "422-validation":
        assert problem["type"] == "about:blank"  # RFC 9457: the title is then the status's name
        assert problem["errors"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_browser_gets_an_html_page_of_the_same_problem(client, page_of, kind):
    _, _, _, status, title = KINDS[kind]

    page = page_of(send(client, kind, BROWSER), status)

    assert f"<h1>{status} {title}</h1>" in page


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("text/html", "text/html"),
        ("text/*", "text/html"),
        ("application/json, text/html;q=0.1", "application/problem+json"),
        ("text/html;q=0.5, application/problem+json", "application/problem+json"),
        ("text/html;q=0, */*", "application/problem+json"),  # q=0: "never text/html"
        ("application/xml", "application/problem+json"),  # nothing it can give: the default
        ("image/png", "application/problem+json"),
    ],
)
def test_the_format_follows_the_accept_header_s_qualities(client, accept, mimetype):
    response = client.get("/api/v1/nothing", headers={"Accept": accept})

    assert response.status_code == 404
    assert response.mimetype == mimetype


@pytest.mark.parametrize("accept", [None, BROWSER])
def test_a_405_keeps_its_allow_header(client, accept):
    response = send(client, "405", accept)

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_a_validation_error_names_every_bad_field_as_a_json_pointer(client, problem_of):
    body = {"isbn": "123", "title": "", "year": "2008", "a/b~c": 1}

    problem = problem_of(client.post("/api/v1/books", json=body), 422, path="/api/v1/books")

    assert problem["type"] == "/problems/validation-error"
    assert problem["detail"] == "the book has invalid fields"
    assert problem["errors"] == [
        {"pointer": "/a~1b~0c", "detail": "unknown field"},  # RFC 6901: "/" is ~1, "~" is ~0
        {"pointer": "/author", "detail": "is required"},
        {"pointer": "/isbn", "detail": "must be a string of 13 digits"},
        {"pointer": "/title", "detail": "must be a string of 1 to 200 characters"},
        {"pointer": "/year", "detail": "must be an integer from 1450 to 2100, or null"},
    ]


def test_a_browser_sees_each_bad_field_escaped(client, page_of):
    body = {"<script>alert(1)</script>": 1}

    page = page_of(client.post("/api/v1/books", json=body, headers={"Accept": BROWSER}), 422)

    assert "<li><code>/author</code>: is required</li>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_good_request_is_not_a_problem(client):
    response = client.post("/api/v1/books", json=BOOK)

    assert response.status_code == 201 and response.mimetype == "application/json"
    assert response.headers["Location"] == "/api/v1/books/3"
    assert client.get("/api/v1/books/3").get_json() == {"id": 3, "year": None, **BOOK}


# --- a 500: the traceback in the log, with the request id; nothing of it for the client --------


@pytest.mark.parametrize("accept", [None, BROWSER])
def test_a_crash_is_logged_with_its_traceback_and_request_id(
    client, crashing, caplog, accept
):  # fmt: skip
    caplog.set_level(logging.INFO)

    response = client.get("/api/v1/_crash", headers={"Accept": accept or "*/*"})

    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert request_id in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is LookupError
    assert (
        crashing in caplog.text and "Traceback" in caplog.text and "crash_for_test" in caplog.text
    )
    body = response.get_data(as_text=True)
    for leak in (crashing, "hunter2", "LookupError", "Traceback", "crash_for_test", ".py"):
        assert leak not in body


def test_a_crash_keeps_the_client_s_request_id_in_the_problem_and_the_log(
    client, crashing, caplog, problem_of
):
    response = client.get("/api/v1/_crash", headers={"X-Request-ID": "client-trace-0042"})

    assert problem_of(response, 500)["request_id"] == "client-trace-0042"
    assert "client-trace-0042" in caplog.text


@pytest.mark.parametrize("sent", ["short", "x" * 65, "has space12", "élan-123456", "a/b/c/d/e/f"])
def test_an_invalid_request_id_is_replaced(client, problem_of, sent):
    problem = problem_of(send(client, "404-unknown-url", request_id=sent), 404)

    assert problem["request_id"] != sent and len(problem["request_id"]) == 32


@pytest.mark.parametrize("kind", [k for k in KINDS if not k.startswith("500")])
def test_a_client_error_logs_no_error(client, caplog, kind):
    send(client, kind)

    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


# --- an error inside the error handler itself ----------------------------------------------------


@pytest.fixture
def broken_handler(app, monkeypatch):
    """answer()'s JSON and HTML both raise, with a secret in the message."""
    import problems

    secret = "handler-secret-token-77"

    def boom(*args, **kwargs):
        raise RuntimeError(secret)

    monkeypatch.setattr(app.json, "dumps", boom)
    monkeypatch.setattr(problems, "render_template", boom)
    return secret


@pytest.mark.parametrize("accept", [None, BROWSER])
@pytest.mark.parametrize("kind", ["404-unknown-url", "422-validation", "500-unhandled"])
def test_an_error_in_the_error_handler_is_a_bare_500_problem(
    client, broken_handler, caplog, problem_of, kind, accept
):
    response = send(client, kind, accept)

    problem = problem_of(response, 500, path=KINDS[kind][1])
    assert problem["detail"].startswith("The server could not answer")
    assert broken_handler not in response.get_data(as_text=True)
    failed = [r for r in caplog.records if "the error handler failed" in r.getMessage()]
    assert len(failed) == 1 and failed[0].exc_info[0] is RuntimeError
    assert problem["request_id"] in failed[0].getMessage()
