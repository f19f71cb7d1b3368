"""The back office: every view needs the X-Admin-Key header; a 403 gets the admin's own page."""

import secrets

from flask import Blueprint, abort, current_app, render_template, request

from ..catalog import BOOKS

bp = Blueprint("admin", __name__, template_folder="templates")


@bp.before_request
def require_admin_key():
    """Runs before every view of this blueprint, and of no other."""
    sent = request.headers.get("X-Admin-Key", "")
    if not secrets.compare_digest(sent, current_app.config["ADMIN_KEY"]):
        abort(403)


@bp.get("/")
def index():
    return render_template("admin/index.html", books=BOOKS)


# exercise: start - handle 403 raised in this blueprint with the admin/forbidden.html page
@bp.errorhandler(403)
def forbidden(error):
    return render_template("admin/forbidden.html"), 403


# exercise: end
