"""POST /notes: a note is only an audit entry here, so the extension has something to log."""

from extensions import audit
from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

bp = Blueprint("notes", __name__)


def json_error(exc: Exception):
    """Every error of the API as {"error": "..."}; a crash is logged and says nothing more."""
    if not isinstance(exc, HTTPException):
        current_app.logger.error("unhandled exception", exc_info=exc)
        exc = InternalServerError()
    return jsonify(error=exc.description), exc.code


def valid_text(text) -> bool:
    if not isinstance(text, str) or not 1 <= len(text) <= 200 or "\0" in text:
        return False
    try:
        text.encode("utf-8")  # a lone surrogate ("\ud800") is valid JSON, but not text
    except UnicodeEncodeError:
        return False
    return True


@bp.post("/notes")
def create_note():
    try:
        body = request.get_json()  # 415 unless application/json; 413 over MAX_CONTENT_LENGTH
    except RecursionError:  # "[[[[...": deeper than Python's recursion limit
        raise BadRequest("the body is not valid JSON") from None
    text = body.get("text") if isinstance(body, dict) else None
    if not valid_text(text):
        return jsonify(error="text must be a string of 1 to 200 characters, without NUL"), 422
    entry_id = audit.record("note.created", text)
    return jsonify(audit_id=entry_id), 201
