from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

TEXT_MAX = 200


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(TEXT_MAX))
