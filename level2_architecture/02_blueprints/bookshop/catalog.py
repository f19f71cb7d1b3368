"""The data every blueprint shares: a small, read-only list of books."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Book:
    id: int
    title: str
    author: str
    stock: int


BOOKS = [
    Book(1, "Flask Web Development", "Miguel Grinberg", 3),
    Book(2, "Fluent Python", "Luciano Ramalho", 0),
    Book(3, "Architecture Patterns with Python", "Percival & Gregory", 7),
]


def find(book_id):
    """The book with this id, or None."""
    return next((book for book in BOOKS if book.id == book_id), None)
