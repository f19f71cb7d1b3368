"""Routes and HTTP methods: a tiny notebook kept in memory.

Run it from the repository root:

    flask --app level1_basics/03_routes_methods/app.py run
"""

from flask import Flask, abort, redirect, render_template, request, url_for
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
@app.route("/notes", methods=["GET", "POST"])
def notes():
    if request.method == "POST":
        text = request.form.get("text", "").strip()
        if not text:
            error = "A note cannot be empty."
            return render_template("notes.html", notes=NOTES, error=error), 400
        if len(text) > MAX_LENGTH:
            error = f"A note has at most {MAX_LENGTH} characters (this one has {len(text)})."
            return render_template("notes.html", notes=NOTES, error=error, text=text), 400
        if "\x00" in text:  # a NUL byte: invisible, and cut off or refused by most storage
            error = "A note cannot contain a NUL character."
            return render_template("notes.html", notes=NOTES, error=error), 400
        NOTES.append(text)
        # Redirect after POST: a reload of the next page is a harmless GET, not a second POST.
        return redirect(url_for("notes"), code=303)
    return render_template("notes.html", notes=NOTES)


# exercise: end


@app.errorhandler(413)
def form_too_large(error):
    error = f"The form is larger than {app.config['MAX_CONTENT_LENGTH']} bytes."
    return render_template("notes.html", notes=NOTES, error=error), 413


# exercise: start - variable rules: /notes/<id:note_id>, /hello/<name>, /files/<path:subpath>
@app.route("/notes/<id:note_id>")
def note(note_id):
    if not 1 <= note_id <= len(NOTES):
        abort(404)
    return render_template("note.html", note_id=note_id, text=NOTES[note_id - 1])


@app.route("/hello/<name>")  # <name> is <string:name>: any text without a slash
def hello(name):
    return f"Hello, {escape(name)}!"


@app.route("/files/<path:subpath>")  # <path:...> accepts slashes too
def files(subpath):
    return f"File path: {escape(subpath)}"


# exercise: end
