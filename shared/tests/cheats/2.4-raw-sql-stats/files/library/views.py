"""The endpoints, in a blueprint: each one shows one kind of query on the relations."""

import re

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import desc, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload
from werkzeug.exceptions import HTTPException

from .models import Author, Book, Tag, db

bp = Blueprint("library", __name__)
# What PostgreSQL text cannot hold: NUL, and lone surrogates (JSON allows "\ud800"; UTF-8 does not)
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")


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


@bp.errorhandler(HTTPException)
def http_error(exc):
    """abort(400, "..."), a 413 or a 415: the same {"error": ...} shape as every other error."""
    return jsonify(error=exc.description), exc.code


@bp.before_request
def refuse_nul_bytes():
    """PostgreSQL text cannot hold NUL: psycopg would raise DataError (a 500) on such a value."""
    values = [*request.args.listvalues(), (request.view_args or {}).values()]
    if any("\x00" in str(value) for group in values for value in group):
        abort(400, "Query and URL values cannot contain NUL bytes.")


def json_object():
    """The request's JSON object, or the app's own error: 415, 413 (MAX_CONTENT_LENGTH) or 400."""
    if not request.is_json:
        abort(415, "Send JSON, with Content-Type: application/json.")
    try:
        data = request.get_json(silent=True)  # None if it is not JSON (a ValueError)
    except RecursionError:  # [[[[... 100,000 deep: not a ValueError, so silent=True lets it out
        data = None
    if not isinstance(data, dict):
        abort(400, "Send a JSON object.")
    return data


def text(value, name, column):
    """A stripped string that fits `column` (its String(n)) and that PostgreSQL can store."""
    limit = column.type.length
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        abort(400, f"{name} must be a non-empty string of at most {limit} characters.")
    if UNSTORABLE.search(value):
        abort(400, f"{name} must be text without NUL bytes or lone surrogates.")
    return value.strip()


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


def get_or_create_tag(name):
    """The tag called `name`, created if missing, even when another request creates it too."""
    # exercise: start - SELECT it, else INSERT it in a savepoint; SELECT again on IntegrityError
    tag = db.session.scalar(select(Tag).where(Tag.name == name))
    if tag is None:
        try:
            with db.session.begin_nested():  # SAVEPOINT: a failed INSERT undoes only itself
                tag = Tag(name=name)
                db.session.add(tag)
        except IntegrityError:  # UNIQUE(name): another request committed it since our SELECT
            tag = db.session.scalar(select(Tag).where(Tag.name == name))
    # exercise: end
    return tag


@bp.post("/books")
def create_book():
    data = json_object()
    title = text(data.get("title"), "title", Book.title)
    year, tag_names, author_id = data.get("year"), data.get("tags", []), data.get("author_id")
    if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999:
        return error("year must be an integer from 1 to 9999.")  # the column is INTEGER too
    if not isinstance(tag_names, list) or not all(isinstance(t, str) for t in tag_names):
        return error("tags must be a list of strings.")
    names = sorted({t.strip().lower() for t in tag_names if t.strip()})
    names = [text(name, "each tag", Tag.name) for name in names]  # checked once lowercased
    # Author.id is an INTEGER: PostgreSQL refuses to compare it with 2**31 ("out of range")
    ok_id = isinstance(author_id, int) and not isinstance(author_id, bool) and author_id < 2**31
    author = db.session.get(Author, author_id) if ok_id else None
    if author is None:
        return error(f"No author with id {author_id!r}.")
    # exercise: start - reuse existing tags, create the missing ones, link them, commit
    tags = [get_or_create_tag(name) for name in names]  # in sorted order: no deadlock
    book = Book(title=title, year=year, author=author, tags=tags)
    db.session.add(book)
    db.session.commit()
    # exercise: end
    return jsonify(book_json(book)), 201


@bp.get("/stats/authors")
def author_stats():
    # exercise: start - JOIN + aggregates: books and latest year per author, 0 for none
    stmt = db.text(
        "SELECT author.name, count(book.id) AS books, max(book.year) AS latest_year"
        " FROM author LEFT JOIN book ON book.author_id = author.id"
        " GROUP BY author.id ORDER BY books DESC, author.name"
    )
    # exercise: end
    rows = db.session.execute(stmt)
    return jsonify(
        [{"author": r.name, "books": r.books, "latest_year": r.latest_year} for r in rows]
    )


@bp.get("/stats/tags")
def tag_stats():
    min_books = request.args.get("min_books", "2")
    # not str.isdigit(): "²" passes it and int("²") fails; 1 to 9 ASCII digits fit an INTEGER
    if not re.fullmatch("[0-9]{1,9}", min_books) or int(min_books) < 1:
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
