"""The views: `g` holds what belongs to this request only; helpers find the app by themselves."""

import re
import time

from db import get_db
from flask import Blueprint, abort, g, request, url_for
from helpers import greeting
from reports import start_report
from werkzeug.exceptions import HTTPException

main = Blueprint("main", __name__)

MAX_WAIT = 1.0  # seconds: /greet may pretend to be slow, never for long
ASCII_NUMBER = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3})?", re.ASCII)
ASCII_ID = re.compile(r"[0-9]{1,18}", re.ASCII)  # below 2^63: SQLite's INTEGER holds it


@main.app_errorhandler(HTTPException)
def json_error(exc: HTTPException):
    return {"error": {"status": exc.code, "message": exc.description}}, exc.code


@main.get("/greet/<name>")
def greet(name: str):
    if not 1 <= len(name) <= 40 or not name.isprintable():
        abort(400, "name must be 1 to 40 printable characters")
    wait = request.args.get("wait", "0")
    if not ASCII_NUMBER.fullmatch(wait) or float(wait) > MAX_WAIT:
        abort(400, f"wait must be a number of seconds from 0 to {MAX_WAIT}")
    # exercise: start - keep the visitor in g: this request's own, not a module global
    g.visitor = name  # another request at the same time has its own g
    # exercise: end
    db = get_db()
    db.execute("INSERT INTO visit (name) VALUES (?)", (name,))
    db.commit()
    time.sleep(float(wait))  # slow work (a call to another service): other requests run meanwhile
    [visits] = db.execute("SELECT count(*) FROM visit WHERE name = ?", (g.visitor,)).fetchone()
    return {"greeting": greeting(g.visitor), "visitor": g.visitor, "visits": visits}


@main.post("/reports")
def create_report():
    db = get_db()
    report_id = db.execute("INSERT INTO report (status) VALUES ('pending')").lastrowid
    db.commit()
    start_report(report_id)
    location = url_for(".get_report", report_id=report_id)
    return {"id": report_id, "status": "pending"}, 202, {"Location": location}


@main.get("/reports/<report_id>")
def get_report(report_id: str):
    if not ASCII_ID.fullmatch(report_id):
        abort(404, f"no report {report_id}")
    row = get_db().execute("SELECT * FROM report WHERE id = ?", (int(report_id),)).fetchone()
    if row is None:
        abort(404, f"no report {report_id}")
    return dict(row)
