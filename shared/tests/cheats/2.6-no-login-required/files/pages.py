"""The pages: a home page for everybody, a profile page for logged-in users only."""

from urllib.parse import quote

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    return render_template("index.html")


# exercise: start - a /profile page that only a logged-in user can open (login_required)
@bp.get("/profile")
def profile():
    if not current_user.is_authenticated:  # anonymous: off to the login page, and back here after
        return redirect(url_for("auth.login") + "?next=" + quote(request.path, safe=""))
    return render_template("profile.html")


# exercise: end
