"""What a request refused by the CSRF check gets: a 400 page that says why, and nothing done."""

from flask import render_template


def csrf_failed(error):
    """The handler of flask_wtf.csrf.CSRFError; error.description is Flask-WTF's reason."""
    return render_template("csrf_error.html", reason=error.description), 400


def too_large(error):
    """A body past MAX_CONTENT_LENGTH: refused before any form is read."""
    reason = "the form sent is too large."
    return render_template("csrf_error.html", reason=None, too_large=reason), 413
