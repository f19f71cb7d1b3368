"""Skill checks: Flask's own table of error handlers (`app.error_handler_spec`) says which are
registered, and where; the negotiation is read as Python (`ast`) where only the source can tell
`request.accept_mimetypes` from a substring test on the header. A failing check starts with
"Skill missing: ".
"""

import ast
import inspect
import logging
import textwrap

import pytest
from problems import VALIDATION_ERROR, ValidationError, answer
from werkzeug.exceptions import Forbidden, HTTPException, ImATeapot, ServiceUnavailable

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def app_handlers(app) -> dict:
    """exception class -> handler, for the handlers registered on the app for any status code."""
    return app.error_handler_spec.get(None, {}).get(None, {})


# --- problems.py: the handlers, on the app ------------------------------------------------------


@pytest.mark.parametrize(
    ("exception", "decorator"),
    [
        (HTTPException, "@app.errorhandler(HTTPException)"),
        (ValidationError, "@app.errorhandler(ValidationError)"),
        (Exception, "@app.errorhandler(Exception)"),
    ],
    ids=["HTTPException", "ValidationError", "Exception"],
)
def test_skill_each_kind_of_error_has_an_app_error_handler(app, exception, decorator):
    assert exception in app_handlers(app), (
        f"Skill missing: register {decorator} on the app in register_error_handlers "
        "(an after_request that rewrites error responses does not count)"
    )


def test_skill_the_handlers_are_the_app_s_not_a_blueprint_s(app):
    assert not app.error_handler_spec.get("api_v1"), (
        "Skill missing: register the handlers with @app.errorhandler, not on the blueprint: a "
        "404 or 405 is decided before Flask knows the blueprint, and its handlers never see them"
    )


@pytest.mark.parametrize(
    ("exc", "status", "title", "header"),
    [
        (ImATeapot(), 418, "I'm a teapot", None),
        (Forbidden("not yours"), 403, "Forbidden", None),
        (ServiceUnavailable(retry_after=30), 503, "Service Unavailable", ("Retry-After", "30")),
    ],
    ids=["418", "403", "503-retry-after"],
)
def test_skill_any_http_exception_becomes_a_problem_with_its_headers(
    app, problem_of, exc, status, title, header
):
    def raise_it():
        raise exc

    app.add_url_rule("/api/v1/_raise", "raise_here", raise_it)

    response = app.test_client().get("/api/v1/_raise")

    assert response.mimetype == "application/problem+json", (
        "Skill missing: answer every HTTPException (abort(), raise Forbidden()) with "
        "answer(exc.code, exc.name, exc.description, ...) in @app.errorhandler(HTTPException)"
    )
    problem = problem_of(response, status, path="/api/v1/_raise")
    assert (problem["type"], problem["title"]) == ("about:blank", title)
    if header:
        assert response.headers.get(header[0]) == header[1], (
            "Skill missing: keep the exception's own headers (exc.get_headers(), without its "
            f"Content-Type): {header[0]} is gone"
        )


def test_skill_a_validation_error_is_a_422_of_its_own_type_with_its_errors(app, problem_of):
    def refuse():
        raise ValidationError("the thing is wrong", {"size": "too big", "": "not an object"})

    app.add_url_rule("/api/v1/_refuse", "refuse", refuse)

    response = app.test_client().get("/api/v1/_refuse")

    assert response.status_code == 422, (
        "Skill missing: answer ValidationError with a 422 in @app.errorhandler(ValidationError)"
    )
    problem = problem_of(response, 422)
    assert (problem["type"], problem["detail"]) == (VALIDATION_ERROR, "the thing is wrong"), (
        "Skill missing: answer(422, ..., exc.detail, problem_type=VALIDATION_ERROR, ...)"
    )
    assert problem["errors"] == [
        {"pointer": "", "detail": "not an object"},
        {"pointer": "/size", "detail": "too big"},
    ], "Skill missing: pass errors=exc.errors, one entry per bad field"


def test_skill_an_unhandled_exception_is_logged_with_exc_info_and_the_request_id(
    client, crashing, caplog, problem_of
):
    response = client.get("/api/v1/_crash", headers={"X-Request-ID": "skill-check-0001"})

    problem = problem_of(response, 500)
    records = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert records and records[0].exc_info and records[0].exc_info[0] is LookupError, (
        "Skill missing: log the exception with its traceback in @app.errorhandler(Exception): "
        "current_app.logger.error(..., exc_info=exc)"
    )
    assert "skill-check-0001" in records[0].getMessage(), (
        "Skill missing: put the request id (request_id()) in the log message of a 500"
    )
    assert crashing not in problem["detail"]


# --- problems.py: the format, from the Accept header ---------------------------------------------


def attributes(function) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


def test_skill_the_format_is_chosen_with_request_accept_mimetypes():
    used = attributes(answer)
    assert {"accept_mimetypes", "best_match"} <= used, (
        "Skill missing: choose the format with request.accept_mimetypes.best_match([...]) in "
        "answer(); a substring test on the Accept header ignores its q-values"
    )


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        (BROWSER, "text/html"),
        ("*/*", "application/problem+json"),
        ("application/json", "application/problem+json"),
        ("application/json, text/html;q=0.1", "application/problem+json"),
        ("text/html;q=0, */*", "application/problem+json"),
    ],
)
def test_skill_the_accept_header_s_preference_wins(client, accept, mimetype):
    response = client.get("/api/v1/books/99", headers={"Accept": accept})

    assert (response.status_code, response.mimetype) == (404, mimetype), (
        "Skill missing: an HTML page when Accept prefers text/html "
        "(request.accept_mimetypes.best_match), problem+json otherwise; got "
        f"{response.mimetype} for Accept: {accept}"
    )
    assert "Accept" in response.vary, (
        "Skill missing: response.vary.add('Accept'): the answer depends on the Accept header"
    )
