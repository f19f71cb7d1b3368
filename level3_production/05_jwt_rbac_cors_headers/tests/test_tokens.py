"""Tokens as an attacker would try them: forged, tampered, expired, `alg: none`, revoked, reused."""

import base64
import json
import time

import pytest

OTHER_SECRET = "another-secret-of-at-least-32-bytes!!"
INVALID = "Invalid token: "
NOT_ALLOWED = "The specified alg value is not allowed"


def test_login_gives_an_access_and_a_refresh_token_never_cached(client):
    response = client.post("/auth/login", json={"username": "bob", "password": "bob-secret"})
    assert response.status_code == 200
    body = response.get_json()
    assert sorted(body) == ["access_token", "refresh_token", "token_type"]
    assert body["token_type"] == "Bearer"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("name", "password"), [("bob", "alice-secret"), ("mallory", "x"), ("BOB", "bob-secret")]
)
def test_a_wrong_password_or_unknown_user_is_one_401(client, name, password):
    response = client.post("/auth/login", json={"username": name, "password": password})
    assert response.status_code == 401
    assert response.get_json() == {"error": "Wrong username or password."}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_token_made_with_the_apps_secret_is_accepted(client, forge, bearer):
    """The control case: forge() makes good tokens, so the refusals below are about one change."""
    response = client.get("/api/me", headers=bearer(forge()))
    assert response.status_code == 200
    assert response.get_json() == {"user": "carol", "role": "viewer"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"secret": OTHER_SECRET, "role": "admin"}, f"{INVALID}Signature verification failed"),
        ({"algorithm": "none", "role": "admin"}, f"{INVALID}{NOT_ALLOWED}"),
        ({"algorithm": "HS512"}, f"{INVALID}{NOT_ALLOWED}"),
        ({"exp": int(time.time()) - 30}, "Token has expired"),
        ({"type": "refresh"}, "Invalid token: Only non-refresh tokens are allowed"),
    ],
    ids=["other-secret", "alg-none", "hs512", "expired", "refresh-as-access"],
)
def test_forged_tokens_are_refused_with_401(client, forge, bearer, change, message):
    response = client.get("/api/admin/users", headers=bearer(forge(**change)))
    assert response.status_code == 401
    assert response.get_json() == {"error": message}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_real_token_with_its_role_changed_is_refused(client, login, bearer):
    header, payload, signature = login("carol")["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    response = client.get("/api/admin/users", headers=bearer(f"{header}.{forged}.{signature}"))
    assert response.status_code == 401
    assert response.get_json() == {"error": "Invalid token: Signature verification failed"}


@pytest.mark.parametrize(
    "authorization", ["", "Bearer", "Bearer not.a.token", "Basic Ym9iOmJvYi1zZWNyZXQ=", "Bearer é"]
)
def test_a_missing_or_garbled_authorization_header_is_401(client, authorization):
    response = client.get("/api/me", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert list(response.get_json()) == ["error"]


def test_logout_revokes_access_and_refresh_tokens(client, login, bearer):
    tokens = login("bob")
    access, refresh = bearer(tokens["access_token"]), bearer(tokens["refresh_token"])
    assert client.post("/auth/logout", headers=access).get_json() == {"revoked": "access"}
    assert client.post("/auth/logout", headers=refresh).get_json() == {"revoked": "refresh"}
    for path, headers in [("/api/me", access), ("/auth/refresh", refresh)]:
        method = client.get if path == "/api/me" else client.post
        response = method(path, headers=headers)
        assert response.status_code == 401
        assert response.get_json() == {"error": "Token has been revoked"}
    # Another session of the same user is untouched.
    assert client.get("/api/me", headers=bearer(login("bob")["access_token"])).status_code == 200


def test_the_blocklist_uses_only_this_apps_prefix(client, login, bearer, redis_client):
    client.post("/auth/logout", headers=bearer(login("bob")["access_token"]))
    assert [key.split(":")[0] for key in redis_client.keys("*")] == ["jwt-blocklist"]


def test_refresh_gives_the_role_as_it_is_now(app, client, login, bearer, forge):
    refresh = login("bob")["refresh_token"]
    app.extensions["users"].roles["bob"] = "viewer"  # demoted after logging in
    new = client.post("/auth/refresh", headers=bearer(refresh)).get_json()
    assert client.get("/api/reports", headers=bearer(new["access_token"])).status_code == 403


def test_a_refresh_token_of_a_deleted_user_is_refused(app, client, login, bearer):
    refresh = login("carol")["refresh_token"]
    del app.extensions["users"].roles["carol"]
    response = client.post("/auth/refresh", headers=bearer(refresh))
    assert response.status_code == 401
    assert response.get_json() == {"error": "This user no longer exists."}


def test_an_access_token_cannot_refresh(client, login, bearer):
    response = client.post("/auth/refresh", headers=bearer(login("bob")["access_token"]))
    assert response.status_code == 401
    assert response.get_json() == {"error": "Invalid token: Only refresh tokens are allowed"}
