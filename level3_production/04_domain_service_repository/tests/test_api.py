"""The HTTP API, run twice: on the in-memory repository and on PostgreSQL. Same views, same
answers: the views only call the service and turn domain errors into status codes."""

import json

import pytest
from library import create_app
from sqlalchemy import inspect, text


def test_add_list_and_get_books(api, client):
    response = api.add("Dune")
    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "title": "Dune", "borrower": None}
    api.add("Emma")
    assert [book["title"] for book in api.books()] == ["Dune", "Emma"]
    assert client.get("/api/books/2").get_json() == {"id": 2, "title": "Emma", "borrower": None}


def test_borrow_and_return(api):
    api.add("Dune")
    response = api.borrow("alice", 1)
    assert response.status_code == 200
    assert response.get_json() == {"id": 1, "title": "Dune", "borrower": "alice"}
    response = api.give_back("alice", 1)
    assert (response.status_code, response.get_json()["borrower"]) == (200, None)


def test_a_borrowed_book_is_a_409_for_anyone_else(api, error_of):
    api.add("Dune")
    assert api.borrow("alice", 1).status_code == 200
    assert error_of(api.borrow("bob", 1), 409) == "already_borrowed"
    assert error_of(api.borrow("alice", 1), 409) == "already_borrowed"
    assert api.books()[0]["borrower"] == "alice"


def test_a_fourth_book_is_a_409(api, error_of):
    for n in range(4):
        api.add(f"Book {n}")
    for book_id in (1, 2, 3):
        assert api.borrow("alice", book_id).status_code == 200
    assert error_of(api.borrow("alice", 4), 409) == "loan_limit_reached"
    assert [book["borrower"] for book in api.books()] == ["alice", "alice", "alice", None]


def test_returning_a_book_someone_else_holds_is_a_409(api, error_of):
    api.add("Dune")
    api.borrow("alice", 1)
    assert error_of(api.give_back("bob", 1), 409) == "not_the_borrower"
    assert api.books()[0]["borrower"] == "alice"


@pytest.mark.parametrize(
    "path", ["/api/books/9", "/api/books/0", f"/api/books/{2**63}", f"/api/books/{2**64}"]
)
def test_an_unknown_book_is_a_404(api, client, error_of, path):
    api.add("Dune")
    assert error_of(client.get(path), 404) == "book_not_found"
    assert error_of(client.post(f"{path}/borrow", json={"member": "alice"}), 404) == (
        "book_not_found"
    )


@pytest.mark.parametrize(
    "path", ["/api/books/x", "/api/books/-1", "/api/books/١", "/api/books/1.0"]
)
def test_a_malformed_id_matches_no_route(api, client, error_of, path):
    api.add("Dune")
    assert error_of(client.get(path), 404) == "not_found"


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ('{"member": "alice"}', "text/plain", 415),
        ("member=alice", "application/x-www-form-urlencoded", 415),
        ('{"member": ', "application/json", 400),
        ("", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ("[" * 1500 + "]" * 1500, "application/json", 400),  # deep, under MAX_CONTENT_LENGTH
        ("[" * 100_000 + "]" * 100_000, "application/json", 413),
        ('{"member": "' + "x" * 5000 + '"}', "application/json", 413),
        ('["member"]', "application/json", 400),
        ("null", "application/json", 400),
        ('"alice"', "application/json", 400),
        ("{}", "application/json", 400),
        ('{"member": 5}', "application/json", 400),
        ('{"member": true}', "application/json", 400),
        ('{"member": null}', "application/json", 400),
        ('{"member": ["alice"]}', "application/json", 400),
        ('{"member": 1e400}', "application/json", 400),
        ('{"member": ' + "9" * 3000 + "}", "application/json", 400),
        ('{"member": ""}', "application/json", 400),
        ('{"member": "a\\u0000b"}', "application/json", 400),
        ('{"member": "\\ud800"}', "application/json", 400),
        (json.dumps({"member": "m" * 41}), "application/json", 400),
    ],
    ids=lambda value: str(value)[:24],
)
def test_a_bad_borrow_body_is_refused_and_nothing_changes(
    api, client, error_of, body, content_type, status
):
    api.add("Dune")
    response = client.post("/api/books/1/borrow", data=body, content_type=content_type)
    error_of(response, status)
    assert api.books() == [{"id": 1, "title": "Dune", "borrower": None}]


@pytest.mark.parametrize(
    "body",
    [{"title": 5}, {"title": None}, {"title": ""}, {"title": "t" * 201}, {"title": "a\x00"}, {}],
    ids=str,
)
def test_a_bad_book_is_a_400_and_nothing_is_added(api, client, error_of, body):
    error_of(client.post("/api/books", json=body), 400)
    assert api.books() == []


@pytest.mark.parametrize("title", ["O'Brien", "🦊", "'); DROP TABLE book; --"])
def test_a_title_comes_back_as_sent(api, title):
    assert api.add(title).get_json()["title"] == title
    assert api.books()[0]["title"] == title


def test_other_errors_have_the_same_shape(client, error_of):
    assert error_of(client.delete("/api/books"), 405) == "method_not_allowed"
    assert error_of(client.get("/nothing"), 404) == "not_found"


def test_init_db_makes_the_tables_afresh(runner, engine):
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO book (title) VALUES ('left over')"))
    result = runner.invoke(args=["init-db"])
    assert (result.exit_code, result.output) == (0, "Initialised the database.\n")
    tables = inspect(engine).get_table_names()
    assert sorted(tables) == ["book", "loan", "member"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM book")).scalar_one() == 0


def test_an_unknown_storage_is_an_error():
    with pytest.raises(ValueError, match="STORAGE must be"):
        create_app({"STORAGE": "mongo"})
