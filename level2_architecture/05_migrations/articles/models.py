"""The Article model, as the newest migration leaves the table."""

import re
import unicodedata

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


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
    """The first free slug among hello-world, hello-world-2, ... (another request may take it
    first: the UNIQUE constraint then refuses the INSERT, and the view tries again)."""
    # Room for a suffix up to "-999999999", so that base-n always fits in String(200)
    base = slugify(title)[: Article.slug.type.length - len("-999999999")].rstrip("-")
    taken = set(db.session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
