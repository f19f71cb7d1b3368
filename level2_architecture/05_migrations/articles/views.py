"""The articles API, in a blueprint; /health compares the database with migrations/."""

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, jsonify, request
from sqlalchemy import select

from .extensions import db, migrate
from .models import Article, unique_slug

bp = Blueprint("articles", __name__)


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
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return jsonify(error="Send a JSON object."), 400
    title, body = data.get("title"), data.get("body", "")
    if not isinstance(title, str) or not title.strip() or len(title) > 200:
        return jsonify(error="title must be a non-empty string of at most 200 characters."), 400
    if not isinstance(body, str):
        return jsonify(error="body must be a string."), 400
    article = Article(title=title.strip(), body=body, slug=unique_slug(title))
    db.session.add(article)
    db.session.commit()
    return jsonify(article_json(article)), 201


@bp.get("/articles/<slug>")
def show_article(slug):
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        return jsonify(error=f"No article with slug {slug!r}."), 404
    return jsonify(article_json(article))
