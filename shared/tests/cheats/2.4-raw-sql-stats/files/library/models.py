"""The models: authors write books (one-to-many), books have tags (many-to-many)."""

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)

# exercise: start - the association table book_tags: two foreign keys that together are the key
book_tags = Table(
    "book_tags",
    Base.metadata,
    Column("book_id", ForeignKey("book.id"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id"), primary_key=True),
)
# exercise: end


class Author(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # exercise: start - one-to-many: Author.books, the other side of Book.author, oldest first
    books: Mapped[list["Book"]] = relationship(back_populates="author", order_by="Book.year")
    # exercise: end


class Book(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"))
    # exercise: start - many-to-one Book.author, and many-to-many Book.tags through book_tags
    author: Mapped[Author] = relationship(back_populates="books")
    tags: Mapped[list["Tag"]] = relationship(
        secondary=book_tags, back_populates="books", order_by="Tag.name"
    )
    # exercise: end


class Tag(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    # exercise: start - many-to-many: Tag.books, the other side of Book.tags
    books: Mapped[list[Book]] = relationship(secondary=book_tags, back_populates="tags")
    # exercise: end
