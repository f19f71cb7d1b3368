"""The articles API, in a blueprint; /health compares the database with migrations/."""

import re

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, abort, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from .extensions import db, migrate
from .models import Article, unique_slug

bp = Blueprint("articles", __name__)
# What PostgreSQL text cannot hold: NUL, and lone surrogates (JSON allows "\ud800"; UTF-8 does not)
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
# A failed attempt means that another request just got that slug (its 201): we retry while others
# succeed. 30 clients posting one title at once need up to 30 attempts; the bound is a safety net.
SLUG_ATTEMPTS = 50


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


def storable(value, name):
    if UNSTORABLE.search(value):
        abort(400, f"{name} must be text without NUL bytes or lone surrogates.")
    return value


def article_json(article):
    return {"id": article.id, "title": article.title, "slug": article.slug, "body": article.body}


@bp.get("/health")
def health():
    """Is the database at the newest revision? 503 until `flask db upgrade` has run."""
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    head = ScriptDirectory.from_config(migrate.get_config()).get_current_head()
    return jsonify(revision=current, head=head), 200 if current == head else 503


@bp.get("/articles")
def list_articles():
    articles = db.session.scalars(select(Article).order_by(Article.id))
    return jsonify([{"id": a.id, "title": a.title, "slug": a.slug} for a in articles])


@bp.post("/articles")
def create_article():
    data = json_object()
    title, body = data.get("title"), data.get("body", "")
    limit = Article.title.type.length  # String(200): read from the column, not repeated
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > limit:
        abort(400, f"title must be a non-empty string of at most {limit} characters.")
    if not isinstance(body, str):
        abort(400, "body must be a string.")
    title, body = storable(title.strip(), "title"), storable(body, "body")
    for _ in range(SLUG_ATTEMPTS):
        article = Article(title=title, body=body, slug=unique_slug(title))
        try:
            with db.session.begin_nested():  # SAVEPOINT: a failed INSERT undoes only itself
                db.session.add(article)
        except IntegrityError:  # uq_article_slug: another request took it since unique_slug()
            continue
        db.session.commit()
        return jsonify(article_json(article)), 201
    abort(409, "Too many articles with this title at once: try again.")


@bp.get("/articles/<slug>")
def show_article(slug):
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        return jsonify(error=f"No article with slug {slug!r}."), 404
    return jsonify(article_json(article))
