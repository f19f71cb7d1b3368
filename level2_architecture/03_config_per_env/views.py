"""The routes, in a blueprint: they read the settings of whichever app serves the request."""

from flask import Blueprint, current_app, session

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    # What this environment runs with. Never the secret key itself.
    return {
        "env": current_app.config["APP_ENV"],
        "debug": bool(current_app.debug),  # FLASK_DEBUG=0 loads as the number 0
        "testing": current_app.testing,
        "log_level": current_app.config["LOG_LEVEL"],
        "session_cookie_secure": current_app.config["SESSION_COOKIE_SECURE"],
    }


@bp.get("/visits")
def visits():
    # The session cookie is signed with SECRET_KEY; in production it is marked Secure.
    session["visits"] = session.get("visits", 0) + 1
    return {"visits": session["visits"]}
