"""One contract, two repositories: every test here runs on InMemoryBookRepository and on
SqlBookRepository (PostgreSQL). The service's tests use the first; the app uses the second; this
suite is what lets the service's tests speak for the app."""

import dataclasses

import pytest
from library.domain import AlreadyBorrowed, Book


def test_add_gives_ids_and_get_reads_back(storage):
    repository = storage()
    with repository.atomic():
        first, second = repository.add("Dune"), repository.add("Emma")
    assert (first, second) == (Book(1, "Dune"), Book(2, "Emma"))
    assert storage().get(2) == Book(2, "Emma")
    assert storage().list_all() == [first, second]


@pytest.mark.parametrize("book_id", [0, -1, 3, 2**63 - 1, 2**63, 2**64])
def test_an_unknown_id_is_none_never_an_error(repository, book_id):
    with repository.atomic():
        repository.add("Dune")
    assert repository.get(book_id) is None
    with repository.atomic():
        assert repository.get_for_update(book_id) is None


@pytest.mark.parametrize("title", ["O'Brien", "🦊", "'); DROP TABLE book; --", "é" * 200])
def test_a_title_is_stored_as_sent(storage, title):
    repository = storage()
    with repository.atomic():
        book = repository.add(title)
    assert storage().get(book.id).title == title


def test_a_saved_loan_is_seen_and_counted(storage):
    repository = storage()
    with repository.atomic():
        books = [repository.add(title) for title in ("A", "B", "C")]
    with repository.atomic():
        repository.lock_member("alice")
        repository.save(dataclasses.replace(books[0], borrower="alice"))
        repository.lock_member("bob")
        repository.save(dataclasses.replace(books[2], borrower="bob"))
    other = storage()
    assert [book.borrower for book in other.list_all()] == ["alice", None, "bob"]
    assert (other.count_loans("alice"), other.count_loans("bob"), other.count_loans("eve")) == (
        1,
        1,
        0,
    )
    with other.atomic():
        other.save(dataclasses.replace(books[0], borrower=None))
    assert storage().get(1).borrower is None
    assert storage().count_loans("alice") == 0


def test_a_second_loan_of_one_book_is_already_borrowed(storage):
    """What stops two loans of one book even if a caller forgot the lock: memory.py checks it,
    sql.py's unique constraint refuses it, and both say AlreadyBorrowed."""
    repository = storage()
    with repository.atomic():
        book = repository.add("Dune")
    with repository.atomic():
        repository.lock_member("alice")
        repository.save(dataclasses.replace(book, borrower="alice"))
    late = storage()
    with pytest.raises(AlreadyBorrowed), late.atomic():
        late.lock_member("bob")
        late.save(dataclasses.replace(book, borrower="bob"))  # `book` is stale: no borrower
    assert storage().get(1).borrower == "alice"


def test_atomic_undoes_everything_when_the_block_raises(storage):
    repository = storage()
    with repository.atomic():
        book = repository.add("Dune")
    with pytest.raises(RuntimeError), repository.atomic():
        repository.add("Emma")
        repository.lock_member("alice")
        repository.save(dataclasses.replace(book, borrower="alice"))
        raise RuntimeError("after two writes")
    assert storage().list_all() == [book]
    assert storage().count_loans("alice") == 0
    with repository.atomic():  # the repository is still usable afterwards
        assert repository.add("Emma").title == "Emma"
