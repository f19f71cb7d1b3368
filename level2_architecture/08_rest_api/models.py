"""The database and the one resource of the API: a book."""

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import Mapped, mapped_column

db = SQLAlchemy()


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    isbn: Mapped[str] = mapped_column(unique=True)  # a second book with this ISBN is a 409
    title: Mapped[str]
    author: Mapped[str]
    year: Mapped[int | None]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "isbn": self.isbn,
            "title": self.title,
            "author": self.author,
            "year": self.year,
        }
