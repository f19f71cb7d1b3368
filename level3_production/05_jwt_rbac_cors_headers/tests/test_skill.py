"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

flask-jwt-extended says which blocklist callback it calls (`app.extensions["flask-jwt-extended"]`),
Flask which after_request functions run (`app.after_request_funcs`), the tokens themselves what
they claim (decoded with PyJWT), and Redis what the blocklist holds and for how long.
A failing check starts with "Skill missing: ".
"""

import time
from datetime import timedelta

import jwt as pyjwt
import pytest
from security import set_security_headers

from shared.testing import free_port

ALLOWED = "https://app.example.com"
SECRET = "test-secret-long-enough-for-hs256-and-for-hs512-forgeries-0123456789"


def claims(token):
    return pyjwt.decode(token, SECRET, algorithms=["HS256"])


# --- app.py: expiry and the one accepted algorithm ----------------------------------------------


def test_skill_tokens_expire_and_only_hs256_is_accepted(app, login):
    assert app.config["JWT_ACCESS_TOKEN_EXPIRES"] == timedelta(minutes=15), (
        "Skill missing: set JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=15)"
    )
    assert app.config["JWT_REFRESH_TOKEN_EXPIRES"] == timedelta(days=7), (
        "Skill missing: set JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=7) (the default is 30 days)"
    )
    assert app.config["JWT_DECODE_ALGORITHMS"] == ["HS256"], (
        'Skill missing: set JWT_DECODE_ALGORITHMS = ["HS256"]: accept no other algorithm'
    )
    tokens = login("carol")
    access, refresh = claims(tokens["access_token"]), claims(tokens["refresh_token"])
    assert access["exp"] - access["iat"] == 15 * 60
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 3600
    assert pyjwt.get_unverified_header(tokens["access_token"])["alg"] == "HS256"


# --- auth.py: the role claim --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "role"), [("alice", "admin"), ("bob", "analyst")])
def test_skill_the_access_token_carries_the_role_claim(login, name, role):
    tokens = login(name)
    access, refresh = claims(tokens["access_token"]), claims(tokens["refresh_token"])
    assert access.get("role") == role, (
        "Skill missing: create_access_token(identity=name, additional_claims={'role': role})"
    )
    assert (access["sub"], access["type"]) == (name, "access")
    assert (refresh["sub"], refresh["type"]) == (name, "refresh"), (
        "Skill missing: make the refresh token with create_refresh_token(identity=name)"
    )
    assert access["jti"] != refresh["jti"]


# --- security.py: the blocklist in Redis --------------------------------------------------------


def test_skill_revoking_stores_the_jti_with_the_tokens_remaining_life(
    client, login, bearer, redis_client
):
    tokens = login("carol")
    access, refresh = claims(tokens["access_token"]), claims(tokens["refresh_token"])
    for token in (tokens["access_token"], tokens["refresh_token"]):
        assert client.post("/auth/logout", headers=bearer(token)).status_code == 200
    for data in (access, refresh):
        key = f"jwt-blocklist:{data['jti']}"
        ttl = redis_client.ttl(key)
        left = data["exp"] - time.time()
        assert redis_client.exists(key), (
            "Skill missing: Blocklist.revoke must store the token's jti in Redis"
        )
        assert left - 5 <= ttl <= left + 1, (
            "Skill missing: give the blocklist key a TTL of the token's remaining life "
            f"(exp - now = {left:.0f} s), got {ttl}: no TTL keeps it forever, a shorter one "
            "lets the token back in before it expires"
        )


def test_skill_revoke_is_set_nx_so_a_second_revoke_says_so(app, login):
    data = claims(login("carol")["refresh_token"])
    blocklist = app.extensions["blocklist"]
    assert blocklist.revoke(data) is True, "Skill missing: revoke() returns True when it stored"
    assert blocklist.revoke(data) is False, (
        "Skill missing: revoke() with SET ... NX: False when the jti was revoked already "
        "(that is what stops a refresh token being used twice at once)"
    )


def test_skill_every_token_is_checked_against_the_blocklist(app, client, login, bearer):
    manager = app.extensions["flask-jwt-extended"]
    assert manager._token_in_blocklist_callback.__name__ != "default_blocklist_callback", (
        "Skill missing: register a @jwt.token_in_blocklist_loader that looks the jti up in Redis"
    )
    token = login("carol")["access_token"]
    app.extensions["blocklist"].revoke(claims(token))
    response = client.get("/api/me", headers=bearer(token))
    assert response.status_code == 401, (
        "Skill missing: the token_in_blocklist_loader must return True for a revoked jti"
    )
    assert response.get_json() == {"error": "Token has been revoked"}


def test_skill_the_blocklist_check_fails_closed_when_redis_is_down(app_on, forge, bearer):
    dead = app_on(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    response = dead.test_client().get("/api/me", headers=bearer(forge()))
    assert response.status_code == 503, (
        "Skill missing: let the Redis error out of the token_in_blocklist_loader (is_revoked "
        "raises BlocklistUnavailable, a 503): returning False when Redis is down lets a revoked "
        f"token in; got {response.status_code}"
    )


# --- security.py: roles --------------------------------------------------------------------------


def test_skill_the_api_views_are_guarded_by_role_required(app):
    views = app.view_functions
    assert getattr(views["reports.reports"], "roles", None) == ("analyst", "admin")
    assert getattr(views["reports.admin_users"], "roles", None) == ("admin",)


@pytest.mark.parametrize(
    ("name", "path", "status"),
    [
        ("carol", "/api/reports", 403),
        ("carol", "/api/admin/users", 403),
        ("bob", "/api/reports", 200),
        ("bob", "/api/admin/users", 403),
        ("alice", "/api/admin/users", 200),
    ],
)
def test_skill_role_required_answers_403_for_the_wrong_role(
    client, login, bearer, name, path, status
):
    response = client.get(path, headers=bearer(login(name)["access_token"]))
    assert response.status_code == status, (
        "Skill missing: in role_required, call verify_jwt_in_request() then answer 403 unless "
        f"get_jwt()['role'] is one of the roles ({name} on {path})"
    )


@pytest.mark.parametrize("path", ["/api/reports", "/api/admin/users"])
def test_skill_role_required_answers_401_without_a_token(client, path):
    response = client.get(path)
    assert response.status_code == 401, (
        "Skill missing: role_required must call verify_jwt_in_request(): no token is a 401, "
        "not a 403 or a 200"
    )


# --- auth.py: refresh token rotation -------------------------------------------------------------


def test_skill_refresh_rotates_and_the_old_refresh_token_is_spent(client, login, bearer):
    old = login("bob")["refresh_token"]
    first = client.post("/auth/refresh", headers=bearer(old))
    assert first.status_code == 200
    new = first.get_json()
    assert claims(new["refresh_token"])["jti"] != claims(old)["jti"]
    again = client.post("/auth/refresh", headers=bearer(old))
    assert again.status_code == 401, (
        "Skill missing: in /auth/refresh, revoke the refresh token used (blocklist().revoke) "
        "before issuing the new pair: a stolen refresh token must work once at most"
    )
    assert client.post("/auth/refresh", headers=bearer(new["refresh_token"])).status_code == 200


# --- app.py and auth.py: the refresh cookie and its flags ----------------------------------------

COOKIE_FLAGS = {"secure": True, "httponly": True, "samesite": "Strict", "path": "/auth/"}


def test_skill_the_refresh_cookie_is_secure_httponly_strict_and_for_auth_only(client, set_cookies):
    response = client.post("/auth/login", json={"username": "bob", "password": "bob-secret"})
    cookies = set_cookies(response)
    assert "refresh_token_cookie" in cookies, (
        "Skill missing: set_refresh_cookies(response, refresh) in tokens_for: a browser keeps "
        "the refresh token in a cookie its scripts cannot read"
    )
    value, flags = cookies["refresh_token_cookie"]
    assert value == response.get_json()["refresh_token"]
    got = {name: flags.get(name) for name in COOKIE_FLAGS}
    assert got == COOKIE_FLAGS, (
        "Skill missing: JWT_COOKIE_SECURE = True (HTTPS only), JWT_COOKIE_SAMESITE = 'Strict' "
        "(no other site's request carries it), JWT_REFRESH_COOKIE_PATH = '/auth/' (never sent "
        f"to /api); the refresh cookie had {got}"
    )
    csrf, csrf_flags = cookies.get("csrf_refresh_token", (None, {}))
    assert csrf == claims(value)["csrf"], (
        "Skill missing: JWT_COOKIE_CSRF_PROTECT = True: a csrf_refresh_token cookie whose value "
        "the refresh token holds (double submit)"
    )
    assert (csrf_flags.get("secure"), csrf_flags.get("samesite")) == (True, "Strict")
    assert "httponly" not in csrf_flags  # the page's script reads it to send it back as a header


def test_skill_the_refresh_cookie_alone_is_refused_without_the_csrf_header(client, login):
    login("bob")  # the test client keeps the cookies, as a browser would
    response = client.post("/auth/refresh")
    assert response.status_code == 401, (
        "Skill missing: JWT_COOKIE_CSRF_PROTECT = True: a cookie is sent by the browser on "
        "its own, so a refresh by cookie needs the X-CSRF-TOKEN header too"
    )
    assert response.get_json() == {"error": "Missing token: Missing CSRF token"}


# --- app.py: CORS with flask-cors ----------------------------------------------------------------


def test_skill_cors_comes_from_flask_cors(app):
    names = [f.__name__ for f in app.after_request_funcs.get(None, [])]
    assert "cors_after_request" in names, (
        "Skill missing: cors.init_app(app, resources={r'/api/*': {}, r'/auth/*': {}}) "
        "(flask-cors), not headers set by hand"
    )


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "https://app.example.com.evil.test", "http://app.example.com", "null"],
)
def test_skill_cors_allows_the_one_origin_and_no_other(client, origin):
    allowed = client.get("/api/reports", headers={"Origin": ALLOWED})
    assert allowed.headers.get("Access-Control-Allow-Origin") == ALLOWED, (
        "Skill missing: cors.init_app(...) with CORS_ORIGINS = ['https://app.example.com']"
    )
    refused = client.get("/api/reports", headers={"Origin": origin})
    assert "Access-Control-Allow-Origin" not in refused.headers, (
        f"Skill missing: CORS must not allow {origin!r}: not '*', not the Origin echoed back"
    )


def test_skill_cors_preflight_names_methods_headers_and_max_age(client):
    response = client.options(
        "/api/reports",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert response.status_code == 200
    headers = response.headers
    assert headers.get("Access-Control-Allow-Origin") == ALLOWED, "Skill missing: flask-cors"
    assert set(headers.get("Access-Control-Allow-Methods", "").split(", ")) == {"GET", "POST"}
    assert headers.get("Access-Control-Allow-Headers") == "Authorization"
    assert headers.get("Access-Control-Max-Age") == "600"
    assert headers.get("Access-Control-Allow-Credentials") == "true"  # the refresh cookie


def test_skill_cors_preflight_from_another_origin_allows_nothing(client):
    response = client.options(
        "/auth/refresh",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "X-CSRF-TOKEN",
        },
    )
    allowed = [name for name, _ in response.headers.items() if name.startswith("Access-Control-")]
    assert allowed == [], (
        f"Skill missing: CORS must answer another origin's preflight with no Access-Control-* "
        f"header, so its browser never sends the request; got {allowed}"
    )


# --- security.py: security headers in an after_request -----------------------------------------

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def test_skill_security_headers_come_from_an_after_request(app):
    assert set_security_headers in app.after_request_funcs.get(None, []), (
        "Skill missing: app.after_request(set_security_headers)"
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/me"), ("get", "/nowhere"), ("delete", "/auth/login"), ("options", "/api/me")],
)
def test_skill_every_answer_carries_the_security_headers(client, method, path):
    response = client.open(path, method=method.upper(), headers={"Origin": ALLOWED})
    got = {name: response.headers.get(name) for name in HEADERS}
    assert got == HEADERS, (
        f"Skill missing: set_security_headers must set {HEADERS} on every answer "
        f"(errors and preflights too); {method.upper()} {path} had {got}"
    )
