"""The views: / (which release answered), /readyz (what switch.py waits on), /inflight (what
its drain waits on), /slow (a long request, to watch a drain)."""

import re
import time

from flask import Blueprint, abort, current_app, jsonify, request

bp = Blueprint("views", __name__)
SECONDS = re.compile(r"\d(\.\d{1,3})?", re.ASCII)  # 0 to 9.999: no "nan", "1e308" or "٣"
MAX_SLOW = 5.0


def release():
    return {"color": current_app.config["APP_COLOR"], "version": current_app.config["APP_VERSION"]}


@bp.get("/")
def index():
    return jsonify(release())


@bp.get("/readyz")
def readyz():
    """200 once this release can serve; 503 otherwise. nginx only ever sends traffic to a color
    that answered 200 here, with the version switch.py started it with."""
    if current_app.config["FAIL_READY"]:
        return jsonify(status="not ready", **release()), 503
    return jsonify(status="ready", **release())


@bp.get("/inflight")
def inflight():
    """The requests this process is serving, this one left out: what a drain waits on."""
    paths = current_app.extensions["in_flight"].now(leave_out=request.environ)
    return jsonify(in_flight=len(paths), paths=paths)


@bp.get("/slow")
def slow():
    """Answers after ?seconds= (at most 5): a request still in flight while blue drains."""
    raw = request.args.get("seconds", "1")
    if not SECONDS.fullmatch(raw) or float(raw) > MAX_SLOW:
        abort(400, description=f"seconds: a number from 0 to {MAX_SLOW:g}, like 0.5")
    time.sleep(float(raw))
    return jsonify(slept=float(raw), **release())


def add_version_header(response):
    """Every response says which release sent it, errors included."""
    response.headers["X-App-Version"] = current_app.config["APP_VERSION"]
    return response


def http_error(error):
    """Every HTTP error in one JSON shape; nginx.conf answers its own 502 in the same one."""
    return jsonify(error=error.description, status=error.code), error.code
