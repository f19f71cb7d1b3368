"""The service: the library's use cases. It runs the domain's rules inside one transaction of
whatever repository it is given: InMemoryBookRepository in its tests, SqlBookRepository in the app.
It imports the domain only: no Flask, no SQLAlchemy, no repository class."""

from __future__ import annotations

from .domain import (
    MAX_MEMBER,
    MAX_TITLE,
    Book,
    BookNotFound,
    BookRepository,
    valid_text,
)


class LibraryService:
    def __init__(self, books: BookRepository):
        self.books = books

    def add_book(self, title: str) -> Book:
        title = valid_text(title, "title", MAX_TITLE)
        with self.books.atomic():
            return self.books.add(title)

    def book(self, book_id: int) -> Book:
        book = self.books.get(book_id)
        if book is None:
            raise BookNotFound(f"no book {book_id}")
        return book

    def catalogue(self) -> list[Book]:
        return self.books.list_all()

    def borrow(self, member: str, book_id: int) -> Book:
        member = valid_text(member, "member", MAX_MEMBER)
        with self.books.atomic():
            # exercise: start - lock the member, then the book; apply Book.lent_to; save the book
            self.books.lock_member(member)  # two borrows by one member: one after the other
            book = self.books.get_for_update(book_id)
            if book is None:
                raise BookNotFound(f"no book {book_id}")
            lent = book.lent_to(member, self.books.count_loans(member))
            self.books.save(lent)
            # exercise: end
        return lent

    def give_back(self, member: str, book_id: int) -> Book:
        member = valid_text(member, "member", MAX_MEMBER)
        with self.books.atomic():
            self.books.lock_member(member)  # the same order as borrow: member, then book
            book = self.books.get_for_update(book_id)
            if book is None:
                raise BookNotFound(f"no book {book_id}")
            returned = book.returned_by(member)
            self.books.save(returned)
        return returned
