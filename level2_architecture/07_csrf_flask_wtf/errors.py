"""What a refused request gets: a 400 that says why, as JSON for the API, as a page otherwise."""

from flask import current_app, render_template, request


def csrf_failed(error):
    """The handler of flask_wtf.csrf.CSRFError; error.description is Flask-WTF's reason."""
    # exercise: start - a 400 that says why: {"error": reason} under /api/, the csrf_error page else
    if request.path.startswith("/api/"):
        return {"error": error.description}, 400
    return render_template("csrf_error.html", reason=error.description), 400
    # exercise: end


def too_large(error):
    """413, a body over MAX_CONTENT_LENGTH: {"error": ...} under /api/, Flask's own page else."""
    if request.path.startswith("/api/"):
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        return {"error": f"The body is over {limit} bytes."}, 413
    return error
