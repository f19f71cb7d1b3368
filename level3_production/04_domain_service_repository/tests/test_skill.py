"""Skill checks: the layers as import-linter, Flask and SQLAlchemy see them. Each failure starts
with "Skill missing: " and says what to write."""

import ast
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import library.domain
import pytest
from library.domain import MAX_LOANS, AlreadyBorrowed, DomainError, LoanLimitReached
from library.memory import InMemoryBookRepository
from library.service import LibraryService

EXAMPLE = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"  # import-linter, in this venv


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """`lint-imports .importlinter` run in `folder`, as a learner runs it in the example's."""
    assert LINT_IMPORTS.exists(), f"import-linter is not installed in {sys.prefix}"
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", ".importlinter"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the dependency direction -----------------------------------------------------------------


def test_skill_the_domain_imports_nothing_of_flask_or_sqlalchemy():
    tree = ast.parse(Path(library.domain.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    web_or_sql = [
        name
        for name in imported
        if name.split(".")[0] in {"flask", "werkzeug", "sqlalchemy", "flask_sqlalchemy"}
    ]
    assert not web_or_sql, (
        f"Skill missing: the domain is plain Python; remove the import of {web_or_sql}"
    )


def test_skill_lint_imports_keeps_every_contract():
    result = lint_imports(EXAMPLE)
    assert result.returncode == 0, (
        "Skill missing: an import breaks a contract of .importlinter; fix the import "
        f"(lint-imports said:\n{result.stdout}{result.stderr})"
    )
    assert "The domain imports nothing of Flask or SQLAlchemy KEPT" in result.stdout, (
        "Skill missing: the contract `The domain imports nothing of Flask or SQLAlchemy` in "
        ".importlinter"
    )


def test_skill_the_domain_contract_fails_when_the_domain_imports_flask_or_sqlalchemy(tmp_path):
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(EXAMPLE / "library", tmp_path / "library", ignore=ignore)
    shutil.copy(EXAMPLE / ".importlinter", tmp_path)
    with open(tmp_path / "library" / "domain.py", "a", encoding="utf-8") as domain:
        domain.write("\nimport flask  # what a hurried fix would add\nimport sqlalchemy.orm\n")
    result = lint_imports(tmp_path)
    said = result.stdout + result.stderr
    for package in ("flask", "sqlalchemy"):
        assert (
            result.returncode == 1 and f"library.domain is not allowed to import {package}" in said
        ), (
            "Skill missing: a forbidden contract in .importlinter (type = forbidden, "
            "source_modules = library.domain, forbidden_modules = flask werkzeug sqlalchemy); "
            f"with `import {package}` added to domain.py, lint-imports said:\n{said}"
        )


# --- the domain's rule and the service's use case ---------------------------------------------


def test_skill_the_rule_holds_in_the_service_on_an_in_memory_repository():
    library = LibraryService(InMemoryBookRepository())
    ids = [library.add_book(f"Book {n}").id for n in range(MAX_LOANS + 1)]
    library.borrow("alice", ids[0])
    with pytest.raises(AlreadyBorrowed):
        library.borrow("bob", ids[0])
        pytest.fail(
            "Skill missing: Book.lent_to raises AlreadyBorrowed when the book has a borrower"
        )
    for book_id in ids[1:MAX_LOANS]:
        library.borrow("alice", book_id)
    with pytest.raises(LoanLimitReached):
        library.borrow("alice", ids[MAX_LOANS])
        pytest.fail(
            f"Skill missing: Book.lent_to raises LoanLimitReached at {MAX_LOANS} loans held"
        )
    assert [book.borrower for book in library.catalogue()] == ["alice"] * MAX_LOANS + [None]


class Recorder(InMemoryBookRepository):
    """An in-memory repository that records which of its methods the service calls, and whether
    inside atomic()."""

    def __init__(self):
        super().__init__()
        self.calls, self.depth = [], 0

    def atomic(self):
        recorder, block = self, super().atomic()

        class Recorded:
            def __enter__(self):
                recorder.depth += 1
                return block.__enter__()

            def __exit__(self, *exc):
                recorder.depth -= 1
                return block.__exit__(*exc)

        return Recorded()

    def __getattribute__(self, name):
        value = super().__getattribute__(name)
        if name in {"lock_member", "get_for_update", "count_loans", "save", "get"}:
            self.calls.append((name, self.depth > 0))
        return value


def test_skill_borrow_locks_member_then_book_and_saves_in_one_transaction():
    books = Recorder()
    library = LibraryService(books)
    library.add_book("Dune")
    books.calls.clear()
    library.borrow("alice", 1)
    expected = [
        ("lock_member", True),
        ("get_for_update", True),
        ("count_loans", True),
        ("save", True),
    ]
    assert books.calls == expected, (
        "Skill missing: in LibraryService.borrow, inside `with self.books.atomic():`, call "
        "lock_member(member), get_for_update(book_id), count_loans(member) and save(lent), in "
        f"that order; the service called {books.calls}"
    )


# --- the views map domain errors, and only they know HTTP -------------------------------------


def test_skill_the_views_map_domain_errors_to_status_codes(memory_app):
    handlers = memory_app.error_handler_spec.get("books", {}).get(None, {})
    assert DomainError in handlers, (
        "Skill missing: @bp.errorhandler(DomainError) in views.py, turning each domain error into "
        "its status code"
    )
    for name, value in vars(library.domain).items():
        if isinstance(value, type) and issubclass(value, DomainError):
            assert not {"code", "status", "status_code"} & set(vars(value)), (
                f"Skill missing: {name} carries an HTTP status; keep status codes in views.py"
            )


# --- the SQL repository: locks, and the unique constraint -------------------------------------


def test_skill_the_sql_repository_locks_the_member_then_the_book(sql_app, statements):
    client = sql_app.test_client()
    client.post("/api/books", json={"title": "Dune"})
    statements.clear()
    assert client.post("/api/books/1/borrow", json={"member": "alice"}).status_code == 200
    member = [
        n
        for n, s in enumerate(statements)
        if s.startswith("SELECT member.name FROM member") and s.endswith("FOR UPDATE")
    ]
    assert member, (
        "Skill missing: in SqlBookRepository.lock_member, insert the member (ON CONFLICT DO "
        "NOTHING) and select(MemberRow.name)...with_for_update()"
    )
    book = [
        n for n, s in enumerate(statements) if "FROM book" in s and s.endswith("FOR UPDATE OF book")
    ]
    assert book, (
        "Skill missing: in SqlBookRepository.get_for_update, "
        ".with_for_update(of=BookRow): the book's row locked until commit"
    )
    assert member[0] < book[0], "Skill missing: lock the member first, then the book (one order)"
    assert any(
        s.startswith("INSERT INTO member") and "ON CONFLICT DO NOTHING" in s
        for s in statements[: member[0]]
    ), "Skill missing: insert the member's row with ON CONFLICT DO NOTHING before locking it"


def test_skill_a_second_loan_is_refused_by_the_unique_constraint(sql_storage):
    first, late = sql_storage(), sql_storage()
    with first.atomic():
        book = first.add("Dune")
    with first.atomic():
        first.lock_member("alice")
        first.save(replace(book, borrower="alice"))
    try:
        with late.atomic():
            late.lock_member("bob")
            late.save(replace(book, borrower="bob"))  # as if the book's lock had been forgotten
    except AlreadyBorrowed:
        return
    except Exception as exc:
        pytest.fail(
            f"Skill missing: SqlBookRepository.save let {type(exc).__name__} out; catch the "
            "IntegrityError of one_loan_per_book and raise AlreadyBorrowed"
        )
    pytest.fail(
        "Skill missing: in SqlBookRepository.save, insert the loan row (its primary key "
        "one_loan_per_book refuses a second one) and raise AlreadyBorrowed"
    )
