"""The pages: a home page for everybody, a profile page for logged-in users only."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    return render_template("index.html")


# exercise: start - a /profile page that only a logged-in user can open (login_required)
@bp.get("/profile")
@login_required
def profile():
    return render_template("profile.html")


# exercise: end
