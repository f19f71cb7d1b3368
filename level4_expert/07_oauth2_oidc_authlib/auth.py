"""Log in, call the provider with the access token (refreshed when it is about to expire), log out.

GET  /login        302 to the provider's authorization endpoint (state, nonce, PKCE S256)
GET  /callback     the provider sends the browser back here with ?code=...&state=...
GET  /api/me       the provider's userinfo, with the session's access token
POST /logout       revoke the refresh token, end the session here and at the provider
GET  /logged-out   the provider sends the browser back here after its logout
"""

import time

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from joserfc.errors import JoseError
from werkzeug.exceptions import HTTPException

auth = Blueprint("auth", __name__)
REFRESH_MARGIN = 30  # seconds: an access token this close to its expiry is refreshed first


def idp():
    """The provider's Authlib client (oidc.py)."""
    return current_app.extensions["oidc"]


class LoginFailed(Exception):
    """The provider's answer at the callback was refused: the user is not logged in."""


class SessionEnded(Exception):
    """The provider no longer honours the session's tokens: log in again."""


@auth.get("/")
def home():
    message = "You are logged out." if request.args.get("logged_out") else None
    return render_template("home.html", user=session.get("user"), message=message)


@auth.get("/health")
def health():
    return {"status": "ok"}


@auth.get("/login")
def login():
    # prompt=consent: the provider grants offline_access (a refresh token) only with it
    return idp().authorize_redirect(url_for("auth.callback", _external=True), prompt="consent")


@auth.get("/callback")
def callback():
    try:
        # exercise: start - authorize_access_token, with claims_options requiring iss and aud
        rules = {  # Authlib checks the signature, exp and nonce; aud only when told to
            "iss": {"essential": True, "value": idp().load_server_metadata()["issuer"]},
            "aud": {"essential": True, "value": idp().client_id},
        }
        token = idp().authorize_access_token(claims_options=rules)
        # Authlib has checked the state, sent the PKCE verifier, and verified the id_token:
        claims = token["userinfo"]  # RS256 on the JWKS, iss, aud, exp, nonce
        # exercise: end
    except (OAuthError, JoseError, KeyError) as exc:
        raise LoginFailed(reason(exc)) from None
    session.clear()  # a new session for the new user: nothing of the anonymous one is kept
    session["user"] = {"sub": claims["sub"], "iss": claims["iss"]}
    session["id_token"] = token["id_token"]  # the id_token_hint of the logout
    session["token"] = {
        key: token.get(key) for key in ("access_token", "refresh_token", "expires_at")
    }
    return redirect(url_for("auth.home"))


def reason(exc: Exception) -> str:
    """Why a login failed, e.g. "invalid_claim: Invalid claim: 'nonce'"."""
    error = getattr(exc, "error", None) or type(exc).__name__
    description = getattr(exc, "description", None)
    return f"{error}: {description}" if description else error


def fresh_token() -> dict:
    """The session's tokens, refreshed first when the access token is (about to be) expired."""
    token = session["token"]
    if token["expires_at"] - time.time() > REFRESH_MARGIN:
        return token
    try:
        new = idp().fetch_access_token(
            grant_type="refresh_token", refresh_token=token["refresh_token"]
        )
    except OAuthError:  # invalid_grant: revoked, expired, or the user logged out elsewhere
        session.clear()
        raise SessionEnded() from None
    token = {
        "access_token": new["access_token"],
        "refresh_token": new.get("refresh_token", token["refresh_token"]),  # rotated, or kept
        "expires_at": new["expires_at"],
    }
    session["token"] = token
    return token


@auth.get("/api/me")
def me():
    if "user" not in session:
        return error(401, "log in first: /login")
    response = idp().get(idp().load_server_metadata()["userinfo_endpoint"], token=fresh_token())
    if response.status_code == 401:  # the provider revoked the access token
        session.clear()
        raise SessionEnded()
    response.raise_for_status()
    return {"userinfo": response.json(), "expires_at": session["token"]["expires_at"]}


@auth.post("/logout")
def logout():
    if request.origin not in (None, request.host_url.rstrip("/")):  # a form of another site
        return error(403, "logout must come from this site")
    id_token = session.get("id_token")
    refresh_token = (session.get("token") or {}).get("refresh_token")
    session.clear()
    if id_token is None:  # not logged in here: nothing to end at the provider
        return redirect(url_for("auth.home"))
    # exercise: start - revoke the refresh token; redirect to the provider's end_session
    if refresh_token:
        revoke(refresh_token)
    return idp().logout_redirect(
        post_logout_redirect_uri=url_for("auth.logged_out", _external=True),
        id_token_hint=id_token,
    )
    # exercise: end


def revoke(refresh_token: str) -> None:
    """RFC 7009: the refresh token is dead at the provider, whoever holds a copy. Best effort:
    the session here is already gone, and the browser still goes to the provider's logout."""
    endpoint = idp().load_server_metadata().get("revocation_endpoint")
    if not endpoint:  # Entra ID publishes none: the token then lives until it expires
        return
    try:
        with OAuth2Session(idp().client_id, idp().client_secret, default_timeout=5) as client:
            client.revoke_token(endpoint, token=refresh_token, token_type_hint="refresh_token")
    except requests.RequestException as exc:
        current_app.logger.warning("refresh token not revoked: %s", type(exc).__name__)


@auth.get("/logged-out")
def logged_out():
    try:
        idp().validate_logout_response()  # the state this app sent with the logout
    except OAuthError:
        return error(400, "unknown logout: no logout was started from this session")
    return redirect(url_for("auth.home", logged_out=1))


def error(status: int, message: str):
    return {"error": {"status": status, "message": message}}, status


def register_error_handlers(app):
    @app.errorhandler(LoginFailed)
    def login_failed(exc):
        current_app.logger.warning("login refused: %s", exc)
        return error(400, f"login failed ({exc}): start again at /login")

    @app.errorhandler(SessionEnded)
    def session_ended(exc):
        return error(401, "your session has ended at the provider: log in again at /login")

    @app.errorhandler(requests.RequestException)
    def provider_down(exc):
        current_app.logger.warning("the identity provider did not answer: %s", type(exc).__name__)
        return error(503, "the identity provider is unavailable; retry soon")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        return error(exc.code, exc.description)
