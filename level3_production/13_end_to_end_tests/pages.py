"""The pages: a home page, and each user's own notes (create, edit, delete)."""

from extensions import db
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from models import Note

bp = Blueprint("pages", __name__)
MAX_TEXT = 200


@bp.get("/")
def index():
    return render_template("index.html")


def own_note(note_id):
    note = db.session.get(Note, note_id)
    if note is None or note.owner_id != current_user.id:
        abort(404)  # another user's note does not exist for you
    return note


def read_text():
    text = request.form.get("text", "").strip()
    if not text:
        return None, "A note cannot be empty."
    if len(text) > MAX_TEXT or "\x00" in text:
        return None, f"A note is at most {MAX_TEXT} characters, with no NUL."
    return text, None


@bp.route("/notes", methods=["GET", "POST"])
@login_required
def notes():
    error = None
    if request.method == "POST":
        text, error = read_text()
        if error is None:
            db.session.add(Note(text=text, owner_id=current_user.id))
            db.session.commit()
            return redirect(url_for("pages.notes"))
    mine = db.session.execute(
        db.select(Note).filter_by(owner_id=current_user.id).order_by(Note.id)
    ).scalars()
    return render_template("notes.html", notes=list(mine), error=error), 400 if error else 200


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@login_required
def edit(note_id):
    note = own_note(note_id)
    if request.method == "GET":
        return render_template("edit.html", note=note, text=note.text)
    text, error = read_text()
    if error:
        text = request.form.get("text", "")
        return render_template("edit.html", note=note, text=text, error=error), 400
    note.text = text
    db.session.commit()
    return redirect(url_for("pages.notes"))


@bp.post("/notes/<int:note_id>/delete")
@login_required
def delete(note_id):
    db.session.delete(own_note(note_id))
    db.session.commit()
    return redirect(url_for("pages.notes"))
