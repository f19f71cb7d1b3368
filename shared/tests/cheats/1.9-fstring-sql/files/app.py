"""A first CRUD with SQLite and Flask-SQLAlchemy: create, list, show, update and delete notes."""

from flask import Flask, abort, redirect, render_template, request, url_for
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.routing import IntegerConverter

TITLE_MAX = 100
CONTENT_MAX = 10_000
# SQLite integers are 64-bit: a bigger id would raise OverflowError (a 500). With max=, the URL
# converter itself refuses it (IdConverter, below), and the answer is a 404 like any unknown id.
NOTE_URL = "/notes/<id(max=9223372036854775807):note_id>"


class IdConverter(IntegerConverter):
    """<int:...>, ASCII digits only: int's regex, \\d+, also matches "١" (an Arabic-Indic 1)."""

    regex = r"[0-9]+"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    content: Mapped[str] = mapped_column(Text, default="")


def run(sql):
    """Run one SQL statement and commit: the rows it returns, if any."""
    result = db.session.execute(db.text(sql))
    rows = result.all() if result.returns_rows else []
    db.session.commit()
    return rows


def validate(form):
    """Read the form; return (values, error). error is None when the input is valid."""
    values = {"title": form.get("title", "").strip(), "content": form.get("content", "").strip()}
    if not values["title"]:
        return values, "Title is required."
    if len(values["title"]) > TITLE_MAX:
        return values, f"Title must be at most {TITLE_MAX} characters."
    if len(values["content"]) > CONTENT_MAX:
        return values, f"Content must be at most {CONTENT_MAX} characters."
    if "\x00" in values["title"] + values["content"]:  # SQLite would store it, and cut text at it
        return values, "Title and content cannot contain a NUL character."
    return values, None


def create_app(test_config=None):
    app = Flask(__name__)
    app.url_map.converters["id"] = IdConverter  # before the routes that use <id:...>
    # A relative SQLite path is resolved inside the instance folder: instance/notes.db
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///notes.db"
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # a bigger form gets a 413 before it is read
    if test_config:
        app.config.update(test_config)
    db.init_app(app)
    with app.app_context():
        db.create_all()  # creates the missing tables, never touches existing ones

    @app.get("/")
    def index():
        # exercise: start - select every Note, oldest first, into a list called notes
        notes = run("SELECT id, title, content FROM note ORDER BY id")
        # exercise: end
        return render_template("index.html", notes=notes)

    @app.route("/notes/new", methods=["GET", "POST"])
    def create():
        if request.method == "GET":
            return render_template("form.html", note=None, values={})
        values, error = validate(request.form)
        if error:
            return render_template("form.html", note=None, values=values, error=error), 400
        # exercise: start - build a Note from values, add it to the session and commit
        title, content = values["title"], values["content"]
        run(f"INSERT INTO note (title, content) VALUES ('{title}', '{content}')")
        [note] = run("SELECT id FROM note ORDER BY id DESC LIMIT 1")
        # exercise: end
        return redirect(url_for("show", note_id=note.id))

    @app.get(NOTE_URL)
    def show(note_id):
        # exercise: start - load the note by primary key, or answer 404
        found = run(f"SELECT id, title, content FROM note WHERE id = {note_id}")
        if not found:
            abort(404)
        note = found[0]
        # exercise: end
        return render_template("show.html", note=note)

    @app.route(NOTE_URL + "/edit", methods=["GET", "POST"])
    def edit(note_id):
        note = db.get_or_404(Note, note_id)
        if request.method == "GET":
            return render_template(
                "form.html", note=note, values={"title": note.title, "content": note.content}
            )
        values, error = validate(request.form)
        if error:
            return render_template("form.html", note=note, values=values, error=error), 400
        # exercise: start - copy values onto the note and commit
        run(
            f"UPDATE note SET title = '{values['title']}', content = '{values['content']}' "
            f"WHERE id = {note.id}"
        )
        # exercise: end
        return redirect(url_for("show", note_id=note.id))

    @app.post(NOTE_URL + "/delete")
    def delete(note_id):
        note = db.get_or_404(Note, note_id)
        # exercise: start - delete the note and commit
        run(f"DELETE FROM note WHERE id = {note.id}")
        # exercise: end
        return redirect(url_for("index"))

    @app.errorhandler(413)
    def form_too_large(error):
        error = f"The form is larger than {app.config['MAX_CONTENT_LENGTH']} bytes."
        return render_template("form.html", note=None, values={}, error=error), 413

    return app
