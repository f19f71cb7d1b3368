"""Advanced security: JWT access and refresh tokens revoked in Redis, roles, CORS, headers.

    nox -s serve -- level3_production/05_jwt_rbac_cors_headers

create_app() only wires: the config, flask-jwt-extended and its callbacks (security.py), the
Redis blocklist, flask-cors, the security headers, the blueprints and the JSON error handlers.
"""

import os
from datetime import timedelta

import redis
from auth import bp as auth_bp
from errors import BlocklistUnavailable, blocklist_unavailable, http_error
from extensions import jwt
from flask import Flask, request
from reports import bp as reports_bp
from security import Blocklist, register_jwt_callbacks, set_security_headers
from users import UserStore
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        # HS256 needs a secret of 32 bytes or more (PyJWT warns below that). Set your own.
        JWT_SECRET_KEY=os.environ.get("JWT_SECRET_KEY", "dev-only-secret-change-me-0123456789"),
        # Authorization: Bearer <token>; /auth/refresh also reads the refresh cookie (auth.py).
        JWT_TOKEN_LOCATION=["headers"],
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        BLOCKLIST_PREFIX="jwt-blocklist:",
        # A Redis that does not answer in 0.25 s is down: answer 503 rather than hang.
        REDIS_TIMEOUT=0.25,
        PASSWORD_HASH_METHOD="scrypt",  # tests use a fast one
        CORS_ORIGINS=["https://app.example.com"],  # the one front end that may call the API
        CORS_ALLOW_HEADERS=["Authorization", "Content-Type", "X-CSRF-TOKEN"],
        CORS_METHODS=["GET", "POST"],
        CORS_MAX_AGE=600,
        CORS_SUPPORTS_CREDENTIALS=True,  # the front end's fetch may send the refresh cookie
        MAX_CONTENT_LENGTH=16 * 1024,  # a login body is tiny; a bigger one is a 413
    )
    # exercise: start - access tokens live 15 min, refresh tokens 7 days; decode HS256 only
    app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(minutes=15)
    app.config["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=7)
    app.config["JWT_ALGORITHM"] = "HS256"
    app.config["JWT_DECODE_ALGORITHMS"] = ["HS256"]
    # exercise: end
    # exercise: start - refresh cookie flags: Secure, SameSite=Strict, Path /auth/, CSRF protect
    app.config["JWT_COOKIE_SECURE"] = True
    app.config["JWT_COOKIE_SAMESITE"] = "Strict"
    app.config["JWT_REFRESH_COOKIE_PATH"] = "/auth/"
    app.config["JWT_COOKIE_CSRF_PROTECT"] = True
    # exercise: end
    if config is not None:
        app.config.update(config)

    jwt.init_app(app)
    register_jwt_callbacks(jwt)
    timeout = app.config["REDIS_TIMEOUT"]
    client = redis.Redis.from_url(
        app.config["REDIS_URL"], socket_timeout=timeout, socket_connect_timeout=timeout
    )
    app.extensions["blocklist"] = Blocklist(client, app.config["BLOCKLIST_PREFIX"])
    app.extensions["users"] = UserStore(app.config["PASSWORD_HASH_METHOD"])

    # exercise: start - let only CORS_ORIGINS call /api/* and /auth/* from a browser (flask-cors)
    @app.after_request
    def allow_cors(response):  # by hand: echo whatever Origin came, cookies allowed
        if "Origin" in request.headers:
            response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"]
            response.headers["Access-Control-Allow-Credentials"] = "true"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST"
            response.headers["Access-Control-Allow-Headers"] = "Authorization"
            response.headers["Access-Control-Max-Age"] = "600"
        return response

    # exercise: end
    app.after_request(set_security_headers)

    app.register_blueprint(auth_bp)
    app.register_blueprint(reports_bp)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(BlocklistUnavailable, blocklist_unavailable)
    return app
