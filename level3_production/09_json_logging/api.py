"""The API: who am I, log in, a page that fails. Each request is logged by logs.log_request."""

import json

from flask import Blueprint, abort, current_app, g, jsonify, request

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_app_request
def identify():
    """g.user from `Authorization: Bearer <token>`, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    g.user = current_app.config["TOKENS"].get(token) if scheme == "Bearer" else None


@bp.get("/me")
def me():
    if g.user is None:
        abort(401, "send Authorization: Bearer <token>")
    return jsonify(user=g.user)


@bp.post("/login")
def login():
    if not request.is_json:
        abort(415, "send application/json")
    try:
        body = json.loads(request.get_data())
    except (ValueError, RecursionError):
        abort(400, "the body is not valid JSON")
    if not isinstance(body, dict):
        abort(400, "send a JSON object")
    # The whole body goes to the log: its password is redacted there (logs.redact).
    current_app.logger.info("login attempt", extra={"body": body})
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or current_app.config["USERS"].get(username) != password:
        abort(401, "wrong username or password")
    tokens = {user: token for token, user in current_app.config["TOKENS"].items()}
    return jsonify(token=tokens[username])


@bp.get("/boom")
def boom():
    raise RuntimeError("something broke\non two lines")


@bp.post("/note")
def note():
    """Logs what the client sent as a message: newlines and all, still one JSON line."""
    text = request.get_data(as_text=True)
    current_app.logger.warning("note: %s", text)
    return jsonify(logged=len(text)), 202
