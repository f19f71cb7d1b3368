"""fill article slugs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 13:07:35.777249

A data migration: compute a slug for every existing article from its title, then make the
column NOT NULL and UNIQUE. Autogenerate wrote the constraint changes; the data step is by hand.
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The table as it is at THIS revision. Never import the app's models in a migration: they follow
# the newest schema, and this file must still work in a year.
article = sa.table(
    "article",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("slug", sa.String),
)


def slugify(title):
    """A frozen copy of articles.models.slugify, for the same reason."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "article"


def upgrade():
    # exercise: start - give every article without a slug a unique slug made from its title
    connection = op.get_bind()
    taken = set(connection.scalars(sa.select(article.c.slug).where(article.c.slug.is_not(None))))
    missing = connection.execute(
        sa.select(article.c.id, article.c.title)
        .where(article.c.slug.is_(None))
        .order_by(article.c.id)
    )
    for row in missing.all():
        base = slug = slugify(row.title)
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        connection.execute(article.update().where(article.c.id == row.id).values(slug=slug))
    # exercise: end

    # exercise: start - then make slug NOT NULL and add the unique constraint uq_article_slug
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.alter_column("slug", existing_type=sa.VARCHAR(length=200), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_article_slug"), ["slug"])
    # exercise: end


def downgrade():
    # exercise: start - undo the constraints in reverse order; the slugs themselves are kept
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_article_slug"), type_="unique")
        batch_op.alter_column("slug", existing_type=sa.VARCHAR(length=200), nullable=True)
    # exercise: end
    # The computed slugs stay: revision 0002 allows them, and nothing is lost on the way down.
    # Upgrading again fills only the rows that have none.
