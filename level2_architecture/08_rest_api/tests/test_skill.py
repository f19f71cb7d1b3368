"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

Flask says where the blueprint is mounted (`app.url_map`, `app.blueprints`) and which error
handlers it holds (`app.error_handler_spec`); the views are spied on or read as Python (`ast`)
where only the source can tell (`request.get_json()` against parsing the body by hand, `url_for`
against a hand-built Location). A failing check starts with "Skill missing: ".
"""

import ast
import inspect
import textwrap

import api_v1 as api_module
import pytest
from api_v1 import IdConverter, api_v1, check_book, create_book, json_object
from errors import ApiError
from flask import abort
from werkzeug.exceptions import HTTPException

BOOK = {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008}


def attributes_and_calls(function):
    """The names of the attributes read and the functions called in `function`'s source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names.add(node.func.id)
    return names


# --- app.py: the v1 blueprint mounted under /api/v1 -------------------------------------------


def test_skill_the_v1_blueprint_is_mounted_under_api_v1(app):
    assert app.blueprints.get("api_v1") is api_v1, (
        "Skill missing: register the blueprint with app.register_blueprint(api_v1, ...)"
    )
    rules = {
        (rule.rule, method): rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api_v1.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert rules == {
        ("/api/v1/books", "GET"): "api_v1.list_books",
        ("/api/v1/books", "POST"): "api_v1.create_book",
        ("/api/v1/books/<id:book_id>", "GET"): "api_v1.get_book",
        ("/api/v1/books/<id:book_id>", "PUT"): "api_v1.replace_book",
        ("/api/v1/books/<id:book_id>", "PATCH"): "api_v1.update_book",
        ("/api/v1/books/<id:book_id>", "DELETE"): "api_v1.delete_book",
    }, (
        "Skill missing: mount the blueprint with app.register_blueprint(api_v1, "
        f"url_prefix='/api/v1'), its routes staying /books...; got {sorted(rules)}"
    )
    [one] = [r for r in app.url_map.iter_rules() if r.endpoint == "api_v1.get_book"]
    assert isinstance(one._converters["book_id"], IdConverter)


# --- errors.py: one JSON shape, from error handlers --------------------------------------------


def test_skill_the_error_shape_comes_from_app_error_handlers(app):
    handlers = app.error_handler_spec.get(None, {}).get(None, {})
    assert ApiError in handlers, "Skill missing: answer ApiError with @app.errorhandler(ApiError)"
    assert HTTPException in handlers, (
        "Skill missing: answer Flask's errors under /api/ with @app.errorhandler(HTTPException) "
        "on the app (a 404 or 405 is decided before any blueprint); an after_request does not count"
    )


@pytest.mark.parametrize(("code", "name"), [(404, "not_found"), (403, "forbidden")])
def test_skill_abort_in_a_view_reaches_the_json_handler(app, code, name):
    app.add_url_rule("/api/v1/_abort", "abort_here", lambda: abort(code))
    app.add_url_rule("/_abort", "abort_outside", lambda: abort(code))

    response = app.test_client().get("/api/v1/_abort")

    assert response.status_code == code
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body is not None and body["error"]["status"] == code, (
        "Skill missing: abort() in a view under /api/ must reach @app.errorhandler(HTTPException) "
        "and answer the JSON error shape"
    )
    assert body["error"]["code"] == name
    assert body["error"]["details"] == {}
    outside = app.test_client().get("/_abort")
    assert outside.status_code == code
    assert outside.mimetype == "text/html"  # the rest of the site keeps Flask's pages


# --- api_v1.py: the JSON body, with request.get_json() ----------------------------------------


def test_skill_the_body_is_read_with_request_get_json():
    used = attributes_and_calls(json_object)
    assert used & {"get_json", "json"}, (
        "Skill missing: read the body in json_object() with request.get_json() (it raises "
        "UnsupportedMediaType for a wrong Content-Type and BadRequest for bad JSON)"
    )
    assert not used & {"loads", "get_data", "data"}, (
        "Skill missing: let request.get_json() parse the body; json.loads(request.get_data()) "
        "does not count"
    )


# --- api_v1.py: check_book refuses with 422 and every bad field --------------------------------


def test_skill_check_book_raises_a_422_api_error_naming_each_field():
    with pytest.raises(ApiError) as refused:
        check_book({"isbn": "123", "title": "", "colour": "red"}, partial=False)
    error = refused.value
    assert (error.status, error.code) == (422, "validation_failed"), (
        "Skill missing: refuse a bad body with raise ApiError(422, 'validation_failed', ...)"
    )
    assert error.message == "the book has invalid fields"
    assert error.details == {
        "colour": "unknown field",
        "author": "is required",
        "isbn": "must be a string of 13 digits",
        "title": "must be a string of 1 to 200 characters",
    }, "Skill missing: pass every field's message as the ApiError's details, not only the first"
    assert check_book(dict(BOOK), partial=False) == BOOK  # a good body passes, unchanged


# --- api_v1.py: 201 with a Location from url_for -----------------------------------------------


def test_skill_the_location_comes_from_url_for(client):
    assert "url_for" in attributes_and_calls(create_book), (
        "Skill missing: build the Location with url_for('.get_book', book_id=book.id); a "
        "hand-written f'/api/v1/books/{book.id}' breaks when the prefix changes"
    )
    response = client.post("/api/v1/books", json=BOOK)
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/books/1"


# --- api_v1.py: PUT checks a whole book, PATCH a part ----------------------------------------


def test_skill_put_checks_a_whole_book_and_patch_a_part(client, monkeypatch):
    client.post("/api/v1/books", json=BOOK)
    calls = []
    original = api_module.check_book

    def spy(data, *, partial):
        calls.append(partial)
        return original(data, partial=partial)

    monkeypatch.setattr(api_module, "check_book", spy)
    put = client.put("/api/v1/books/1", json={k: BOOK[k] for k in ("isbn", "title", "author")})
    assert put.status_code == 200
    assert put.get_json()["year"] is None, (
        "Skill missing: PUT replaces the whole book: a field left out (year) goes back to None"
    )
    assert client.patch("/api/v1/books/1", json={"year": 1999}).status_code == 200
    assert calls == [False, True], (
        "Skill missing: PUT checks the body with check_book(..., partial=False), PATCH with "
        f"partial=True; got partial={calls}"
    )


# --- api_v1.py: 204 No Content ----------------------------------------------------------------


def test_skill_delete_answers_204_with_no_body_and_no_content_type(client):
    client.post("/api/v1/books", json=BOOK)
    response = client.delete("/api/v1/books/1")
    assert (response.status_code, response.data) == (204, b""), (
        "Skill missing: answer a delete with 204 No Content and an empty body"
    )
    assert "Content-Type" not in response.headers, (
        "Skill missing: a 204 has no body, so no Content-Type: del response.headers['Content-Type']"
    )
