"""Skill checks: the error pages come from error handlers, and the view stops with abort(404).

An `after_request` that rewrites every 404 or 500 response, and a view that returns its own
`("", 404)`, answer the same HTTP: Flask's own registry of handlers (`app.error_handler_spec`)
and a spy on the registered handler tell them apart.
"""

import pytest
from werkzeug.exceptions import InternalServerError, NotFound

JSON = {"Accept": "application/json"}


def handler_for(app, code, exception):
    """The function registered with @app.errorhandler(code), or None."""
    return app.error_handler_spec.get(None, {}).get(code, {}).get(exception)


def spy_on_handler(app, monkeypatch, code, exception):
    """Replace the registered handler by a spy that records the errors it is given."""
    handler, errors = handler_for(app, code, exception), []
    assert handler is not None, (
        f"Skill missing: register a {code} handler with @app.errorhandler({code}) on a function "
        "that takes the error and returns (page, status); an after_request that rewrites "
        f"{code} responses does not count here"
    )

    def spy(error):
        errors.append(error)
        return handler(error)

    monkeypatch.setitem(app.error_handler_spec[None][code], exception, spy)
    return errors


def test_skill_no_after_request_rewrites_the_responses(app):
    rewriters = [function.__name__ for function in app.after_request_funcs.get(None, [])]
    assert not rewriters, (
        "Skill missing: build the error pages in @app.errorhandler(404) and "
        "@app.errorhandler(500) handlers; an after_request that rewrites the responses "
        f"does not count here (found {rewriters})"
    )


# Region 1: the book view stops with abort(404)


def test_skill_a_missing_book_is_abort_404_and_reaches_the_handler(app, client, monkeypatch):
    errors = []

    def probe(error):
        errors.append(error)
        return "probe", 404

    monkeypatch.setitem(app.error_handler_spec[None], 404, {NotFound: probe})

    response = client.get("/books/99")

    assert [type(error) for error in errors] == [NotFound], (
        "Skill missing: stop the view with abort(404) when book_id is not in BOOKS, so that "
        "the 404 handler answers; returning your own ('', 404) skips it"
    )
    assert response.status_code == 404
    for book_id, title in [(1, b"Dune"), (2, b"Neuromancer")]:
        response = client.get(f"/books/{book_id}")
        assert response.status_code == 200
        assert b"<h1>" + title + b"</h1>" in response.data
    assert len(errors) == 1, "Skill missing: abort(404) only when book_id is not in BOOKS"


# Region 2: the 404 handler


def test_skill_404_is_handled_by_an_errorhandler(app, client, monkeypatch):
    errors = spy_on_handler(app, monkeypatch, 404, NotFound)

    html = client.get("/no/such/page")
    json = client.get("/no/such/page", headers=JSON)

    assert [type(error) for error in errors] == [NotFound, NotFound]
    assert (html.status_code, html.mimetype) == (404, "text/html")
    assert b"<title>Page not found</title>" in html.data
    assert (json.status_code, json.get_json()) == (404, {"error": "not found", "status": 404})


def test_skill_the_404_handler_answers_by_itself(app):
    handler = handler_for(app, 404, NotFound)
    assert handler is not None, "Skill missing: register a 404 handler with @app.errorhandler(404)"

    with app.test_request_context("/lost"):
        page, status = handler(NotFound())
    with app.test_request_context("/lost", headers=JSON):
        body, json_status = handler(NotFound())

    assert status == 404 and "There is nothing at <code>/lost</code>" in page, (
        "Skill missing: the 404 handler returns (render_template('404.html', path=request.path), "
        "404)"
    )
    assert (body, json_status) == ({"error": "not found", "status": 404}, 404), (
        "Skill missing: the 404 handler returns ({'error': 'not found', 'status': 404}, 404) "
        "when wants_json()"
    )


# Region 3: the 500 handler


def test_skill_500_is_handled_by_an_errorhandler(app, client, monkeypatch):
    errors = spy_on_handler(app, monkeypatch, 500, InternalServerError)

    html = client.get("/crash")
    json = client.get("/crash", headers=JSON)

    assert [type(error) for error in errors] == [InternalServerError, InternalServerError]
    assert all(isinstance(error.original_exception, RuntimeError) for error in errors)
    assert (html.status_code, html.mimetype) == (500, "text/html")
    assert b"<title>Something went wrong</title>" in html.data
    assert (json.status_code, json.get_json()) == (
        500,
        {"error": "internal server error", "status": 500},
    )


def test_skill_the_500_handler_answers_by_itself(app):
    handler = handler_for(app, 500, InternalServerError)
    assert handler is not None, "Skill missing: register a 500 handler with @app.errorhandler(500)"

    with app.test_request_context("/"):
        page, status = handler(InternalServerError())
    with app.test_request_context("/", headers=JSON):
        body, json_status = handler(InternalServerError())

    assert status == 500 and "<h1>Something went wrong</h1>" in page, (
        "Skill missing: the 500 handler returns (render_template('500.html'), 500)"
    )
    assert (body, json_status) == ({"error": "internal server error", "status": 500}, 500), (
        "Skill missing: the 500 handler returns "
        "({'error': 'internal server error', 'status': 500}, 500) when wants_json()"
    )


@pytest.mark.parametrize("code", [404, 500])
def test_skill_handlers_are_registered_by_status_code_only(app, code):
    registered = {
        exception.__name__ for exception in app.error_handler_spec.get(None, {}).get(code, {})
    }
    expected = {404: "NotFound", 500: "InternalServerError"}[code]
    assert registered == {expected}, (
        f"Skill missing: one handler for {code}, @app.errorhandler({code}); got {registered}"
    )
    assert not app.error_handler_spec.get(None, {}).get(None), (
        "Skill missing: handle 404 and 500 by their codes; @app.errorhandler(Exception) catches "
        "every exception and Flask stops logging them"
    )
