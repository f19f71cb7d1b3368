import click
from flask.cli import with_appcontext
from sqlalchemy import text

from .models import db

# 20,000 rows in one statement: PostgreSQL makes them itself from generate_series, so nothing
# travels row by row between Python and the server. 11 kinds of product in 5 categories, 500
# prices (many ties: the cursor's id breaks them), and "handmade" in one row out of 500.
SEED = text("""
INSERT INTO product (name, description, category, price_cents, in_stock)
SELECT
    (ARRAY['Red', 'Blue', 'Green', 'Black', 'White', 'Oak', 'Steel'])[1 + i % 7]
        || ' ' || kind || ' ' || i,
    'A ' || (ARRAY['sturdy', 'light', 'compact', 'classic', 'modern'])[1 + i / 11 % 5]
        || ' piece for the '
        || (ARRAY['kitchen', 'garden', 'office', 'bedroom', 'hall'])[1 + i / 55 % 5] || '.'
        || CASE WHEN i % 500 = 0 THEN ' Handmade by a local carpenter.' ELSE '' END,
    (ARRAY['lighting', 'seating', 'tables', 'tables', 'storage', 'seating', 'decor', 'decor',
           'decor', 'decor', 'seating'])[1 + i % 11],
    100 * (1 + i * 37 % 500),
    i % 3 <> 0
FROM generate_series(:start, :start + :rows - 1) AS i,
     LATERAL (SELECT (ARRAY['lamp', 'chair', 'table', 'desk', 'shelf', 'sofa', 'rug', 'mirror',
                            'clock', 'vase', 'bench'])[1 + i % 11] AS kind) AS k
""")


def init_db():
    db.drop_all()
    db.create_all()


def seed(rows):
    start = db.session.execute(text("SELECT count(*) + 1 FROM product")).scalar_one()
    db.session.execute(SEED, {"start": start, "rows": rows})
    db.session.commit()
    # Fresh statistics, so the planner knows how rare a word is and picks the GIN index.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) product"))


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the product table and its indexes (dropping any old one)."""
    init_db()
    click.echo("Initialised the database.")


@click.command("seed")
@with_appcontext
@click.option("--rows", type=click.IntRange(1, 1_000_000), default=20_000, show_default=True)
def seed_command(rows):
    """Add ROWS generated products in one INSERT ... SELECT FROM generate_series."""
    seed(rows)
    click.echo(f"Added {rows} products.")
