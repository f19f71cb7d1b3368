"""Routes and HTTP methods: a tiny notebook kept in memory.

Run it from the repository root:

    flask --app level1_basics/03_routes_methods/app.py run
"""

from flask import Flask, abort, render_template, request
from markupsafe import escape
from werkzeug.routing import IntegerConverter


class IdConverter(IntegerConverter):
    """<id:...> is <int:...> with ASCII digits only: int's \\d+ also matches "٣" or "１"."""

    regex = r"[0-9]+"


app = Flask(__name__)
app.url_map.converters["id"] = IdConverter  # before the routes that use <id:...>
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024  # a bigger form gets a 413 before it is read

NOTES: list[str] = []  # in memory only: the notes are gone when the server stops
MAX_LENGTH = 200


# exercise: start - one view: GET shows the form, POST validates "text", stores it, redirects (303)
def notes():
    if request.method == "POST":
        text = request.form.get("text", "").strip()
        if not text:
            error = "A note cannot be empty."
            return render_template("notes.html", notes=NOTES, error=error), 400
        if len(text) > MAX_LENGTH:
            error = f"A note has at most {MAX_LENGTH} characters (this one has {len(text)})."
            return render_template("notes.html", notes=NOTES, error=error, text=text), 400
        if "\x00" in text:
            error = "A note cannot contain a NUL character."
            return render_template("notes.html", notes=NOTES, error=error), 400
        NOTES.append(text)
        return "", 303, {"Location": "/notes"}
    return render_template("notes.html", notes=NOTES)


app.add_url_rule("/notes", "notes", notes, methods=["GET", "POST"])
# exercise: end


@app.errorhandler(413)
def form_too_large(error):
    error = f"The form is larger than {app.config['MAX_CONTENT_LENGTH']} bytes."
    return render_template("notes.html", notes=NOTES, error=error), 413


# exercise: start - variable rules: /notes/<id:note_id>, /hello/<name>, /files/<path:subpath>
def note(note_id):
    if not (note_id.isascii() and note_id.isdigit()):
        abort(404)
    number = int(note_id)
    if not 1 <= number <= len(NOTES):
        abort(404)
    return render_template("note.html", note_id=number, text=NOTES[number - 1])


def hello(name):
    return f"Hello, {escape(name)}!"


def files(subpath):
    return f"File path: {escape(subpath)}"


app.add_url_rule("/notes/<note_id>", "note", note)
app.add_url_rule("/hello/<name>", "hello", hello)
app.add_url_rule("/files/<path:subpath>", "files", files)
# exercise: end
