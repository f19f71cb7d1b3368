"""The authorization code flow with PKCE against the live provider, driven through its login and
consent pages with requests (the browser's version is test_browser.py): login, userinfo with the
access token, refresh, logout at both ends, and the bad inputs each step refuses."""

import base64
import hashlib
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from shared.testing import free_port


def state_data(session: dict, state: str | None = None) -> dict:
    """What Authlib keeps in the session between /login and /callback, for `state` (or for the
    one login under way)."""
    if state is None:
        [state] = [key.removeprefix("_state_idp_") for key in session if key.startswith("_state_")]
    return session[f"_state_idp_{state}"]["data"]


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_login_redirects_to_the_discovered_endpoint_with_state_nonce_and_pkce(login, provider):
    url, params = login.start()
    assert url.startswith(provider.metadata["authorization_endpoint"] + "?")
    assert params["response_type"] == "code" and params["client_id"] == "flask-app"
    assert params["redirect_uri"] == "http://localhost/callback"
    assert set(params["scope"].split()) == {"openid", "profile", "email", "offline_access"}
    data = state_data(login.session())
    assert params["nonce"] == data["nonce"] and len(params["state"]) >= 20
    digest = hashlib.sha256(data["code_verifier"].encode()).digest()
    assert params["code_challenge_method"] == "S256", (
        "Skill missing: register with code_challenge_method='S256' (PKCE)"
    )
    assert params["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert 43 <= len(data["code_verifier"]) <= 128


def test_a_full_login_gives_a_session_and_userinfo(login, client):
    response = login("alice")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    session = login.session()
    assert session["user"]["sub"] == "alice"
    assert not [key for key in session if key.startswith("_state_")]  # used once, then gone
    assert 'Logged in as <strong id="user">alice</strong>' in client.get("/").get_data(True)
    me = client.get("/api/me")
    assert me.status_code == 200, me.get_data(as_text=True)
    assert me.get_json()["userinfo"] == {
        "sub": "alice", "name": "alice", "email": "alice@example.test", "email_verified": True,
    }  # fmt: skip


def test_the_session_cookie_is_httponly_and_samesite_lax(login, client):
    login("alice")
    cookie = client.get_cookie("rp_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_secure_cookie_in_production_config(make_app):
    assert make_app(SESSION_COOKIE_SECURE="1").config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("state", ["", "not-the-state", "x" * 2000, "\u00e9t\u00e9", "a\x00b"])
def test_a_wrong_state_is_refused(login, client, error_of, state):
    callback = login.callback_url()
    params = query(callback)
    response = client.get("/callback", query_string={"code": params["code"], "state": state})
    assert "mismatching_state" in error_of(response, 400)
    assert "user" not in login.session()


def test_a_replayed_callback_is_refused(login, client, app, error_of):
    callback = login.callback_url()
    cookie = client.get_cookie("rp_session").value  # the session before the callback: its state
    assert login.client.get(path_of(callback)).status_code == 302
    again = login.client.get(path_of(callback))  # same browser: the state was used up
    assert "mismatching_state" in error_of(again, 400)
    thief = app.test_client()  # a copy of the old cookie, state and all: the code is used up
    thief.set_cookie("rp_session", cookie)
    assert "invalid_grant" in error_of(thief.get(path_of(callback)), 400)
    with thief.session_transaction() as session:
        assert "user" not in session


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.mark.parametrize(
    ("verifier", "status"), [("missing", 400), ("wrong", 400), ("other-login's", 400), ("own", 200)]
)
def test_the_provider_checks_the_pkce_verifier(login, pages, token_request, verifier, status):
    """The code is taken from the callback URL before the app sees it, as a thief would, and
    sent to the token endpoint with the client's own secret: only the login's verifier works."""
    _, first = login.start()
    other = state_data(login.session(), first["state"])  # another login of the same user agent
    callback = login.callback_url()
    own = state_data(login.session(), query(callback)["state"])["code_verifier"]
    form = {"grant_type": "authorization_code", "code": query(callback)["code"],
            "redirect_uri": "http://localhost/callback"}  # fmt: skip
    if verifier != "missing":
        form["code_verifier"] = {
            "wrong": "w" * 43, "other-login's": other["code_verifier"], "own": own,
        }[verifier]  # fmt: skip
    answer = token_request(**form)
    assert answer.status_code == status, answer.text
    if status == 400:
        assert answer.json()["error"] == "invalid_grant"
    else:
        assert answer.json()["id_token"]


def test_a_wrong_verifier_in_the_session_fails_the_login(login, client, error_of):
    callback = login.callback_url()
    with client.session_transaction() as session:
        [key] = [key for key in session if key.startswith("_state_idp_")]
        data = {**session[key]["data"], "code_verifier": "v" * 43}
        session[key] = {**session[key], "data": data}
    assert "invalid_grant" in error_of(client.get(path_of(callback)), 400)
    assert "user" not in login.session()


def test_the_provider_refuses_an_authorization_request_without_pkce(login, pages, client, error_of):
    url, params = login.start()
    for name in ("code_challenge", "code_challenge_method"):
        url = url.replace(f"&{name}={params[name]}", "")
    back = pages.authorize(url)
    assert query(back)["error"] == "invalid_request"
    assert "PKCE" in query(back)["error_description"]
    assert "invalid_request" in error_of(client.get(path_of(back)), 400)


def test_refresh_when_the_access_token_expires(login, client, token_request):
    login("alice")
    before = login.session()["token"]
    with client.session_transaction() as session:
        session["token"] = {**before, "expires_at": int(time.time()) - 1}
    me = client.get("/api/me")
    assert me.status_code == 200, me.get_data(as_text=True)
    after = login.session()["token"]
    assert after["access_token"] != before["access_token"]
    assert after["expires_at"] > time.time() + 60
    assert me.get_json()["expires_at"] == after["expires_at"]
    assert client.get("/api/me").get_json()["userinfo"]["sub"] == "alice"


def test_a_refresh_refused_by_the_provider_ends_the_session(login, client, error_of):
    login("alice")
    with client.session_transaction() as session:
        session["token"] = {**session["token"], "expires_at": 0, "refresh_token": "revoked"}
    assert "log in again" in error_of(client.get("/api/me"), 401)
    assert "user" not in login.session()


def test_api_me_wants_a_login(client, error_of):
    assert "log in first" in error_of(client.get("/api/me"), 401)


def test_logout_revokes_the_refresh_token_and_ends_the_provider_session(
    login, client, pages, provider, token_request
):
    login("alice")
    session = login.session()
    response = client.post("/logout")
    assert response.status_code == 302
    end = response.headers["Location"]
    assert end.startswith(provider.metadata["end_session_endpoint"] + "?")
    params = query(end)
    assert params["id_token_hint"] == session["id_token"]
    assert params["post_logout_redirect_uri"] == "http://localhost/logged-out"
    assert "user" not in login.session()  # ended here at once
    refresh = token_request(
        grant_type="refresh_token", refresh_token=session["token"]["refresh_token"]
    )
    assert refresh.status_code == 400 and refresh.json()["error"] == "invalid_grant"
    back = pages.end_session(end)  # the provider asks "sign out?", the user says yes
    assert query(back)["state"] == params["state"]
    done = client.get(path_of(back))
    assert done.status_code == 302 and done.headers["Location"] == "/?logged_out=1"
    # the provider's session is over too: a new login shows its login page again
    url, _ = login.start()
    page = pages.http.get(url, timeout=5)
    assert 'name="login"' in page.text


def test_logged_out_with_a_foreign_state_is_refused(client, error_of):
    assert "unknown logout" in error_of(client.get("/logged-out?state=forged"), 400)


def test_a_foreign_site_cannot_log_the_user_out(login, client, error_of):
    login("alice")
    forged = client.post("/logout", headers={"Origin": "http://127.0.0.1:5001"})
    assert "from this site" in error_of(forged, 403)
    assert login.session()["user"]["sub"] == "alice"
    assert client.post("/logout", headers={"Origin": "http://localhost"}).status_code == 302


def test_logout_without_a_session_just_goes_home(client):
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_provider_that_is_down_is_a_clean_503(make_app, error_of):
    app = make_app(
        OIDC_DISCOVERY_URL=f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    )
    assert "unavailable" in error_of(app.test_client().get("/login"), 503)
