"""The service on an in-memory repository: the library's rules, with no Flask and no database."""

import threading

import pytest
from library.domain import (
    MAX_LOANS,
    AlreadyBorrowed,
    BookNotFound,
    InvalidValue,
    LoanLimitReached,
    NotTheBorrower,
)
from library.memory import InMemoryBookRepository
from library.service import LibraryService


@pytest.fixture
def books():
    return InMemoryBookRepository()


@pytest.fixture
def library(books):
    return LibraryService(books)


@pytest.fixture
def shelf(library):
    """Five books on the shelf: ids 1 to 5."""
    return [library.add_book(f"Book {n}").id for n in range(1, 6)]


def borrowers(library):
    return {book.id: book.borrower for book in library.catalogue()}


def test_a_member_borrows_and_returns_a_book(library, shelf):
    lent = library.borrow("alice", shelf[0])
    assert (lent.id, lent.title, lent.borrower) == (1, "Book 1", "alice")
    assert library.book(1).borrower == "alice"
    assert library.give_back("alice", 1).borrower is None
    assert library.book(1).borrower is None


@pytest.mark.parametrize("second", ["alice", "bob"])
def test_a_borrowed_book_cannot_be_borrowed_again(library, shelf, second):
    library.borrow("alice", 1)
    with pytest.raises(AlreadyBorrowed):
        library.borrow(second, 1)
    assert borrowers(library)[1] == "alice"


def test_a_member_holds_at_most_three_books(library, shelf):
    for book_id in shelf[:MAX_LOANS]:
        library.borrow("alice", book_id)
    with pytest.raises(LoanLimitReached):
        library.borrow("alice", shelf[3])
    assert borrowers(library) == {1: "alice", 2: "alice", 3: "alice", 4: None, 5: None}
    library.borrow("bob", shelf[3])  # the limit is per member
    library.give_back("alice", 1)
    library.borrow("alice", shelf[4])  # a returned book frees a place
    assert borrowers(library) == {1: None, 2: "alice", 3: "alice", 4: "bob", 5: "alice"}


def test_only_the_borrower_returns_a_book(library, shelf):
    library.borrow("alice", 1)
    with pytest.raises(NotTheBorrower):
        library.give_back("bob", 1)
    with pytest.raises(NotTheBorrower):
        library.give_back("bob", 2)  # not borrowed at all
    assert borrowers(library)[1] == "alice"


@pytest.mark.parametrize("book_id", [0, -1, 99, 2**63, 2**70])
def test_an_unknown_book_is_not_found(library, shelf, book_id):
    for call in (
        lambda: library.book(book_id),
        lambda: library.borrow("alice", book_id),
        lambda: library.give_back("alice", book_id),
    ):
        with pytest.raises(BookNotFound):
            call()


@pytest.mark.parametrize(
    "member", ["", " ", "x" * 41, "a\x00b", "tab\there", "line\nbreak", "\ud800", "\u200b"]
)
def test_an_invalid_member_is_refused_and_nothing_changes(library, shelf, member):
    with pytest.raises(InvalidValue):
        library.borrow(member, 1)
    assert set(borrowers(library).values()) == {None}


@pytest.mark.parametrize("title", ["", "   ", "t" * 201, "a\x00b", "\udfff"])
def test_an_invalid_title_is_refused_and_nothing_is_added(library, title):
    with pytest.raises(InvalidValue):
        library.add_book(title)
    assert library.catalogue() == []


@pytest.mark.parametrize(
    "title", ["O'Brien", "🦊 Le Petit Prince", "'); DROP TABLE book; --", "t" * 200]
)
def test_a_good_title_is_kept_as_sent(library, title):
    assert library.book(library.add_book(title).id).title == title


def test_a_failure_inside_the_transaction_changes_nothing(library, books, shelf, monkeypatch):
    def broken_save(book):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(books, "save", broken_save)
    with pytest.raises(RuntimeError):
        library.borrow("alice", 1)
    assert set(borrowers(library).values()) == {None}


def test_ten_threads_borrowing_one_book_one_wins(library, shelf):
    results, start = [], threading.Barrier(10)

    def borrow(n):
        start.wait()
        try:
            library.borrow(f"member{n}", 1)
            results.append("lent")
        except AlreadyBorrowed:
            results.append("refused")

    threads = [threading.Thread(target=borrow, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(results) == ["lent"] + ["refused"] * 9
