"""What a refused request gets: a 400 that says why, as JSON for the API, as a page otherwise."""

from flask import render_template, request


def csrf_failed(error):
    """The handler of flask_wtf.csrf.CSRFError; error.description is Flask-WTF's reason."""
    # exercise: start - a 400 that says why: {"error": reason} under /api/, the csrf_error page else
    if request.path.startswith("/api/"):
        return {"error": error.description}, 400
    return render_template("csrf_error.html", reason=error.description), 400
    # exercise: end
