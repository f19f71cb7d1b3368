"""SQLAlchemy relations and complex queries on PostgreSQL: authors, books and tags as JSON."""

import os
import re

from flask import Flask, g, has_request_context, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Column, ForeignKey, String, Table, desc, event, func, select
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    aliased,
    joinedload,
    mapped_column,
    relationship,
    selectinload,
)


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)

# exercise: start - the association table book_tags: two foreign keys that together are the key
book_tags = Table(
    "book_tags",
    Base.metadata,
    Column("book_id", ForeignKey("book.id"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id"), primary_key=True),
)
# exercise: end


class Author(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # exercise: start - one-to-many: Author.books, the other side of Book.author, oldest first
    books: Mapped[list["Book"]] = relationship(back_populates="author", order_by="Book.year")
    # exercise: end


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    # exercise: start - many-to-one Book.author, and many-to-many Book.tags through book_tags
    author: Mapped[Author] = relationship(back_populates="books")
    tags: Mapped[list["Tag"]] = relationship(
        secondary=book_tags, back_populates="books", order_by="Tag.name"
    )
    # exercise: end


class Tag(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    # exercise: start - many-to-many: Tag.books, the other side of Book.tags
    books: Mapped[list[Book]] = relationship(secondary=book_tags, back_populates="tags")
    # exercise: end


# The demo data: the tests assert exact results on it. Margaret Hamilton has no book on purpose.
SEED = {
    "Ada Lovelace": [("Notes on the Analytical Engine", 1843, ["computing", "math"])],
    "Alan Turing": [
        ("On Computable Numbers", 1936, ["computing", "math"]),
        ("Computing Machinery and Intelligence", 1950, ["ai", "computing"]),
    ],
    "Grace Hopper": [
        ("Manual of Operation for the Mark I", 1946, ["computing"]),
        ("The Education of a Computer", 1952, ["compilers", "computing"]),
        ("Understanding Computers", 1984, ["computing"]),
    ],
    "Edsger Dijkstra": [("A Note on Two Problems in Connexion with Graphs", 1959, ["math"])],
    "Margaret Hamilton": [],
}


def seed():
    """Insert SEED through the relationships: appending to a list writes the foreign keys."""
    tags = {}
    for name, books in SEED.items():
        author = Author(name=name)
        for title, year, tag_names in books:
            book = Book(title=title, year=year)
            book.tags = [tags.setdefault(t, Tag(name=t)) for t in tag_names]
            author.books.append(book)
        db.session.add(author)
    db.session.commit()


def book_json(book):
    return {
        "id": book.id,
        "title": book.title,
        "year": book.year,
        "author": book.author.name,
        "tags": [tag.name for tag in book.tags],
    }


def error(message):
    return jsonify(error=message), 400


def create_app(test_config=None):
    app = Flask(__name__)
    app.json.sort_keys = False  # keep the keys in the order the code writes them
    # DATABASE_URL may be postgresql://... (libpq form); SQLAlchemy wants postgresql+psycopg://
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", ""))
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SEED_DEMO_DATA"] = True
    if test_config:
        app.config.update(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError("Set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    db.init_app(app)

    with app.app_context():
        # Count the SQL statements of each request and show them in a header: see the N+1 problem.
        @event.listens_for(db.engine, "before_cursor_execute")
        def count_statement(conn, cursor, statement, parameters, context, executemany):
            if has_request_context():
                g.sql_statements = g.get("sql_statements", 0) + 1

        db.create_all()
        if app.config["SEED_DEMO_DATA"] and db.session.scalar(select(func.count(Author.id))) == 0:
            seed()

    @app.after_request
    def statements_header(response):
        response.headers["X-SQL-Statements"] = str(g.get("sql_statements", 0))
        return response

    @app.get("/authors/n-plus-one")
    def authors_n_plus_one():
        # 1 query for the authors, then author.books lazy-loads: 1 more query per author.
        authors = db.session.scalars(select(Author).order_by(Author.name))
        return jsonify([{"name": a.name, "books": [b.title for b in a.books]} for a in authors])

    @app.get("/authors")
    def authors():
        # exercise: start - the same list in 2 queries: load every author's books with selectinload
        stmt = select(Author).options(selectinload(Author.books)).order_by(Author.name)
        # exercise: end
        authors = db.session.scalars(stmt)
        return jsonify([{"name": a.name, "books": [b.title for b in a.books]} for a in authors])

    @app.get("/books")
    def books():
        # exercise: start - books with their author (joinedload) and tags (selectinload), by year
        stmt = (
            select(Book)
            .options(joinedload(Book.author), selectinload(Book.tags))
            .order_by(Book.year)
        )
        if tag := request.args.get("tag"):
            stmt = stmt.where(Book.tags.any(Tag.name == tag))  # EXISTS (... book_tags ...)
        # exercise: end
        return jsonify([book_json(b) for b in db.session.scalars(stmt)])

    @app.post("/books")
    def create_book():
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            return error("Send a JSON object.")
        title, year = data.get("title"), data.get("year")
        tag_names, author_id = data.get("tags", []), data.get("author_id")
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            return error("title must be a non-empty string of at most 200 characters.")
        if not isinstance(year, int) or isinstance(year, bool):
            return error("year must be an integer.")
        if not isinstance(tag_names, list) or not all(isinstance(t, str) for t in tag_names):
            return error("tags must be a list of strings.")
        author = db.session.get(Author, author_id) if isinstance(author_id, int) else None
        if author is None:
            return error(f"No author with id {author_id!r}.")
        # exercise: start - reuse existing tags, create the missing ones, link them, commit
        names = sorted({t.strip().lower() for t in tag_names if t.strip()})
        existing = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
        book = Book(title=title.strip(), year=year, author=author)
        book.tags = [existing.get(name) or Tag(name=name) for name in names]
        db.session.add(book)
        db.session.commit()
        # exercise: end
        return jsonify(book_json(book)), 201

    @app.get("/stats/authors")
    def author_stats():
        # exercise: start - JOIN + aggregates: books and latest year per author, 0 for none
        stmt = (
            select(
                Author.name,
                func.count(Book.id).label("books"),
                func.max(Book.year).label("latest_year"),
            )
            .outerjoin(Author.books)
            .group_by(Author.id)
            .order_by(desc("books"), Author.name)
        )
        # exercise: end
        rows = db.session.execute(stmt)
        return jsonify(
            [{"author": r.name, "books": r.books, "latest_year": r.latest_year} for r in rows]
        )

    @app.get("/stats/tags")
    def tag_stats():
        min_books = request.args.get("min_books", "2")
        if not min_books.isdigit() or int(min_books) < 1:
            return error("min_books must be a whole number of at least 1.")
        # exercise: start - GROUP BY tag, HAVING at least min_books books, most used first
        books = func.count(Book.id).label("books")
        stmt = (
            select(Tag.name, books)
            .join(Tag.books)
            .group_by(Tag.id)
            .having(func.count(Book.id) >= int(min_books))
            .order_by(desc(books), Tag.name)
        )
        # exercise: end
        return jsonify([{"tag": r.name, "books": r.books} for r in db.session.execute(stmt)])

    @app.get("/stats/prolific")
    def prolific():
        # exercise: start - a subquery of book counts per author; keep those above its average
        counts = (
            select(Author.id.label("author_id"), func.count(Book.id).label("books"))
            .outerjoin(Author.books)
            .group_by(Author.id)
            .subquery()
        )
        average = select(func.avg(counts.c.books)).scalar_subquery()
        stmt = (
            select(Author.name, counts.c.books)
            .join(counts, Author.id == counts.c.author_id)
            .where(counts.c.books > average)
            .order_by(desc(counts.c.books), Author.name)
        )
        # exercise: end
        rows = db.session.execute(stmt)
        mean = db.session.scalar(select(average))
        return jsonify(
            average_books=round(float(mean or 0), 2),
            authors=[{"author": r.name, "books": r.books} for r in rows],
        )

    @app.get("/stats/latest")
    def latest():
        # exercise: start - a correlated subquery: each author's book whose year is their max
        newer = aliased(Book)
        latest_year = (
            select(func.max(newer.year))
            .where(newer.author_id == Author.id)
            .correlate(Author)
            .scalar_subquery()
        )
        stmt = (
            select(Author.name, Book.title, Book.year)
            .join(Author.books)
            .where(Book.year == latest_year)
            .order_by(Author.name)
        )
        # exercise: end
        rows = db.session.execute(stmt)
        return jsonify([{"author": r.name, "title": r.title, "year": r.year} for r in rows])

    return app
