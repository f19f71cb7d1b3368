"""`flask --app ... init-db`: create the tables, and fill an empty database with the demo data."""

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .models import Author, Book, Tag, db

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


def init_db():
    """Create the missing tables; seed the demo data if there is no author yet. True if seeded."""
    db.create_all()
    if db.session.scalar(select(func.count(Author.id))):
        return False
    seed()
    return True


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create the tables, and add the demo data to an empty database."""
    seeded = init_db()
    counts = [db.session.scalar(select(func.count(model.id))) for model in (Author, Book, Tag)]
    click.echo("Created the tables and added the demo data." if seeded else "Nothing to add.")
    click.echo("The database holds {} authors, {} books and {} tags.".format(*counts))
