"""What another site, a thief or a crowd of clients tries: cookie flags, CSRF, replay, a race."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
import requests

EVIL = {"Origin": "http://evil.example", "Referer": "http://evil.example/win-a-prize.html"}


def set_cookie(response, name):
    """The attributes of the Set-Cookie header for `name`: {"httponly": True, "samesite": "Lax"}."""
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    _, *attributes = (part.strip() for part in header.split(";"))
    return {key.lower(): value or True for key, _, value in (a.partition("=") for a in attributes)}


# --- The cookies: HttpOnly, SameSite=Lax, Secure in production, a short remember-me -------------


@pytest.mark.parametrize("name", ["session", "remember_token"])
def test_both_cookies_are_http_only_and_same_site_lax(auth, name):
    auth.register()
    attributes = set_cookie(auth.login(remember="on"), name)
    assert attributes["httponly"] is True  # no document.cookie: a script cannot steal it
    assert attributes["samesite"] == "Lax"  # not sent with a POST from another site
    assert "secure" not in attributes  # `flask run` is plain HTTP: a Secure cookie would be lost


def test_the_remember_cookie_lasts_two_weeks_not_a_year(auth):
    auth.register()
    cookie = set_cookie(auth.login(remember="on"), "remember_token")
    expires = parsedate_to_datetime(cookie["expires"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=14))) < timedelta(minutes=1)


@pytest.mark.parametrize("name", ["session", "remember_token"])
def test_secure_cookies_turns_secure_on_for_both(make_app, auth_for, monkeypatch, name):
    monkeypatch.setenv("FLASK_SECURE_COOKIES", "true")  # as production sets it, behind HTTPS
    app = make_app()
    assert app.config["SESSION_COOKIE_SECURE"] is app.config["REMEMBER_COOKIE_SECURE"] is True
    auth = auth_for(app.test_client())
    auth.register()
    attributes = set_cookie(auth.login(remember="on"), name)
    assert attributes["secure"] is True
    assert attributes["httponly"] is True
    assert attributes["samesite"] == "Lax"


# --- CSRF: a form on another site cannot log you in, register, or log you out -------------------


def test_every_form_carries_a_csrf_token(client, auth, csrf_token):
    assert csrf_token(client.get("/login").get_data(as_text=True))
    assert csrf_token(client.get("/register").get_data(as_text=True))
    auth.register()
    auth.login()
    nav = client.get("/").get_data(as_text=True)  # the "Log out" button of the menu
    assert 'action="/logout"' in nav
    assert csrf_token(nav)


def test_a_login_without_the_token_is_refused(app, auth, logged_in_as):
    auth.register()
    victim = app.test_client()  # another site makes this browser log in as the attacker

    response = victim.post("/login", data={"username": "alice", "password": auth.password})

    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)
    assert logged_in_as(victim) is None


def test_a_registration_without_the_token_is_refused(client, users):
    response = client.post("/register", data={"username": "mallory", "password": "long enough"})
    assert response.status_code == 400
    assert users() == []


def test_a_logout_without_the_token_is_refused(client, auth, logged_in_as):
    auth.register()
    auth.login()

    response = client.post("/logout")  # what the other site's hidden form sends

    assert response.status_code == 400
    assert "The CSRF token is missing." in response.get_data(as_text=True)
    assert logged_in_as(client) == "alice"
    assert client.get("/profile").status_code == 200


def test_a_get_on_logout_does_not_log_out(client, auth, logged_in_as):
    auth.register()
    auth.login()
    assert client.get("/logout").status_code == 405  # an <img src="/logout"> elsewhere
    assert logged_in_as(client) == "alice"
    assert client.get("/profile").status_code == 200


def test_over_http_a_foreign_form_can_neither_log_out_nor_log_in(live_server, auth, csrf_token):
    auth.register()  # alice exists (the attacker's account, for the login CSRF)
    with requests.Session() as browser:
        token = csrf_token(browser.get(live_server + "/login", timeout=5).text)
        form = {"username": "alice", "password": auth.password, "csrf_token": token}
        assert browser.post(live_server + "/login", data=form, timeout=5).status_code == 200

        forged = browser.post(live_server + "/logout", headers=EVIL, timeout=5)  # cookies, no token

        assert forged.status_code == 400
        assert browser.get(live_server + "/profile", timeout=5).url == live_server + "/profile"

    with requests.Session() as victim:  # a fresh browser: no cookie of this site yet
        form = {"username": "alice", "password": auth.password}
        forged = victim.post(live_server + "/login", data=form, headers=EVIL, timeout=5)

        assert forged.status_code == 400
        profile = victim.get(live_server + "/profile", timeout=5)
        assert profile.url == live_server + "/login?next=%2Fprofile"


# --- Logout really ends the session: an old cookie opens nothing --------------------------------


@pytest.mark.parametrize("name", ["session", "remember_token"])
def test_a_cookie_copied_before_logout_is_useless_after_it(app, client, auth, name):
    auth.register()
    auth.login(remember="on")
    stolen = client.get_cookie(name).value
    thief = app.test_client()
    thief.set_cookie(name, stolen)
    assert thief.get("/profile").status_code == 200  # the copy works while alice is logged in

    auth.logout()

    replay = app.test_client()
    replay.set_cookie(name, stolen)
    assert replay.get("/profile").status_code == 302
    assert thief.get("/profile").status_code == 302  # the thief's session is over too


def test_after_logout_a_new_login_works(client, auth, logged_in_as):
    auth.register()
    auth.login()
    auth.logout()
    auth.login()
    assert logged_in_as(client) == "alice"
    assert client.get("/profile").status_code == 200


# --- Two registrations of one name at the same time: one account, the other a 409 ---------------


def test_concurrent_registrations_of_one_name_give_one_account_and_409s(
    app, live_server, auth, csrf_token, users
):
    # A hash of ~15 ms between "is the name free?" and the INSERT, as scrypt's ~100 ms would be in
    # production: every request checks before any commits, so the race happens on every run.
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:30000"
    clients = 20
    start = threading.Barrier(clients, timeout=10)

    def register(_):
        with requests.Session() as browser:
            token = csrf_token(browser.get(live_server + "/register", timeout=5).text)
            form = {"username": "alice", "password": auth.password, "csrf_token": token}
            start.wait()  # all post at once: each one's "is the name free?" sees it free
            response = browser.post(
                live_server + "/register", data=form, allow_redirects=False, timeout=10
            )
            return response.status_code, response.text

    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(register, range(clients)))

    statuses = sorted(status for status, _ in answers)
    assert statuses == [302] + [409] * (clients - 1)
    refused = [text for status, text in answers if status == 409]
    assert all("That username is already taken." in text for text in refused)
    assert [username for username, _ in users()] == ["alice"]


# --- A form error looks like one ----------------------------------------------------------------


def test_a_form_error_is_styled_as_an_error(auth):
    response = auth.login("nobody", "wrong password")
    page = response.get_data(as_text=True)
    assert '<p class="error">Invalid username or password.</p>' in page
    assert ".error {" in page  # the stylesheet of base.html: red text, a red border


def test_a_body_past_the_size_limit_is_a_413_and_creates_no_user(client, users, csrf_token):
    token = csrf_token(client.get("/register").get_data(as_text=True))
    data = {"csrf_token": token, "username": "bob", "password": "x" * 20_000}
    response = client.post("/register", data=data)

    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert users() == []
