"""The notes API: its own hooks gate every request with a token and hold one connection."""

import hmac
import os
import sqlite3

import click
from flask import Blueprint, abort, current_app, g, request
from flask.cli import with_appcontext
from werkzeug.exceptions import BadRequest

api = Blueprint("api", __name__)


# exercise: start - gate the blueprint: without a valid Bearer token, answer 401 before any view
@api.before_request
def require_token():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    tokens = current_app.config["API_TOKENS"]
    if scheme != "Bearer" or not any(
        hmac.compare_digest(token.encode(), known.encode()) for known in tokens
    ):
        error = {"error": {"status": 401, "message": "a valid Bearer token is required"}}
        return error, 401, {"WWW-Authenticate": 'Bearer realm="notes"'}
    return None  # None: go on to the next hook, then the view


# exercise: end


@api.before_request
def open_db():
    """Runs after the gate: a refused request never opens a connection."""
    g.db = sqlite3.connect(current_app.config["DATABASE"], timeout=10)


# exercise: start - a blueprint after_request: every API response says Cache-Control: no-store
@api.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


# exercise: end


# exercise: start - a blueprint teardown_request: roll back on an exception, always close g.db
@api.teardown_request
def close_db(exc: BaseException | None):
    db = g.pop("db", None)
    if db is not None:
        if exc is not None:
            db.rollback()  # nothing half-written
        db.close()


# exercise: end


@api.get("/notes")
def list_notes():
    rows = g.db.execute("SELECT id, text FROM note ORDER BY id").fetchall()
    return {"notes": [{"id": id_, "text": text} for id_, text in rows]}


@api.post("/notes")
def create_note():
    text = read_text()
    note_id = g.db.execute("INSERT INTO note (text) VALUES (?)", (text,)).lastrowid
    g.db.commit()
    return {"id": note_id, "text": text}, 201


def read_text() -> str:
    """The `text` of a JSON body {"text": "..."}, or a 4xx."""
    if not request.is_json:
        abort(415, "send the note as application/json")
    try:
        data = request.get_json()
    except (BadRequest, RecursionError):  # RecursionError: [[[[... nested too deep to parse
        abort(400, "the body is not valid JSON")
    if not isinstance(data, dict) or set(data) != {"text"}:
        abort(422, 'send an object {"text": "..."}')
    text = data["text"]
    if (
        not isinstance(text, str)
        or not 1 <= len(text) <= 200
        or "\x00" in text
        or any("\ud800" <= char <= "\udfff" for char in text)
    ):
        abort(422, "text must be 1 to 200 characters, without NUL or lone surrogates")
    return text


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Drop and create the note table."""
    os.makedirs(os.path.dirname(current_app.config["DATABASE"]) or ".", exist_ok=True)
    db = sqlite3.connect(current_app.config["DATABASE"])
    try:
        db.executescript(
            "DROP TABLE IF EXISTS note;"
            "CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
        )
    finally:
        db.close()
    click.echo("Initialised notes.db")
