"""The endpoints, in a blueprint: each one shows one kind of query on the relations."""

from flask import Blueprint, jsonify, request
from sqlalchemy import desc, func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from .models import Author, Book, Tag, db

bp = Blueprint("library", __name__)


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


@bp.get("/authors/n-plus-one")
def authors_n_plus_one():
    # 1 query for the authors, then author.books lazy-loads: 1 more query per author.
    authors = db.session.scalars(select(Author).order_by(Author.name))
    return jsonify([{"name": a.name, "books": [b.title for b in a.books]} for a in authors])


@bp.get("/authors")
def authors():
    # exercise: start - the same list in 2 queries: load every author's books with selectinload
    stmt = select(Author).options(selectinload(Author.books)).order_by(Author.name)
    # exercise: end
    authors = db.session.scalars(stmt)
    return jsonify([{"name": a.name, "books": [b.title for b in a.books]} for a in authors])


@bp.get("/books")
def books():
    # exercise: start - books with their author (joinedload) and tags (selectinload), by year
    stmt = (
        select(Book).options(joinedload(Book.author), selectinload(Book.tags)).order_by(Book.year)
    )
    if tag := request.args.get("tag"):
        stmt = stmt.where(Book.tags.any(Tag.name == tag))  # EXISTS (... book_tags ...)
    # exercise: end
    return jsonify([book_json(b) for b in db.session.scalars(stmt)])


@bp.post("/books")
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


@bp.get("/stats/authors")
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


@bp.get("/stats/tags")
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


@bp.get("/stats/prolific")
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


@bp.get("/stats/latest")
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
