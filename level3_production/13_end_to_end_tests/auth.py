"""Register, log in and log out: the auth blueprint, and how Flask-Login finds a user."""

import re
from functools import cache

from extensions import db, login_manager
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from models import User, new_session_token
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

USERNAME = re.compile(r"[a-z0-9_]{3,30}")
PASSWORD_MIN = 8

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_token):
    return db.session.scalars(db.select(User).filter_by(session_token=session_token)).first()


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def dummy_hash(method):
    """Checked when the username is unknown, so that case costs as much time as a wrong password."""
    return generate_password_hash("not-anybody's-password", method=method)


def is_safe_next(target):
    """True only for a path on this site: '/profile' yes; 'https://evil.example/' no."""
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    )


def find_user(username):
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()


@bp.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "GET":
        return render_template("register.html")
    username = request.form.get("username", "").strip().lower()
    password = request.form.get("password", "")
    if not USERNAME.fullmatch(username):
        error = "Username: 3 to 30 letters, digits or _."
        return render_template("register.html", username=username, error=error), 400
    if len(password) < PASSWORD_MIN:
        error = f"Password: at least {PASSWORD_MIN} characters."
        return render_template("register.html", username=username, error=error), 400
    taken = "That username is already taken."
    if find_user(username) is not None:  # the usual case, answered without an INSERT
        return render_template("register.html", username=username, error=taken), 409
    user = User(username=username, password_hash=hash_password(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # another request took the name since find_user(): UNIQUE said no
        db.session.rollback()
        return render_template("register.html", username=username, error=taken), 409
    flash("Account created. You can log in now.")
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.values.get("next", "")  # ?next=... on GET, a hidden field on POST
    if request.method == "GET":
        return render_template("login.html", next=next_url)
    username = request.form.get("username", "").strip().lower()
    user = find_user(username)
    stored = user.password_hash if user else dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    password_ok = check_password_hash(stored, request.form.get("password", ""))
    if user is None or not password_ok:
        error = "Invalid username or password."
        return render_template("login.html", next=next_url, username=username, error=error), 401
    login_user(user, remember=request.form.get("remember") == "on")
    return redirect(next_url if is_safe_next(next_url) else url_for("pages.index"))


@bp.post("/logout")
@login_required
def logout():
    current_user.session_token = new_session_token()
    db.session.commit()
    logout_user()
    flash("You are logged out.")
    return redirect(url_for("pages.index"))
