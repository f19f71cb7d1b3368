import app as app_module
import pytest
from app import BOOKS
from werkzeug.exceptions import NotFound

JSON = "application/json"
HTML = "text/html; charset=utf-8"


def test_list_as_json_is_exactly_the_data(client):
    response = client.get("/api/books")
    assert response.status_code == 200
    assert response.content_type == JSON
    assert response.get_json() == BOOKS


def test_list_as_html_shows_every_book(client):
    response = client.get("/books")
    assert response.status_code == 200
    assert response.content_type == HTML
    html = response.get_data(as_text=True)
    assert not response.is_json
    assert html.startswith("<!doctype html>")
    for book in BOOKS:
        assert f'<a href="/books/{book["id"]}">{book["title"]}</a>' in html
        assert f"by {book['author']} ({book['year']})" in html
    assert html.count("<li>") == len(BOOKS)


@pytest.mark.parametrize("book", BOOKS, ids=lambda book: str(book["id"]))
def test_a_dict_returned_by_a_view_becomes_json(client, book):
    response = client.get(f"/api/books/{book['id']}")
    assert response.status_code == 200
    assert response.content_type == JSON
    assert response.get_json() == book


@pytest.mark.parametrize("book", BOOKS, ids=lambda book: str(book["id"]))
def test_one_book_as_html(client, book):
    response = client.get(f"/books/{book['id']}")
    assert response.status_code == 200
    assert response.content_type == HTML
    html = response.get_data(as_text=True)
    assert f"<h1>{book['title']}</h1>" in html
    assert f"by {book['author']}, {book['year']}" in html


# An unknown id reaches the view, which aborts with its own message; a URL that matches no route
# (not a number) gets Flask's own 404. Both go through the same handler.
@pytest.mark.parametrize(
    ("url", "message"),
    [("/api/books/99", "No book with id 99."), ("/api/books/dune", NotFound.description)],
    ids=["unknown-id", "no-route"],
)
def test_a_404_under_api_is_json(client, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert response.content_type == JSON
    assert response.get_json() == {"error": message}


@pytest.mark.parametrize(
    ("url", "message"),
    [("/books/99", "No book with id 99."), ("/nowhere", NotFound.description)],
    ids=["unknown-id", "no-route"],
)
def test_a_404_elsewhere_is_an_html_page(client, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert response.content_type == HTML
    html = response.get_data(as_text=True)
    assert "<h1>Not found</h1>" in html
    assert f"<p>{message}</p>" in html


# <int:> would take them (int("٣") == 3): a second URL for each book. <id:> takes ASCII digits only.
@pytest.mark.parametrize(
    "book_id", ["٣", "１", "𝟏"], ids=["arabic-indic-3", "fullwidth-1", "math-1"]
)
@pytest.mark.parametrize("url", ["/api/books/{}", "/books/{}"], ids=["json", "html"])
def test_non_ascii_digits_match_no_route(client, url, book_id):
    assert client.get(url.format(book_id)).status_code == 404


QUOTED = {"id": 7, "title": 'Ender\'s "Game"', "author": "Orson Scott Card", "year": 1985}


@pytest.fixture
def quoted_book(monkeypatch):
    """BOOKS holds one book whose title has an apostrophe and double quotes."""
    monkeypatch.setattr(app_module, "BOOKS", [QUOTED])
    return QUOTED


def test_quotes_come_back_exactly_in_json(client, quoted_book):
    assert client.get("/api/books").get_json() == [quoted_book]
    assert client.get("/api/books/7").get_json() == quoted_book


def test_quotes_are_escaped_in_html(client, quoted_book):
    html = client.get("/books").get_data(as_text=True)
    assert '<a href="/books/7">Ender&#39;s &#34;Game&#34;</a> by Orson Scott Card (1985)' in html
    assert html.count("<li>") == 1
    page = client.get("/books/7").get_data(as_text=True)
    assert "<h1>Ender&#39;s &#34;Game&#34;</h1>" in page


@pytest.mark.parametrize("book_id", ["0", "4", "9" * 30], ids=["zero", "past-the-last", "huge"])
def test_an_id_with_no_book_is_a_json_404_naming_it(client, book_id):
    response = client.get(f"/api/books/{book_id}")
    assert response.status_code == 404
    assert response.get_json() == {"error": f"No book with id {int(book_id)}."}
