"""Reading what the client sent: the query string, form fields and a JSON body.

Every bad value gets a 4xx answer with a JSON message that names the problem.
Run it from the repository root:

    flask --app level1_basics/04_request_data/app.py run
"""

import json
from typing import NoReturn
from urllib.parse import parse_qs

from flask import Flask, abort, jsonify, make_response, request
from werkzeug.exceptions import RequestEntityTooLarge

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024  # a bigger body is refused (413) before it is read

BOOKS = [
    "Flask Web Development",
    "Fluent Python",
    "Effective Python",
    "Python Crash Course",
    "Architecture Patterns with Python",
    "Test-Driven Development with Python",
    "Two Scoops of Django",
]
JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
              int: "an integer", float: "a decimal number", type(None): "null"}  # fmt: skip
NAME_MAX = 100
QUANTITY_MAX = 1000


def fail(status: int, message: str) -> NoReturn:
    """Stop the request with a JSON error: {"error": message}."""
    abort(make_response(jsonify(error=message), status))


@app.errorhandler(RequestEntityTooLarge)
def body_too_large(error):
    return {"error": f"request body is larger than {app.config['MAX_CONTENT_LENGTH']} bytes"}, 413


def ascii_int(text: str) -> int:
    """int() for ASCII digits only: int() also reads "٣" (3), "1_000" and " 7 "."""
    if not (text.isascii() and text.removeprefix("-").isdigit()):
        raise ValueError(f"not an ASCII integer: {text!r}")
    return int(text)


def int_arg(name: str, default: int, minimum: int, maximum: int) -> int:
    """An integer from the query string: the default when absent, a 400 when not valid."""
    # exercise: start - request.args.get(..., type=ascii_int); 400 if not an int or out of range
    params = parse_qs(request.query_string.decode(), keep_blank_values=True)
    if name not in params:
        return default
    raw = params[name][0]
    try:
        value = ascii_int(raw)
    except ValueError:
        fail(400, f"query parameter '{name}' must be an integer, got {raw!r}")
    if not minimum <= value <= maximum:
        fail(400, f"query parameter '{name}' must be between {minimum} and {maximum}, got {value}")
    return value
    # exercise: end


@app.get("/search")
def search():
    # exercise: start - read the required ?q= and the optional ?page= and ?per_page=
    params = parse_qs(request.query_string.decode(), keep_blank_values=True)
    q = params.get("q", [""])[0].strip()
    if not q:
        fail(400, "query parameter 'q' is required")
    page = int_arg("page", default=1, minimum=1, maximum=1000)
    per_page = int_arg("per_page", default=5, minimum=1, maximum=50)
    # exercise: end
    matches = [title for title in BOOKS if q.lower() in title.lower()]
    start = (page - 1) * per_page
    results = matches[start : start + per_page]
    return {"q": q, "page": page, "per_page": per_page, "total": len(matches), "results": results}


@app.post("/signup")
def signup():
    # exercise: start - read "username" (required) and "age" (optional int) from request.form
    username = request.form.get("username", "").strip()
    if not username:
        fail(400, "form field 'username' is required")
    if not (3 <= len(username) <= 20 and username.isalnum()):
        fail(400, "form field 'username' must be 3 to 20 letters or digits")
    raw_age = request.form.get("age", "").strip()  # a browser sends age= for an empty field
    age = None
    if raw_age:
        try:
            age = ascii_int(raw_age)
        except ValueError:
            fail(400, f"form field 'age' must be an integer, got {raw_age!r}")
        if not 13 <= age <= 120:
            fail(400, f"form field 'age' must be between 13 and 120, got {age}")
    # exercise: end
    return {"username": username, "age": age}, 201


@app.post("/api/items")
def create_item():
    # exercise: start - read request.json: 415 if Content-Type is not JSON, 400 if not valid JSON
    content_type = request.headers.get("Content-Type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        fail(415, "Content-Type must be application/json")
    try:
        data = json.loads(request.get_data())
    except RecursionError:
        fail(400, "request body is nested too deeply")
    except ValueError:
        fail(400, "request body is not valid JSON")
    # exercise: end
    # exercise: start - check the shape: an object with "name" (string) and "quantity" (int 1-1000)
    if not isinstance(data, dict):
        fail(400, f"JSON body must be an object, got {JSON_TYPES[type(data)]}")
    name = data.get("name")
    if name is None:
        fail(400, "field 'name' is required")
    if not isinstance(name, str):
        fail(400, f"field 'name' must be a string, got {JSON_TYPES[type(name)]}")
    if not name.strip():
        fail(400, "field 'name' must not be empty")
    # isprintable() is False for NUL, control characters and lone surrogates ("\ud800").
    if not (name.isprintable() and len(name.strip()) <= NAME_MAX):
        fail(400, f"field 'name' must be printable text of at most {NAME_MAX} characters")
    quantity = data.get("quantity", 1)
    if type(quantity) is not int:  # not isinstance: True would pass as an int
        fail(400, f"field 'quantity' must be an integer, got {JSON_TYPES[type(quantity)]}")
    if not 1 <= quantity <= QUANTITY_MAX:
        fail(400, f"field 'quantity' must be between 1 and {QUANTITY_MAX}, got {quantity}")
    # exercise: end
    return {"name": name.strip(), "quantity": quantity}, 201
