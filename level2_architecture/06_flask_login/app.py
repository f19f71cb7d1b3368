"""Session login with Flask-Login: register, log in (remember me), log out, protected pages."""

import re

from flask import Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, login_required, login_user, logout_user
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

USERNAME = re.compile(r"[a-z0-9_]{3,30}")
PASSWORD_MIN = 8
# Checked when the username is unknown, so that case costs as much time as a wrong password.
DUMMY_HASH = generate_password_hash("not-anybody's-password")


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()


class User(UserMixin, db.Model):  # UserMixin gives is_authenticated, get_id(), ...
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # never the password itself


# exercise: start - tell Flask-Login how to load a user from the id stored in the session
@login_manager.user_loader
def load_user(user_id):
    return db.session.get(User, int(user_id))


# exercise: end


def is_safe_next(target):
    """True only for a path on this site: '/profile' yes; 'https://evil.example/' no."""
    # exercise: start - accept "/path" only: no scheme, no "//host", no backslash, no control char
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    )
    # exercise: end


def find_user(username):
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()


def create_app(test_config=None):
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "dev-only-change-me"  # signs the session and remember-me cookies
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///users.db"  # instance/users.db
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY=... in the environment overrides it
    if test_config:
        app.config.update(test_config)
    db.init_app(app)
    # exercise: start - attach Flask-Login to the app; send anonymous users to the "login" view
    login_manager.init_app(app)
    login_manager.login_view = "login"
    # exercise: end
    with app.app_context():
        db.create_all()

    @app.get("/")
    def index():
        return render_template("index.html")

    @app.route("/register", methods=["GET", "POST"])
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
        if find_user(username) is not None:
            error = "That username is already taken."
            return render_template("register.html", username=username, error=error), 409
        # exercise: start - build the User with a hash of the password (never the password itself)
        user = User(username=username, password_hash=generate_password_hash(password))
        # exercise: end
        db.session.add(user)
        db.session.commit()
        flash("Account created. You can log in now.")
        return redirect(url_for("login"))

    @app.route("/login", methods=["GET", "POST"])
    def login():
        next_url = request.values.get("next", "")  # ?next=... on GET, a hidden field on POST
        if request.method == "GET":
            return render_template("login.html", next=next_url)
        username = request.form.get("username", "").strip().lower()
        user = find_user(username)
        # exercise: start - check the password against the stored hash; one answer for any failure
        stored = user.password_hash if user else DUMMY_HASH
        password_ok = check_password_hash(stored, request.form.get("password", ""))
        if user is None or not password_ok:
            error = "Invalid username or password."
            return render_template("login.html", next=next_url, username=username, error=error), 401
        # exercise: end
        # exercise: start - log the user in; set the remember-me cookie only if the box was ticked
        login_user(user, remember=request.form.get("remember") == "on")
        # exercise: end
        return redirect(next_url if is_safe_next(next_url) else url_for("index"))

    # exercise: start - a /profile page that only a logged-in user can open (login_required)
    @app.get("/profile")
    @login_required
    def profile():
        return render_template("profile.html")

    # exercise: end

    @app.post("/logout")
    @login_required
    def logout():
        # exercise: start - log the user out (this also forgets the remember-me cookie)
        logout_user()
        # exercise: end
        flash("You are logged out.")
        return redirect(url_for("index"))

    return app
