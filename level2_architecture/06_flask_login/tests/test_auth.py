"""Register, log in, log out, login_required, remember-me and a safe `next`."""

import pytest
from werkzeug.security import check_password_hash

from conftest import PASSWORD, session_user_id

# --- Register: only a salted hash is stored ------------------------------------------------------


def test_register_stores_a_hash_never_the_password(register, users, db_file):
    response = register("Alice", PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    [(username, password_hash)] = users()
    assert username == "alice"  # usernames are stored in lower case
    assert password_hash != PASSWORD
    assert PASSWORD not in password_hash
    assert password_hash.startswith(("scrypt:", "pbkdf2:"))  # method$salt$hash, from werkzeug
    assert check_password_hash(password_hash, PASSWORD)
    assert not check_password_hash(password_hash, "wrong password")
    assert PASSWORD.encode() not in db_file.read_bytes()  # not anywhere in the database file


def test_the_same_password_gives_two_different_hashes(register, users):
    register("alice", PASSWORD)
    register("bob", PASSWORD)
    [(_, first), (_, second)] = users()
    assert first != second  # each hash has its own random salt


@pytest.mark.parametrize("username", ["alice", "ALICE", "  Alice "])
def test_a_duplicate_registration_is_refused(register, users, username):
    register("alice", PASSWORD)
    before = users()

    response = register(username, "another password")

    assert response.status_code == 409
    assert b"That username is already taken." in response.data
    assert users() == before  # the first account and its password are untouched


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", PASSWORD, b"Username: 3 to 30 letters, digits or _."),
        ("al", PASSWORD, b"Username: 3 to 30 letters, digits or _."),
        ("alice smith", PASSWORD, b"Username: 3 to 30 letters, digits or _."),
        ("alice", "short", b"Password: at least 8 characters."),
    ],
    ids=["empty", "too-short", "space", "short-password"],
)
def test_bad_registration_input_is_a_400_and_stores_nothing(
    register, users, username, password, message
):
    response = register(username, password)
    assert response.status_code == 400
    assert message in response.data
    assert users() == []


# --- Log in ---------------------------------------------------------------------------------------


def test_login_puts_the_user_id_in_the_session(client, register, login):
    register()
    assert session_user_id(client) is None  # registering does not log you in

    response = login()

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert session_user_id(client) == "1"
    page = client.get("/").data
    assert b"Logged in as <strong>alice</strong>" in page
    assert b"Hello, alice!" in page


def test_the_username_is_not_case_sensitive_at_login(client, register, login):
    register()
    assert login("  ALICE ").status_code == 302
    assert session_user_id(client) == "1"


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong password"), ("nobody", PASSWORD), ("alice", "")],
    ids=["wrong-password", "unknown-user", "empty-password"],
)
def test_wrong_credentials_leave_no_session(client, register, login, username, password):
    register()

    response = login(username, password)

    assert response.status_code == 401
    # the same message whatever was wrong: a stranger cannot learn which usernames exist
    assert b"Invalid username or password." in response.data
    assert session_user_id(client) is None
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/profile").status_code == 302  # still not allowed in


def test_unknown_user_and_wrong_password_get_the_same_page(client, register, login):
    register()
    client.get("/login")  # shows (and so uses up) the "Account created" message
    wrong_password = login("alice", "wrong password").data
    unknown_user = login("alicia", "wrong password").data
    assert wrong_password.replace(b"alice", b"X") == unknown_user.replace(b"alicia", b"X")


# --- login_required -------------------------------------------------------------------------------


def test_an_anonymous_user_is_sent_to_login_with_next(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fprofile"


def test_the_login_form_carries_next_and_login_goes_back_there(client, register, login):
    register()
    page = client.get("/login?next=%2Fprofile").data
    assert b'<input type="hidden" name="next" value="/profile">' in page

    response = login(next="/profile")

    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    profile = client.get("/profile")
    assert profile.status_code == 200
    assert b"<h1>Profile of alice</h1>" in profile.data


def test_a_relative_next_with_a_query_string_is_kept(client, register, login):
    register()
    response = login(next="/profile?tab=security")
    assert response.headers["Location"] == "/profile?tab=security"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "profile",
        "",
    ],
    ids=["absolute", "scheme-relative", "backslash", "tab", "javascript", "no-slash", "empty"],
)
def test_an_unsafe_next_goes_to_the_index(client, register, login, next_url):
    register()
    response = login(next=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert session_user_id(client) == "1"  # logged in all the same


# --- Remember me ----------------------------------------------------------------------------------


def test_without_remember_me_there_is_no_remember_cookie(client, register, login):
    register()
    response = login()

    cookies = response.headers.getlist("Set-Cookie")
    assert not any(c.startswith("remember_token=") for c in cookies)
    assert client.get_cookie("remember_token") is None
    [session_cookie] = [c for c in cookies if c.startswith("session=")]
    assert "Expires" not in session_cookie  # a browser-session cookie: gone when the browser closes
    assert "HttpOnly" in session_cookie


def test_remember_me_sets_a_long_lived_http_only_cookie(client, register, login):
    register()
    response = login(remember="on")

    cookies = response.headers.getlist("Set-Cookie")
    [cookie] = [c for c in cookies if c.startswith("remember_token=")]
    assert "Expires=" in cookie
    assert "HttpOnly" in cookie
    assert PASSWORD not in cookie
    assert client.get_cookie("remember_token").value.startswith("1|")  # user id | signature


def test_a_new_client_with_only_the_remember_cookie_is_logged_in(app, client, register, login):
    register()
    login(remember="on")
    token = client.get_cookie("remember_token").value

    browser_restarted = app.test_client()  # no session cookie at all
    assert browser_restarted.get("/profile").status_code == 302
    browser_restarted.set_cookie("remember_token", token)

    response = browser_restarted.get("/profile")

    assert response.status_code == 200
    assert b"<h1>Profile of alice</h1>" in response.data
    assert session_user_id(browser_restarted) == "1"  # the session is rebuilt from the cookie


def test_a_forged_remember_cookie_is_ignored(app, register):
    register()
    forger = app.test_client()
    forger.set_cookie("remember_token", "1|" + "0" * 128)
    assert forger.get("/profile").status_code == 302
    assert session_user_id(forger) is None


# --- Log out --------------------------------------------------------------------------------------


def test_logout_ends_the_session(client, register, login):
    register()
    login()

    response = client.post("/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert session_user_id(client) is None
    assert client.get("/profile").status_code == 302
    assert b"You are logged out." in client.get("/").data


def test_logout_also_deletes_the_remember_cookie(app, client, register, login):
    register()
    login(remember="on")
    assert client.get_cookie("remember_token") is not None

    client.post("/logout")

    assert client.get_cookie("remember_token") is None
    assert client.get("/profile").status_code == 302


def test_logout_needs_post_and_a_logged_in_user(client):
    assert client.get("/logout").status_code == 405  # a link or an <img> cannot log you out
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
