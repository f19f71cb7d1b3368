"""/auth: log in for an access and a refresh token, rotate the refresh token, log out."""

from errors import error
from flask import Blueprint, current_app, jsonify, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    jwt_required,
    set_refresh_cookies,
    unset_jwt_cookies,
)
from security import blocklist

bp = Blueprint("auth", __name__, url_prefix="/auth")


def credentials():
    """(name, password) from a JSON object, or an error response."""
    if not request.is_json:
        return None, error(415, "Send JSON (Content-Type: application/json).")
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # JSON nested thousands deep
        body = None
    if not isinstance(body, dict):
        return None, error(400, "The body must be a JSON object.")
    name, password = body.get("username"), body.get("password")
    if not (isinstance(name, str) and isinstance(password, str)) or not name or not password:
        return None, error(400, "username and password must be non-empty strings.")
    if len(name) > 64 or len(password) > 256:
        return None, error(400, "username or password is too long.")
    try:
        password.encode("utf-8")  # a lone surrogate cannot be hashed
        name.encode("utf-8")
    except UnicodeEncodeError:
        return None, error(400, "username and password must be valid Unicode text.")
    return (name, password), None


def tokens_for(name, role):
    # exercise: start - an access token carrying the role claim, and a refresh token
    access = create_access_token(identity=name, additional_claims={"role": role})
    refresh = create_refresh_token(identity=name)
    # exercise: end
    response = jsonify(access_token=access, refresh_token=refresh, token_type="Bearer")
    # exercise: start - also set the refresh token as a cookie (flask-jwt-extended sets the flags)
    set_refresh_cookies(response, refresh)
    # exercise: end
    return response


@bp.post("/login")
def login():
    given, problem = credentials()
    if problem:
        return problem
    role = current_app.extensions["users"].check(*given)
    if role is None:
        return error(401, "Wrong username or password.", **{"WWW-Authenticate": "Bearer"})
    return tokens_for(given[0], role)


@bp.post("/refresh")
@jwt_required(refresh=True, locations=["headers", "cookies"])
def refresh():
    """Rotation: the refresh token is spent (revoked) and a new pair comes back.

    A browser sends it as the cookie, with the X-CSRF-TOKEN header copied from the
    csrf_refresh_token cookie; an API client sends it as a Bearer header."""
    name = get_jwt_identity()
    role = current_app.extensions["users"].role_of(name)  # the role as it is now
    # exercise: start - revoke this refresh token first; if it was revoked already, answer 401
    if not blocklist().revoke(get_jwt()):
        return error(401, "Token has been revoked", **{"WWW-Authenticate": "Bearer"})
    # exercise: end
    if role is None:
        return error(401, "This user no longer exists.", **{"WWW-Authenticate": "Bearer"})
    return tokens_for(name, role)


@bp.post("/logout")
@jwt_required(verify_type=False)
def logout():
    """Revoke the token sent: call it with the access token, then with the refresh token."""
    jwt_data = get_jwt()
    blocklist().revoke(jwt_data)
    response = jsonify(revoked=jwt_data["type"])
    unset_jwt_cookies(response)  # the browser forgets the refresh cookie too
    return response
