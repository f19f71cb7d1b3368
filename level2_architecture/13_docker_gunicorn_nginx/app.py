"""A Flask app made to run behind a proxy: gunicorn runs it, nginx stands in front of gunicorn.

create_app() only wires: the config, ProxyFix around the WSGI app, the pages' blueprint (pages.py).
"""

import os

from flask import Flask
from pages import bp
from werkzeug.middleware.proxy_fix import ProxyFix


def create_app(config=None):
    app = Flask(__name__)
    # Trust the proxy's X-Forwarded-* headers only when a proxy really stands in front (default).
    app.config["BEHIND_PROXY"] = os.environ.get("BEHIND_PROXY", "1") != "0"
    if config is not None:
        app.config.update(config)

    if app.config["BEHIND_PROXY"]:
        # exercise: start - wrap app.wsgi_app: trust 1 proxy's X-Forwarded-For, -Proto, -Host
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
        # exercise: end

    app.register_blueprint(bp)
    return app
