"""The database, the one resource of the API (a book), and `flask init-db` to start afresh."""

import click
from flask.cli import with_appcontext
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()

SAMPLE_BOOKS = [
    {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008},
    {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg",
     "year": 2018},
]  # fmt: skip


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    isbn: Mapped[str] = mapped_column(String(13), unique=True)  # a second one is a 409
    title: Mapped[str] = mapped_column(String(200))  # api_v1.check_book reads these lengths
    author: Mapped[str] = mapped_column(String(100))
    year: Mapped[int | None]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "isbn": self.isbn,
            "title": self.title,
            "author": self.author,
            "year": self.year,
        }


@click.command("init-db")
@with_appcontext  # `flask init-db` has one already; the tests' CLI runner needs this
def init_db_command():
    """Create the table afresh (dropping the old one) with the two sample books in it."""
    db.drop_all()
    db.create_all()
    db.session.add_all(Book(**book) for book in SAMPLE_BOOKS)
    db.session.commit()
    click.echo(f"Initialized the database with {len(SAMPLE_BOOKS)} books.")
