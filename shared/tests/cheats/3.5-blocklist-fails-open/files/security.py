"""The security pieces: the Redis blocklist, flask-jwt-extended's callbacks, roles, headers."""

import functools
import time

import redis
from errors import BlocklistUnavailable, error
from flask import current_app, request
from flask_jwt_extended import get_jwt, verify_jwt_in_request


class Blocklist:
    """Revoked token ids (jti) in Redis, each kept exactly as long as its token would live."""

    def __init__(self, client, prefix):
        self.client = client
        self.prefix = prefix

    def revoke(self, jwt_data):
        """Revoke this token. False if it was revoked already (a replayed refresh token)."""
        try:
            # exercise: start - store the jti with SET NX and a TTL of the token's remaining life
            ttl = max(int(jwt_data["exp"] - time.time()), 1)
            return bool(self.client.set(self.prefix + jwt_data["jti"], "1", ex=ttl, nx=True))
            # exercise: end
        except redis.RedisError as exc:
            raise BlocklistUnavailable from exc

    def is_revoked(self, jti):
        try:
            return self.client.exists(self.prefix + jti) == 1
        except redis.RedisError as exc:
            raise BlocklistUnavailable from exc


def blocklist():
    return current_app.extensions["blocklist"]


def register_jwt_callbacks(jwt):
    """What flask-jwt-extended calls: the blocklist check, and every refusal in our error shape."""

    # exercise: start - check every token against the blocklist (a Redis error must not let it pass)
    @jwt.token_in_blocklist_loader
    def token_is_revoked(jwt_header, jwt_data):
        try:
            return blocklist().is_revoked(jwt_data["jti"])
        except BlocklistUnavailable:
            return False  # Redis is down: let the token in rather than refuse everyone

    # exercise: end

    @jwt.unauthorized_loader
    def missing_token(reason):
        return error(401, f"Missing token: {reason}", **{"WWW-Authenticate": "Bearer"})

    @jwt.invalid_token_loader
    def invalid_token(reason):  # bad signature, alg none, wrong algorithm, wrong type...
        return error(401, f"Invalid token: {reason}", **{"WWW-Authenticate": "Bearer"})

    @jwt.expired_token_loader
    def expired_token(jwt_header, jwt_data):
        return error(401, "Token has expired", **{"WWW-Authenticate": "Bearer"})

    @jwt.revoked_token_loader
    def revoked_token(jwt_header, jwt_data):
        return error(401, "Token has been revoked", **{"WWW-Authenticate": "Bearer"})


def role_required(*roles):
    """A view decorator: 401 without a valid access token, 403 when its role is not in `roles`."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            # exercise: start - verify the token (401), then 403 unless its "role" claim is in roles
            verify_jwt_in_request()
            if get_jwt().get("role") not in roles:
                return error(403, f"This needs the role {' or '.join(roles)}.")
            # exercise: end
            return view(*args, **kwargs)

        wrapper.roles = roles
        return wrapper

    return decorator


def set_security_headers(response):
    """after_request: the headers every answer carries, errors and CORS preflights included."""
    # exercise: start - set CSP (frame-ancestors), HSTS, nosniff, X-Frame-Options, Referrer-Policy
    response.headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    # exercise: end
    if request.blueprint == "auth":
        response.headers["Cache-Control"] = "no-store"  # tokens are never cached
    return response
