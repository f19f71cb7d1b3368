"""The domain: what a library is, in plain Python. No Flask, no SQLAlchemy, no HTTP status codes.

A member may borrow at most MAX_LOANS books at once, and a borrowed book cannot be borrowed again
until it is returned. `.importlinter` makes "imports nothing of Flask or SQLAlchemy" a rule that
`lint-imports` checks.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from typing import Protocol

MAX_LOANS = 3
MAX_TITLE = 200
MAX_MEMBER = 40


class DomainError(Exception):
    """A rule of the library said no. The view layer, and only it, turns it into an HTTP answer."""


class InvalidValue(DomainError):
    pass


class BookNotFound(DomainError):
    pass


class AlreadyBorrowed(DomainError):
    pass


class LoanLimitReached(DomainError):
    pass


class NotTheBorrower(DomainError):
    pass


def valid_text(value: str, what: str, longest: int) -> str:
    """1 to `longest` printable characters (no NUL, no control character, no lone surrogate)."""
    if not 1 <= len(value) <= longest or not value.isprintable() or not value.strip():
        raise InvalidValue(f"{what} must be 1 to {longest} printable characters")
    return value


@dataclass(frozen=True)
class Book:
    id: int
    title: str
    borrower: str | None = None

    def lent_to(self, member: str, loans_held: int) -> Book:
        """This book, borrowed by `member`, who already holds `loans_held` books."""
        # exercise: start - refuse a book already borrowed, and a member who holds MAX_LOANS
        if self.borrower is not None:
            raise AlreadyBorrowed(f"book {self.id} is already borrowed")
        if loans_held >= MAX_LOANS:
            raise LoanLimitReached(f"{member} already holds {MAX_LOANS} books")
        return replace(self, borrower=member)
        # exercise: end

    def returned_by(self, member: str) -> Book:
        if self.borrower != member:
            raise NotTheBorrower(f"book {self.id} is not borrowed by {member}")
        return replace(self, borrower=None)


class BookRepository(Protocol):
    """What the service needs from storage. memory.py and sql.py both keep this contract, and
    tests/test_repository_contract.py runs the same tests against both."""

    def atomic(self) -> contextlib.AbstractContextManager[None]:
        """A transaction: everything inside is kept together, or nothing is."""
        ...

    def add(self, title: str) -> Book: ...

    def get(self, book_id: int) -> Book | None: ...

    def list_all(self) -> list[Book]: ...

    def lock_member(self, member: str) -> None:
        """Until the transaction ends, no other transaction works for this member."""
        ...

    def get_for_update(self, book_id: int) -> Book | None:
        """The book, locked until the transaction ends; None if there is no such book."""
        ...

    def count_loans(self, member: str) -> int: ...

    def save(self, book: Book) -> None:
        """Store who borrows the book (or that nobody does)."""
        ...
