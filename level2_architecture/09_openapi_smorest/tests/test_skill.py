"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

flask-smorest says what it was given: `app.extensions["flask-smorest"]` names the Api each
blueprint was registered with, the docs endpoints are its own, and each decorated method keeps
what its decorators declared in `_apidoc`. A failing check starts with "Skill missing: ".
"""

import pytest
from api import IdConverter
from books import BookById, Books
from schemas import BookQuerySchema, BookSchema

BOOK = {"isbn": "9781449372620", "title": "Designing Data-Intensive Applications",
        "author": "Martin Kleppmann", "year": 2017}  # fmt: skip


def the_api(app):
    return app.extensions["flask-smorest"]["apis"][""]["ext_obj"]


def declared(method) -> dict:
    """What flask-smorest's decorators recorded on a view method: {} when none was used."""
    return getattr(method, "_apidoc", {})


def schema_in(entry: dict):
    """The schema class of @blp.arguments, or the schema of a @blp.response."""
    schema = entry["schema"]
    return schema if isinstance(schema, type) else type(schema)


# --- app.py: the spec's settings, served by flask-smorest itself ---------------------------------


def test_skill_the_spec_is_configured_and_served_by_flask_smorest(app, spec):
    assert (app.config.get("API_TITLE"), app.config.get("API_VERSION")) == ("Books API", "1.0.0"), (
        "Skill missing: set API_TITLE='Books API' and API_VERSION='1.0.0' in app.config"
    )
    assert app.config.get("OPENAPI_VERSION") == "3.0.3", (
        "Skill missing: set OPENAPI_VERSION='3.0.3' in app.config"
    )
    endpoints = {r.rule: r.endpoint for r in app.url_map.iter_rules()}
    assert endpoints.get("/api/v1/openapi.json") == "api-docs.openapi_json", (
        "Skill missing: let flask-smorest serve the spec: OPENAPI_URL_PREFIX='/api/v1' and "
        "OPENAPI_JSON_PATH='openapi.json' (a route of your own does not count)"
    )
    assert endpoints.get("/api/v1/docs") == "api-docs.openapi_swagger_ui", (
        "Skill missing: let flask-smorest serve Swagger UI: OPENAPI_SWAGGER_UI_PATH='/docs' and "
        "OPENAPI_SWAGGER_UI_URL (the CDN of swagger-ui-dist)"
    )
    assert spec == the_api(app).spec.to_dict(), (
        "Skill missing: serve the spec flask-smorest builds from the code, not a hand-written one"
    )


# --- app.py: the blueprint registered with the Api -----------------------------------------------


def test_skill_the_blueprint_is_registered_with_the_api(app):
    assert app.extensions["flask-smorest"]["blp_name_to_api"].get("books") is the_api(app), (
        "Skill missing: register the blueprint with api.register_blueprint(blp); "
        "app.register_blueprint(blp) serves the routes but leaves them out of the spec"
    )
    assert set(the_api(app).spec.to_dict()["paths"]) == {
        "/api/v1/books",
        "/api/v1/books/{book_id}",
    }


# --- books.py: /api/v1/books ---------------------------------------------------------------------


def test_skill_the_books_collection_is_a_method_view_on_the_blueprint(app):
    rules = [r for r in app.url_map.iter_rules() if r.rule == "/api/v1/books"]
    assert [(r.endpoint, sorted(r.methods - {"HEAD", "OPTIONS"})) for r in rules] == [
        ("books.Books", ["GET", "POST"])
    ], "Skill missing: route a MethodView with get and post on @blp.route('') (/api/v1/books)"
    assert app.view_functions["books.Books"].view_class is Books


def test_skill_the_list_parses_author_from_the_query_with_blp_arguments(app):
    arguments = declared(Books.get).get("arguments", {}).get("parameters", [])
    assert [(a["in"], schema_in(a)) for a in arguments] == [("query", BookQuerySchema)], (
        "Skill missing: read ?author= with @blp.arguments(BookQuerySchema, location='query'): "
        "the view gets it validated, and the spec documents the parameter"
    )
    responses = declared(Books.get).get("response", {}).get("responses", {})
    assert 200 in responses and responses[200][0]["schema"].many is True, (
        "Skill missing: answer the list with @blp.response(200, BookSchema(many=True))"
    )


def test_skill_post_validates_with_blp_arguments_and_documents_201_and_409(app):
    arguments = declared(Books.post).get("arguments", {}).get("parameters", [])
    assert [(a["in"], schema_in(a)) for a in arguments] == [("json", BookSchema)], (
        "Skill missing: validate the body with @blp.arguments(BookSchema), not by hand: it also "
        "documents the requestBody"
    )
    responses = declared(Books.post).get("response", {}).get("responses", {})
    assert sorted(responses) == [201, 409], (
        "Skill missing: @blp.response(201, BookSchema) and @blp.alt_response(409, "
        f"response='CONFLICT') on post; declared: {sorted(responses)}"
    )
    assert schema_in(responses[201][0]) is BookSchema and responses[409] == ["CONFLICT"]


# --- books.py: /api/v1/books/<id:book_id> --------------------------------------------------------


def test_skill_one_book_is_a_method_view_with_an_ascii_id_converter(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == "books.BookById"]
    assert [sorted(r.methods - {"HEAD", "OPTIONS"}) for r in rules] == [["DELETE", "GET", "PUT"]], (
        "Skill missing: route a MethodView with get, put and delete on @blp.route('/<id:book_id>')"
    )
    assert isinstance(rules[0]._converters.get("book_id"), IdConverter), (
        "Skill missing: take the id with the <id:book_id> converter (ASCII digits), not <int:>"
    )
    assert rules[0].rule == "/api/v1/books/<id:book_id>"
    assert app.view_functions["books.BookById"].view_class is BookById


@pytest.mark.parametrize(
    ("method", "statuses"),
    [("get", [200, 404]), ("put", [200, 404, 409]), ("delete", [204, 404])],
)
def test_skill_each_method_on_one_book_documents_its_answers(method, statuses):
    view = getattr(BookById, method)
    responses = declared(view).get("response", {}).get("responses", {})
    assert sorted(responses) == statuses, (
        f"Skill missing: document {method}'s answers with @blp.response({statuses[0]}, ...) and "
        f"@blp.alt_response(404, response='NOT_FOUND'){' and 409' if 409 in statuses else ''}; "
        f"declared: {sorted(responses)}"
    )
    assert responses[404] == ["NOT_FOUND"]
    success = responses[statuses[0]][0]
    assert success.get("schema") is None if method == "delete" else schema_in(success) is BookSchema


def test_skill_put_validates_the_body_with_blp_arguments():
    arguments = declared(BookById.put).get("arguments", {}).get("parameters", [])
    assert [(a["in"], schema_in(a)) for a in arguments] == [("json", BookSchema)], (
        "Skill missing: validate the new book with @blp.arguments(BookSchema) on put"
    )


# --- Behaviour that a shortcut breaks: quotes, exact boundaries, exact answers -------------------


def test_quotes_and_non_ascii_text_are_stored_and_found_as_sent(client):
    book = BOOK | {"title": 'L\'Étranger, "roman"', "author": "O'Brien 緑"}
    created = client.post("/api/v1/books", json=book)

    assert created.status_code == 201
    assert created.get_json() == {"id": 3, **book}
    assert client.get("/api/v1/books/3").get_json() == {"id": 3, **book}
    assert [b["id"] for b in client.get("/api/v1/books?author=o'brien").get_json()] == [3]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"title": "x" * 200}, 201),
        ({"title": "x" * 201}, 422),
        ({"author": "y" * 100}, 201),
        ({"author": "y" * 101}, 422),
        ({"year": 1450}, 201),
        ({"year": 1449}, 422),
        ({"year": 2100}, 201),
        ({"year": 2101}, 422),
    ],
    ids=["title-200", "title-201", "author-100", "author-101", "1450", "1449", "2100", "2101"],
)
def test_exact_boundaries(client, change, status):
    assert client.post("/api/v1/books", json=BOOK | change).status_code == status


@pytest.mark.parametrize(("query", "status"), [("y" * 100, 200), ("y" * 101, 422)])
def test_the_author_filter_is_at_most_100_characters(client, query, status):
    assert client.get(f"/api/v1/books?author={query}").status_code == status


def test_new_ids_follow_the_highest_and_a_put_keeps_the_id(client):
    client.delete("/api/v1/books/1")
    assert client.post("/api/v1/books", json=BOOK).get_json()["id"] == 3
    put = client.put("/api/v1/books/2", json=BOOK | {"isbn": "9780000000002"})
    assert put.get_json() == {"id": 2, **BOOK, "isbn": "9780000000002"}
    assert [b["id"] for b in client.get("/api/v1/books").get_json()] == [2, 3]


def test_a_put_may_keep_its_own_isbn_but_not_take_another(client):
    own = client.put("/api/v1/books/1", json=BOOK | {"isbn": "9780132350884"})
    taken = client.put("/api/v1/books/1", json=BOOK | {"isbn": "9781491991732"})

    assert own.status_code == 200
    assert taken.status_code == 409
    assert taken.get_json()["message"] == "a book with ISBN 9781491991732 already exists"
    assert client.get("/api/v1/books/1").get_json()["isbn"] == "9780132350884"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_a_write_to_a_missing_book_is_a_404_and_changes_nothing(client, method):
    response = getattr(client, method)("/api/v1/books/99", json=BOOK)

    assert response.status_code == 404
    assert response.get_json()["message"] == "book 99 does not exist"
    assert len(client.get("/api/v1/books").get_json()) == 2


def test_the_first_book_of_an_empty_library_is_book_1(client):
    assert [client.delete(f"/api/v1/books/{n}").status_code for n in (1, 2)] == [204, 204]
    assert client.get("/api/v1/books").get_json() == []
    assert client.post("/api/v1/books", json=BOOK).get_json() == {"id": 1, **BOOK}
