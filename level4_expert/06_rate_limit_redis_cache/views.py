"""The API, in a blueprint: every view counts against the client's limit; forecasts are cached."""

import hashlib
import os
import re
import time
from collections import Counter

from cache import get_or_compute
from flask import Blueprint, current_app, jsonify
from limiting import api_limit, client_key

bp = Blueprint("api", __name__)
CITY = re.compile(r"[a-z]{1,40}")  # ASCII only: a clean cache key, and no "Paris" beside "paris"


def computations():
    """How many forecasts this process really computed, per city."""
    return current_app.extensions.setdefault("computations", Counter())


def slow_forecast(city):
    """The expensive part: SLOW_SECONDS of work, counted."""
    computations()[city] += 1
    time.sleep(current_app.config["SLOW_SECONDS"])
    digest = hashlib.sha256(city.encode()).digest()
    return {"city": city, "temperature": digest[0] % 35 - 5, "rain": digest[1] % 100}


@bp.get("/api/whoami")
@api_limit
def whoami():
    return jsonify(client=client_key())


@bp.get("/api/forecast/<city>")
@api_limit
def forecast(city):
    if not CITY.fullmatch(city):
        return jsonify(error="city must be 1 to 40 lowercase ASCII letters."), 400
    value, how = get_or_compute(f"forecast:{city}", lambda: slow_forecast(city))
    return jsonify(value), {"X-Cache": how}


@bp.get("/stats")
def stats():
    """Not limited: how many forecasts this worker computed."""
    return jsonify(computations())


def served_by(response):
    """Which worker answered (an after_request hook): the tests look for both."""
    response.headers["X-Worker-PID"] = str(os.getpid())
    return response


def too_many_requests(error):
    """The 429 in the app's JSON shape; Flask-Limiter adds Retry-After and X-RateLimit-*."""
    return jsonify(error=f"Too many requests: {error.description}."), 429
