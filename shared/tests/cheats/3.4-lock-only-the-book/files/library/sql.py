"""The SQL repository: the same contract as memory.py, kept by PostgreSQL through SQLAlchemy.

SQLAlchemy stays in this module: the service gets `Book`s and domain errors, never a row, a
session or an IntegrityError.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import (
    BigInteger,
    Engine,
    ForeignKey,
    PrimaryKeyConstraint,
    String,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from .domain import MAX_MEMBER, MAX_TITLE, AlreadyBorrowed, Book

MAX_BIGINT = 2**63 - 1  # PostgreSQL's BIGINT: an id beyond it names no book (and no error)


class Base(DeclarativeBase):
    pass


class BookRow(Base):
    __tablename__ = "book"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))


class MemberRow(Base):
    __tablename__ = "member"
    name: Mapped[str] = mapped_column(String(MAX_MEMBER), primary_key=True)


class LoanRow(Base):
    """One row per borrowed book: its primary key is the unique constraint "one loan per book"."""

    __tablename__ = "loan"
    book_id: Mapped[int] = mapped_column(ForeignKey("book.id"))
    member: Mapped[str] = mapped_column(ForeignKey("member.name"), index=True)
    __table_args__ = (PrimaryKeyConstraint("book_id", name="one_loan_per_book"),)


def create_tables(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)


class SqlBookRepository:
    def __init__(self, session: Session):
        self.session = session

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        try:
            yield
            self.session.commit()
        except BaseException:
            self.session.rollback()
            raise

    def _books(self):
        """book LEFT JOIN loan: each book with its borrower, or None."""
        return select(BookRow.id, BookRow.title, LoanRow.member).outerjoin(
            LoanRow, LoanRow.book_id == BookRow.id
        )

    def add(self, title: str) -> Book:
        row = BookRow(title=title)
        self.session.add(row)
        self.session.flush()  # INSERT ... RETURNING id
        return Book(row.id, row.title)

    def get(self, book_id: int) -> Book | None:
        if not 1 <= book_id <= MAX_BIGINT:
            return None
        row = self.session.execute(self._books().where(BookRow.id == book_id)).one_or_none()
        return None if row is None else Book(*row)

    def list(self) -> list[Book]:
        return [Book(*row) for row in self.session.execute(self._books().order_by(BookRow.id))]

    def lock_member(self, member: str) -> None:
        # exercise: start - make sure the member's row exists, then SELECT it FOR UPDATE
        # the member's row exists (the loan's foreign key wants it); the book's row is locked in
        # get_for_update: that should be enough
        self.session.execute(pg_insert(MemberRow).values(name=member).on_conflict_do_nothing())
        # exercise: end

    def get_for_update(self, book_id: int) -> Book | None:
        if not 1 <= book_id <= MAX_BIGINT:
            return None
        # exercise: start - SELECT the book FOR UPDATE OF book (the row stays locked until commit)
        query = self._books().where(BookRow.id == book_id).with_for_update(of=BookRow)
        # exercise: end
        row = self.session.execute(query).one_or_none()
        return None if row is None else Book(*row)

    def count_loans(self, member: str) -> int:
        query = select(func.count()).select_from(LoanRow).where(LoanRow.member == member)
        return self.session.execute(query).scalar_one()

    def save(self, book: Book) -> None:
        if book.borrower is None:
            self.session.execute(delete(LoanRow).where(LoanRow.book_id == book.id))
            return
        # exercise: start - insert the loan; one_loan_per_book's IntegrityError is AlreadyBorrowed
        try:
            self.session.execute(insert(LoanRow).values(book_id=book.id, member=book.borrower))
        except IntegrityError as exc:
            if getattr(exc.orig.diag, "constraint_name", None) == "one_loan_per_book":
                raise AlreadyBorrowed(f"book {book.id} is already borrowed") from None
            raise
        # exercise: end
