"""The OpenAPI document: valid, and saying exactly what the code declares."""

import copy

import pytest
import schemathesis
from jsonschema_rs import ValidationError

BOOK = "#/components/schemas/Book"
ERROR = "#/components/schemas/Error"


def test_the_spec_is_a_valid_openapi_3_document(spec):
    assert spec["openapi"] == "3.0.3"
    assert spec["info"] == {"title": "Books API", "version": "1.0.0"}
    schemathesis.openapi.from_dict(spec).validate()  # raises if the document breaks OpenAPI 3.0


@pytest.mark.parametrize(
    "breaks",
    [
        lambda spec: spec.pop("info"),
        lambda spec: spec["paths"]["/api/v1/books"]["get"].update(responses={}),
        lambda spec: spec["components"]["schemas"]["Book"].update(type="book"),
    ],
    ids=["no-info", "no-responses", "unknown-type"],
)
def test_the_validator_does_catch_a_broken_spec(spec, breaks):
    broken = copy.deepcopy(spec)
    breaks(broken)

    with pytest.raises(ValidationError):
        schemathesis.openapi.from_dict(broken).validate()


def test_each_route_is_documented_with_its_methods(spec):
    assert {path: sorted(set(ops) - {"parameters"}) for path, ops in spec["paths"].items()} == {
        "/api/v1/books": ["get", "post"],
        "/api/v1/books/{book_id}": ["delete", "get", "put"],
    }


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/books", "get", {"200", "422", "default"}),
        ("/api/v1/books", "post", {"201", "409", "422", "default"}),
        ("/api/v1/books/{book_id}", "get", {"200", "404", "default"}),
        ("/api/v1/books/{book_id}", "put", {"200", "404", "409", "422", "default"}),
        ("/api/v1/books/{book_id}", "delete", {"204", "404", "default"}),
    ],
)
def test_each_operation_documents_its_responses(spec, path, method, statuses):
    assert set(spec["paths"][path][method]["responses"]) == statuses


def test_success_responses_point_at_the_book_schema(spec):
    books, one_book = spec["paths"]["/api/v1/books"], spec["paths"]["/api/v1/books/{book_id}"]

    def schema_of(response: dict) -> dict:
        return response["content"]["application/json"]["schema"]

    assert schema_of(books["get"]["responses"]["200"]) == {"type": "array", "items": {"$ref": BOOK}}
    assert schema_of(books["post"]["responses"]["201"]) == {"$ref": BOOK}
    assert schema_of(one_book["get"]["responses"]["200"]) == {"$ref": BOOK}
    assert schema_of(one_book["put"]["responses"]["200"]) == {"$ref": BOOK}
    assert "content" not in one_book["delete"]["responses"]["204"]  # 204: no body


def test_request_bodies_and_parameters_are_documented(spec):
    books, one_book = spec["paths"]["/api/v1/books"], spec["paths"]["/api/v1/books/{book_id}"]
    body = {"required": True, "content": {"application/json": {"schema": {"$ref": BOOK}}}}

    assert books["post"]["requestBody"] == body
    assert one_book["put"]["requestBody"] == body
    assert books["get"]["parameters"] == [
        {
            "in": "query",
            "name": "author",
            "required": False,
            "schema": {"type": "string", "maxLength": 100},
            "description": "Only the books whose author contains this text (any case).",
        }
    ]
    assert one_book["parameters"] == [
        {
            "in": "path",
            "name": "book_id",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
        },
    ]


def test_the_book_schema_comes_from_the_marshmallow_schema(spec):
    book = spec["components"]["schemas"]["Book"]

    assert book["required"] == ["author", "isbn", "title"]
    assert book["additionalProperties"] is False  # unknown = RAISE
    properties = book["properties"]
    assert properties["id"]["readOnly"] is True  # dump_only=True
    assert properties["isbn"] | {"description": "", "example": ""} == {
        "type": "string",
        "minLength": 13,
        "maxLength": 13,
        "pattern": "^[0-9]{13}$",
        "description": "",
        "example": "",
    }
    assert properties["title"] == {"type": "string", "minLength": 1, "maxLength": 200}
    assert properties["author"] == {"type": "string", "minLength": 1, "maxLength": 100}
    year = properties["year"]
    assert (year["type"], year["nullable"], year["minimum"], year["maximum"]) == (
        "integer",
        True,
        1450,
        2100,
    )


def test_errors_are_documented_with_the_error_schema(spec):
    responses = spec["components"]["responses"]

    for name in ("NOT_FOUND", "CONFLICT", "UNPROCESSABLE_ENTITY", "DEFAULT_ERROR"):
        assert responses[name]["content"]["application/json"]["schema"] == {"$ref": ERROR}
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {
        "code",
        "status",
        "message",
        "errors",
    }


def test_summaries_and_descriptions_come_from_the_docstrings(spec):
    books = spec["paths"]["/api/v1/books"]

    assert books["get"]["summary"] == "List the books"
    assert books["get"]["description"] == "Filter them with `?author=`."
    assert books["post"]["summary"] == "Add a book"
    assert books["post"]["tags"] == ["books"]


def test_swagger_ui_page_loads_the_ui_from_the_cdn_and_points_at_the_spec(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    cdn = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
    assert f'<script src="{cdn}swagger-ui-bundle.js"></script>' in page
    assert f'<link href="{cdn}swagger-ui.css"' in page
    assert 'url: "/api/v1/openapi.json"' in page
