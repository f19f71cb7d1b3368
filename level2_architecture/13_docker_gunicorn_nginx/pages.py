"""The app's three pages, in a blueprint: the home page, /healthz and /whoami."""

from flask import Blueprint, jsonify, request, url_for

bp = Blueprint("pages", __name__)

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Behind nginx</title>
  <link rel="stylesheet" href="{css}">
</head>
<body>
  <h1>Hello from Flask, behind gunicorn and nginx</h1>
  <p>This page came from Flask. Its stylesheet came from nginx.</p>
  <p>See <a href="{whoami}">what the app knows about you</a>.</p>
</body>
</html>
"""


@bp.get("/")
def index():
    css = url_for("static", filename="style.css")
    return PAGE.format(css=css, whoami=url_for("pages.whoami"))


@bp.get("/healthz")
def healthz():
    """For Docker's HEALTHCHECK and the load balancer: cheap, no database."""
    return jsonify(status="ok")


@bp.get("/whoami")
def whoami():
    """What the app believes about the request: the client, the scheme, the host."""
    return jsonify(
        remote_addr=request.remote_addr,
        scheme=request.scheme,
        host=request.host,
        url=url_for("pages.whoami", _external=True),
        x_forwarded_for=request.headers.get("X-Forwarded-For"),
        x_real_ip=request.headers.get("X-Real-IP"),
    )
