"""Skill checks: the relations are SQLAlchemy relationships, the lists are eager-loaded, the
statistics are SQL (JOIN, GROUP BY, HAVING, subqueries), and links go through the relationship."""

import ast
import inspect
import textwrap

from library import models, views
from library.models import Author, Book, Tag, db
from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import MANYTOMANY, MANYTOONE, ONETOMANY


def calls(function):
    """The names of the functions and methods that `function` calls (an AST of its source)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def relation(model, name):
    return sa_inspect(model).relationships.get(name)


# --- The models -----------------------------------------------------------------------------------


def association_table():
    table = getattr(models, "book_tags", None)
    assert table is not None, (
        "Skill missing: models.py defines book_tags = Table('book_tags', Base.metadata, ...)"
    )
    return table


def test_skill_association_table_has_a_composite_primary_key():
    book_tags = association_table()
    key = {column.name for column in book_tags.primary_key.columns}
    targets = {fk.target_fullname for fk in book_tags.foreign_keys}
    assert (key, targets) == ({"book_id", "tag_id"}, {"book.id", "tag.id"}), (
        "Skill missing: book_tags is a Table with two columns, book_id -> book.id and "
        "tag_id -> tag.id, both primary_key=True (the pair is the key: no surrogate id)"
    )


def test_skill_author_books_is_a_one_to_many_relationship():
    books = relation(Author, "books")
    assert books is not None and books.direction is ONETOMANY and books.mapper.class_ is Book, (
        "Skill missing: Author.books = relationship(back_populates='author'); "
        "a property or a query of your own does not count"
    )
    assert books.back_populates == "author", (
        "Skill missing: Author.books and Book.author are one relation: back_populates on both"
    )
    assert [str(column) for column in books.order_by] == ["book.year"], (
        "Skill missing: Author.books is oldest first: relationship(..., order_by='Book.year')"
    )


def test_skill_book_author_and_tags_are_relationships():
    book_tags = association_table()
    author, tags = relation(Book, "author"), relation(Book, "tags")
    assert author is not None and author.direction is MANYTOONE, (
        "Skill missing: Book.author = relationship(back_populates='books') (many-to-one)"
    )
    assert author.back_populates == "books", "Skill missing: Book.author back_populates='books'"
    assert tags is not None and tags.direction is MANYTOMANY and tags.secondary is book_tags, (
        "Skill missing: Book.tags = relationship(secondary=book_tags, back_populates='books')"
    )
    assert tags.back_populates == "books", "Skill missing: Book.tags back_populates='books'"
    assert [str(column) for column in tags.order_by] == ["tag.name"], (
        "Skill missing: Book.tags is sorted by name: relationship(..., order_by='Tag.name')"
    )


def test_skill_tag_books_is_the_other_side_of_book_tags():
    book_tags = association_table()
    books = relation(Tag, "books")
    assert books is not None and books.direction is MANYTOMANY and books.secondary is book_tags, (
        "Skill missing: Tag.books = relationship(secondary=book_tags, back_populates='tags')"
    )
    assert books.back_populates == "tags", "Skill missing: Tag.books back_populates='tags'"


def test_skill_each_relationship_is_lazy_by_default():
    # Eager loading is chosen per query (the options in the views), not baked into the model.
    lazy = {f"{m.__name__}.{r.key}": r.lazy for m in (Author, Book, Tag) for r in
            sa_inspect(m).relationships}  # fmt: skip
    assert set(lazy.values()) == {"select"}, (
        f"Skill missing: leave the relationships lazy (got {lazy}); "
        "load eagerly in the query, with .options(selectinload(...)) or joinedload(...)"
    )


# --- Eager loading, per query ---------------------------------------------------------------------


def test_skill_authors_uses_selectinload():
    assert "selectinload" in calls(views.authors), (
        "Skill missing: /authors loads the books with select(Author).options("
        "selectinload(Author.books)); another loader or a loop of queries does not count"
    )


def test_skill_books_uses_joinedload_for_the_author_and_selectinload_for_the_tags():
    used = calls(views.books)
    assert {"joinedload", "selectinload"} <= used, (
        "Skill missing: /books loads with .options(joinedload(Book.author), "
        "selectinload(Book.tags))"
    )


def test_skill_the_tag_filter_is_in_the_sql(client, statements):
    books = client.get("/books?tag=compilers").get_json()

    assert [b["title"] for b in books] == ["The Education of a Computer"]
    assert len(statements) == 2 and "book_tags" in statements[0], (
        "Skill missing: filter /books?tag= in the SELECT itself, "
        "with .where(Book.tags.any(Tag.name == tag)); not in Python after loading every book"
    )


# --- Writing through the relationship -----------------------------------------------------------


def test_skill_a_new_book_is_linked_to_its_tags_by_the_relationship(app, client):
    """Rows of book_tags are written by the flush of Book(tags=...), not by an INSERT of ours."""
    flushing, outside = [], []

    def before_flush(session, context, instances):
        flushing.append(True)

    def after_flush(session, context):
        flushing.pop()

    def record(conn, cursor, statement, parameters, context, executemany):
        writes = "book_tags" in statement and not statement.lstrip().startswith("SELECT")
        if writes and not flushing:
            outside.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(Session, "before_flush", before_flush)
    event.listen(Session, "after_flush", after_flush)
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.post(
            "/books", json={"title": "Cheatsheet", "year": 2000, "author_id": 1,
                            "tags": ["math", "brand-new"]},
        )  # fmt: skip
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(Session, "after_flush", after_flush)
        event.remove(Session, "before_flush", before_flush)

    assert response.status_code == 201
    assert response.get_json()["tags"] == ["brand-new", "math"]
    assert outside == [], (
        "Skill missing: link the tags through the relationship, Book(..., author=author, "
        "tags=tags), and let the flush write book_tags; an INSERT INTO book_tags of your own "
        "does not count"
    )


def test_skill_get_or_create_tag_inserts_in_a_savepoint(client, statements):
    response = client.post(
        "/books", json={"title": "T", "year": 2000, "author_id": 1, "tags": ["fresh"]}
    )

    assert response.status_code == 201
    assert any(s.startswith("SAVEPOINT") for s in statements), (
        "Skill missing: INSERT the new tag inside db.session.begin_nested() (a SAVEPOINT), "
        "so that a lost race undoes only that INSERT"
    )


def test_skill_an_existing_tag_is_found_by_its_select_not_by_a_failed_insert(client, statements):
    response = client.post(
        "/books", json={"title": "T", "year": 2000, "author_id": 1, "tags": ["computing"]}
    )

    assert response.status_code == 201
    assert response.get_json()["tags"] == ["computing"]
    tried = [s for s in statements if s.startswith(("INSERT INTO tag ", "SAVEPOINT"))]
    assert not tried, (
        "Skill missing: SELECT the tag by name first (select(Tag).where(Tag.name == name)); "
        f"an existing tag must not cost an INSERT that fails: got {tried}"
    )


def test_skill_a_tag_created_meanwhile_is_reused_after_the_integrity_error(app, client, query):
    """Another client commits the same tag between our SELECT and our INSERT: we must reuse it."""
    with app.app_context():
        engine = db.engine

    def race(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO tag") and not raced:
            raced.append(True)
            with engine.begin() as other:  # another connection: "another request"
                other.execute(db.text("INSERT INTO tag (name) VALUES ('raced')"))

    raced = []
    event.listen(engine, "before_cursor_execute", race)
    try:
        response = client.post(
            "/books", json={"title": "T", "year": 2000, "author_id": 1, "tags": ["raced"]}
        )
    finally:
        event.remove(engine, "before_cursor_execute", race)

    assert raced == [True]
    assert response.status_code == 201, (
        "Skill missing: catch the IntegrityError of the INSERT (begin_nested() around it) "
        "and SELECT the tag again"
    )
    assert response.get_json()["tags"] == ["raced"]
    assert query("SELECT count(*) FROM tag WHERE name = 'raced'") == [(1,)]


# --- The statistics are SQL ----------------------------------------------------------------------


STATS = {
    # endpoint: (its view, what its SQL must hold, statements per request)
    "/stats/authors": (views.author_stats, ["LEFT OUTER JOIN book", "GROUP BY author.id"], 1),
    "/stats/tags": (views.tag_stats, ["JOIN book_tags", "GROUP BY tag.id", "HAVING count"], 1),
    "/stats/prolific": (views.prolific, ["avg(", "GROUP BY author.id"], 2),
    "/stats/latest": (views.latest, ["= (SELECT max(book_1.year)"], 1),
}


def test_skill_statistics_are_one_orm_query_each(client, statements):
    for url, (view, fragments, count) in STATS.items():
        statements.clear()
        assert client.get(url).status_code == 200
        sql = " ".join(statements)
        assert "text" not in calls(view), (
            f"Skill missing: build {url}'s query with select(), not raw SQL in text()"
        )
        assert len(statements) == count, (
            f"Skill missing: {url} is {count} SQL statement(s), the database does the work "
            f"(JOIN, GROUP BY, subquery); got {len(statements)}: a loop of queries does not count"
        )
        for fragment in fragments:
            assert fragment in sql, (
                f"Skill missing: {url}'s SQL should contain {fragment!r}: "
                "outerjoin/join, group_by, having, a subquery or a correlated scalar_subquery"
            )


# --- Quotes are data, never SQL ------------------------------------------------------------------


def test_quotes_in_titles_and_tags_are_stored_as_they_are(client, query):
    title, tag = "O'Brien's \"Notes\"; DROP TABLE book; --", 'o\'reilly "x"'

    response = client.post(
        "/books", json={"title": title, "year": 2001, "author_id": 2, "tags": [tag]}
    )

    assert response.status_code == 201
    assert response.get_json()["title"] == title
    assert response.get_json()["tags"] == [tag]
    assert query("SELECT title FROM book WHERE id = 8") == [(title,)]
    assert [b["title"] for b in client.get("/books", query_string={"tag": tag}).get_json()] == [
        title
    ]
    assert client.get("/books", query_string={"tag": "' OR '1'='1"}).get_json() == []
