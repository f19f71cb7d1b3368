"""A Flask app that logs its users in with OpenID Connect: it is the relying party (RP), Authlib
is its OIDC client, and the OpenID Provider (OP) is found from its discovery document.

    flask --app level4_expert/07_oauth2_oidc_authlib/app.py run

with OIDC_DISCOVERY_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and SECRET_KEY in the environment.
The same code logs in with Keycloak or Microsoft Entra ID: only those values change.
"""

import os

from auth import auth, register_error_handlers
from flask import Flask
from oidc import register_provider

SETTINGS = {  # from the environment; the defaults fit provider.mjs on 127.0.0.1:5001
    "OIDC_DISCOVERY_URL": "http://127.0.0.1:5001/.well-known/openid-configuration",
    "OIDC_CLIENT_ID": "flask-app",
    "OIDC_CLIENT_SECRET": "dev-only-client-secret",  # a secret: from the environment, never git
    "SECRET_KEY": "dev-only-secret-key",  # signs the session cookie: set your own
    "SESSION_COOKIE_SECURE": "",  # "1" in production (HTTPS): the cookie is never sent in clear
}


def create_app(config=None):
    app = Flask(__name__)
    app.config.update({name: os.environ.get(name, default) for name, default in SETTINGS.items()})
    app.config.update(
        SESSION_COOKIE_NAME="rp_session",  # not the provider's cookies: same host, other port
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # sent on the provider's redirect back (a top-level GET)
        MAX_CONTENT_LENGTH=16 * 1024,
    )
    app.config.update(config or {})
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["SESSION_COOKIE_SECURE"])
    register_provider(app)
    app.register_blueprint(auth)
    register_error_handlers(app)
    return app
