"""The resource: each method does what REST says, with the status code that says it."""

from app import create_app
from models import db

BOOK = {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008}
NEW_BOOK = {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg"}
SAMPLES = [
    (1, "9780132350884", "Clean Code", "Robert C. Martin", 2008),
    (2, "9781491991732", "Flask Web Development", "Miguel Grinberg", 2018),
]


def test_the_factory_creates_no_table_init_db_does(database, rows):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    assert not database.exists()  # create_app() only wires things: it does not touch the database

    result = app.test_cli_runner().invoke(args=["init-db"])

    assert result.exit_code == 0, result.output
    assert result.output == "Initialized the database with 2 books.\n"
    assert rows() == SAMPLES
    with app.app_context():
        db.engine.dispose()


def test_init_db_starts_again_from_the_samples(runner, add_book, rows):
    add_book(isbn="9781449372620")

    assert runner.invoke(args=["init-db"]).exit_code == 0

    assert rows() == SAMPLES


def test_the_list_starts_empty(client):
    response = client.get("/api/v1/books")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {"books": []}


def test_post_creates_a_book_201_with_its_location(client, rows):
    response = client.post("/api/v1/books", json=BOOK)

    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/books/1"
    assert response.get_json() == {"id": 1, **BOOK}
    assert rows() == [(1, "9780132350884", "Clean Code", "Robert C. Martin", 2008)]


def test_the_location_header_leads_to_the_new_book(client):
    created = client.post("/api/v1/books", json=NEW_BOOK)

    response = client.get(created.headers["Location"])

    assert response.status_code == 200
    assert response.get_json() == created.get_json() == {"id": 1, "year": None, **NEW_BOOK}


def test_posted_text_is_stripped(client):
    response = client.post("/api/v1/books", json=BOOK | {"title": "  Clean Code "})

    assert response.get_json()["title"] == "Clean Code"


def test_the_list_holds_every_book_in_id_order(client, add_book):
    first, second = add_book(), add_book(**NEW_BOOK, year=2018)

    response = client.get("/api/v1/books")

    assert response.status_code == 200
    assert response.get_json() == {"books": [first, second]}


def test_get_one_book(client, add_book):
    book = add_book()

    response = client.get(f"/api/v1/books/{book['id']}")

    assert response.status_code == 200
    assert response.get_json() == book


def test_get_a_missing_book_is_404(client, error_of):
    error = error_of(client.get("/api/v1/books/42"), 404)

    assert error["code"] == "not_found"
    assert error["message"] == "book 42 does not exist"


def test_put_replaces_the_whole_book(client, add_book, rows):
    book = add_book()

    response = client.put(f"/api/v1/books/{book['id']}", json=NEW_BOOK)

    assert response.status_code == 200
    # `year` was left out: a full replacement clears it.
    assert response.get_json() == {"id": book["id"], "year": None, **NEW_BOOK}
    assert rows() == [(1, "9781491991732", "Flask Web Development", "Miguel Grinberg", None)]


def test_put_is_idempotent(client, add_book, rows):
    book = add_book()
    url = f"/api/v1/books/{book['id']}"

    first = client.put(url, json=NEW_BOOK)
    after_first = rows()
    second = client.put(url, json=NEW_BOOK)

    assert first.status_code == second.status_code == 200
    assert first.get_json() == second.get_json()
    assert rows() == after_first


def test_put_may_keep_the_book_s_own_isbn(client, add_book):
    book = add_book()

    response = client.put(f"/api/v1/books/{book['id']}", json=BOOK | {"title": "Clean Code 2"})

    assert response.status_code == 200
    assert response.get_json()["title"] == "Clean Code 2"


def test_put_on_a_missing_book_is_404_and_creates_nothing(client, rows, error_of):
    error_of(client.put("/api/v1/books/7", json=BOOK), 404)

    assert rows() == []


def test_patch_changes_only_the_fields_sent(client, add_book, rows):
    book = add_book()

    response = client.patch(f"/api/v1/books/{book['id']}", json={"title": "Clean Code, 2nd ed."})

    assert response.status_code == 200
    assert response.get_json() == book | {"title": "Clean Code, 2nd ed."}
    assert rows() == [(1, "9780132350884", "Clean Code, 2nd ed.", "Robert C. Martin", 2008)]


def test_patch_with_null_clears_the_year(client, add_book):
    book = add_book()

    response = client.patch(f"/api/v1/books/{book['id']}", json={"year": None})

    assert response.get_json() == book | {"year": None}


def test_delete_is_204_with_an_empty_body(client, add_book, rows):
    book = add_book()

    response = client.delete(f"/api/v1/books/{book['id']}")

    assert response.status_code == 204
    assert response.data == b""
    assert rows() == []


def test_a_deleted_book_is_gone(client, add_book, error_of):
    book = add_book()
    client.delete(f"/api/v1/books/{book['id']}")

    error_of(client.get(f"/api/v1/books/{book['id']}"), 404)
    assert client.get("/api/v1/books").get_json() == {"books": []}


def test_a_second_delete_is_404_and_changes_nothing(client, add_book, rows, error_of):
    book, other = add_book(), add_book(**NEW_BOOK)
    assert client.delete(f"/api/v1/books/{book['id']}").status_code == 204
    after_first = rows()

    error = error_of(client.delete(f"/api/v1/books/{book['id']}"), 404)

    assert error["message"] == f"book {book['id']} does not exist"
    assert rows() == after_first == [(other["id"], *NEW_BOOK.values(), 2008)]


def test_the_api_lives_under_api_v1_only(client, add_book):
    add_book()

    response = client.get("/books")

    assert response.status_code == 404
    assert response.mimetype == "text/html"  # outside /api/, Flask's own HTML error page
