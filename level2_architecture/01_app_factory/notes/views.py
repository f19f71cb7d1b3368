"""The routes, in a blueprint: they exist in no app until a factory registers them."""

from flask import Blueprint, current_app, request

from .extensions import db
from .models import TEXT_MAX, Note

bp = Blueprint("notes", __name__)


@bp.errorhandler(413)
def too_large(error):
    """A body past MAX_CONTENT_LENGTH, in this API's own error shape."""
    return {"error": "The body is too large."}, 413


def as_dict(note):
    return {"id": note.id, "text": note.text}


@bp.get("/")
def index():
    count = db.session.scalar(db.select(db.func.count(Note.id)))
    # current_app: whichever app is handling this request, with its own config.
    return {"name": current_app.config["NOTES_NAME"], "notes": count}


@bp.get("/notes")
def list_notes():
    notes = db.session.execute(db.select(Note).order_by(Note.id)).scalars()
    return [as_dict(note) for note in notes]


@bp.post("/notes")
def create_note():
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep: silent=True does not catch this one
        data = None
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str) or not text.strip():
        return {"error": 'Send JSON like {"text": "Buy milk"}.'}, 400
    if "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text):
        return {"error": "text must not contain a NUL character or a lone surrogate."}, 400
    if len(text.strip()) > TEXT_MAX:
        return {"error": f"text must be at most {TEXT_MAX} characters."}, 400
    note = Note(text=text.strip())
    db.session.add(note)
    db.session.commit()
    return as_dict(note), 201
