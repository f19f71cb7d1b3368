"""The three probes. /healthz: is this process alive? /readyz: can it serve (are its dependencies
up)? /metrics: Prometheus's text format, readiness included."""

from checks import CHECKS
from flask import Blueprint, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

bp = Blueprint("probes", __name__)


def run_checks():
    """Run every dependency's check; record each in the metrics. {"postgres": "ok", ...}"""
    metrics = current_app.extensions["metrics"]
    results = {}
    for name, (check, url_key) in CHECKS.items():
        results[name] = check(current_app.config[url_key], current_app.config["READINESS_TIMEOUT"])
        metrics.ready.labels(dependency=name).set(1 if results[name] == "ok" else 0)
        metrics.checks.labels(dependency=name, result=results[name]).inc()
    return results


# exercise: start - /healthz answers 200 without touching any dependency
@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


# exercise: end


# exercise: start - /readyz: 200 when every check is "ok", else 503 naming the failed ones
@bp.get("/readyz")
def readyz():
    results = run_checks()
    failed = sorted(name for name, result in results.items() if result != "ok")
    if failed:
        return jsonify(status="unavailable", checks=results, failed=failed), 503
    return jsonify(status="ready", checks=results)


# exercise: end


# exercise: start - /metrics: generate_latest(registry) with Prometheus's content type
@bp.get("/metrics")
def metrics():
    run_checks()
    body = generate_latest(current_app.extensions["metrics"].registry)
    return body, 200, {"Content-Type": CONTENT_TYPE_LATEST}


# exercise: end


def http_error(error):
    """Every HTTP error in the same JSON shape: {"error": "...", "status": 405}."""
    return jsonify(error=error.description, status=error.code), error.code
