"""Migrations with Flask-Migrate (Alembic): the schema of an articles API, revision by revision.

The tables are never made with db.create_all(): `flask db upgrade` builds them from migrations/.
"""

import os
import re
import unicodedata
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, jsonify, request
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints: Alembic can then compare and drop them by name (uq_article_slug, ...).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
# An absolute folder: `flask db ...` then works from any directory.
migrate = Migrate(directory=str(Path(__file__).parent / "migrations"))


class Article(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)  # revision 0001
    title: Mapped[str] = mapped_column(String(200))  # revision 0001
    body: Mapped[str] = mapped_column(Text, default="")  # revision 0001
    slug: Mapped[str] = mapped_column(String(200), unique=True)  # 0002 adds it, 0003 fills it


def slugify(title):
    """'Hello, Wörld!' -> 'hello-world' (ASCII letters and digits, joined by hyphens)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "article"


def unique_slug(title):
    base = slugify(title)
    taken = set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def article_json(article):
    return {"id": article.id, "title": article.title, "slug": article.slug, "body": article.body}


def create_app(test_config=None):
    app = Flask(__name__)
    app.json.sort_keys = False
    # DATABASE_URL may be postgresql://... (libpq form); SQLAlchemy wants postgresql+psycopg://
    url = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", os.environ.get("DATABASE_URL", ""))
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if test_config:
        app.config.update(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError("Set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    db.init_app(app)
    migrate.init_app(app, db)  # adds the `flask db ...` commands

    @app.get("/health")
    def health():
        """Is the database at the newest revision? 503 until `flask db upgrade` has run."""
        with db.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        head = ScriptDirectory.from_config(migrate.get_config()).get_current_head()
        return jsonify(revision=current, head=head), 200 if current == head else 503

    @app.get("/articles")
    def list_articles():
        articles = db.session.scalars(select(Article).order_by(Article.id))
        return jsonify([{"id": a.id, "title": a.title, "slug": a.slug} for a in articles])

    @app.post("/articles")
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

    @app.get("/articles/<slug>")
    def show_article(slug):
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        if article is None:
            return jsonify(error=f"No article with slug {slug!r}."), 404
        return jsonify(article_json(article))

    return app
