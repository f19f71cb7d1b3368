"""A repository in a dict: the service's tests run on it in microseconds, with no database.

It keeps the same contract as sql.py (tests/test_repository_contract.py proves it): one lock
makes each `atomic()` block run alone, and an exception inside one puts every book back as it was.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from .domain import AlreadyBorrowed, Book


class InMemoryBookRepository:
    def __init__(self) -> None:
        self._books: dict[int, Book] = {}
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        with self._lock:
            saved = dict(self._books)
            try:
                yield
            except BaseException:
                self._books = saved  # a rollback
                raise

    def add(self, title: str) -> Book:
        with self._lock:
            book = Book(id=len(self._books) + 1, title=title)
            self._books[book.id] = book
            return book

    def get(self, book_id: int) -> Book | None:
        return self._books.get(book_id)

    def list_all(self) -> list[Book]:
        return sorted(self._books.values(), key=lambda book: book.id)

    def lock_member(self, member: str) -> None:
        pass  # atomic() already runs one block at a time

    def get_for_update(self, book_id: int) -> Book | None:
        return self._books.get(book_id)

    def count_loans(self, member: str) -> int:
        return sum(book.borrower == member for book in self._books.values())

    def save(self, book: Book) -> None:
        held = self._books[book.id].borrower
        if book.borrower is not None and held is not None:
            raise AlreadyBorrowed(f"book {book.id} is already borrowed")  # as sql.py's constraint
        self._books[book.id] = book
