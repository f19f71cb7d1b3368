"""The refresh token as a browser holds it: a cookie, sent back with the CSRF header, rotated."""

import pytest


def csrf_header(client):
    """What the front end's script does: copy the csrf_refresh_token cookie into a header."""
    return {"X-CSRF-TOKEN": client.get_cookie("csrf_refresh_token").value}


def refresh_cookie(client):
    cookie = client.get_cookie("refresh_token_cookie", path="/auth/")
    return cookie and cookie.value


def test_a_browser_refreshes_with_the_cookie_and_the_csrf_header(client, login, bearer):
    old = login("bob")["refresh_token"]
    assert refresh_cookie(client) == old
    old_csrf = csrf_header(client)
    response = client.post("/auth/refresh", headers=old_csrf)
    assert response.status_code == 200
    new = response.get_json()
    assert refresh_cookie(client) == new["refresh_token"] != old  # rotated in the cookie too
    assert client.get("/api/reports", headers=bearer(new["access_token"])).status_code == 200

    # The old cookie and its CSRF token, replayed (a copy a thief kept), are spent.
    client.set_cookie("refresh_token_cookie", old, path="/auth/")
    replay = client.post("/auth/refresh", headers=old_csrf)
    assert replay.status_code == 401
    assert replay.get_json() == {"error": "Token has been revoked"}


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "Missing token: Missing CSRF token"),
        ({"X-CSRF-TOKEN": "guessed"}, "Missing token: CSRF double submit tokens do not match"),
    ],
    ids=["no-header", "wrong-header"],
)
def test_a_forged_cross_site_refresh_is_refused_and_spends_nothing(client, login, headers, message):
    login("carol")
    response = client.post("/auth/refresh", headers=headers)
    assert response.status_code == 401
    assert response.get_json() == {"error": message}
    # The refused request did not spend the token: its owner can still refresh.
    assert client.post("/auth/refresh", headers=csrf_header(client)).status_code == 200


def test_the_api_never_reads_a_token_from_a_cookie(client, login):
    """Only /auth/refresh reads the cookie: /api takes the Authorization header, so no CSRF."""
    client.set_cookie("access_token_cookie", login("alice")["access_token"])
    response = client.get("/api/admin/users")
    assert response.status_code == 401
    assert response.get_json() == {"error": "Missing token: Missing Authorization Header"}


def test_logout_clears_the_refresh_cookies(client, login, bearer, set_cookies):
    tokens = login("bob")
    response = client.post("/auth/logout", headers=bearer(tokens["access_token"]))
    assert response.status_code == 200
    cleared = set_cookies(response)
    assert cleared["refresh_token_cookie"][0] == ""
    assert cleared["refresh_token_cookie"][1]["path"] == "/auth/"
    assert refresh_cookie(client) is None
    assert client.get_cookie("csrf_refresh_token") is None
