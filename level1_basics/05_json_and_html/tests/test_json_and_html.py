import pytest
from app import BOOKS

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


def test_unknown_book_as_json_is_a_json_404(client):
    response = client.get("/api/books/99")
    assert response.status_code == 404
    assert response.content_type == JSON
    assert response.get_json() == {"error": "No book with id 99."}


def test_unknown_book_as_html_is_an_html_404(client):
    response = client.get("/books/99")
    assert response.status_code == 404
    assert response.content_type == HTML
    html = response.get_data(as_text=True)
    assert "<h1>Not found</h1>" in html
    assert "No book with id 99." in html


def test_unknown_api_url_is_a_json_404_too(client):
    # Not a number, so no route matches: Flask's own 404 goes through the same handler.
    response = client.get("/api/books/dune")
    assert response.status_code == 404
    assert response.content_type == JSON
    assert "not found" in response.get_json()["error"]


def test_unknown_page_is_an_html_404(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.content_type == HTML
    assert "<h1>Not found</h1>" in response.get_data(as_text=True)
