"""A Flask app made to run behind a proxy: gunicorn runs it, nginx stands in front of gunicorn."""

import os

from flask import Flask, jsonify, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

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


def create_app(test_config=None):
    app = Flask(__name__)
    # Trust the proxy's X-Forwarded-* headers only when a proxy really stands in front (default).
    app.config["BEHIND_PROXY"] = os.environ.get("BEHIND_PROXY", "1") != "0"
    if test_config:
        app.config.update(test_config)

    if app.config["BEHIND_PROXY"]:
        # exercise: start - wrap app.wsgi_app: trust 1 proxy's X-Forwarded-For, -Proto, -Host
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
        # exercise: end

    @app.get("/")
    def index():
        css = url_for("static", filename="style.css")
        return PAGE.format(css=css, whoami=url_for("whoami"))

    @app.get("/healthz")
    def healthz():
        """For Docker's HEALTHCHECK and the load balancer: cheap, no database."""
        return jsonify(status="ok")

    @app.get("/whoami")
    def whoami():
        """What the app believes about the request: the client, the scheme, the host."""
        return jsonify(
            remote_addr=request.remote_addr,
            scheme=request.scheme,
            host=request.host,
            url=url_for("whoami", _external=True),
            x_forwarded_for=request.headers.get("X-Forwarded-For"),
            x_real_ip=request.headers.get("X-Real-IP"),
        )

    return app
