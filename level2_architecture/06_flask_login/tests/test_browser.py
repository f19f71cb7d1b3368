"""A real browser (Chromium, driven by Playwright) meets a page of another site.

The app runs on http://127.0.0.1:<port>; the attacker's page on http://localhost:<other port>.
Another host name, so another SITE (SameSite compares scheme and registrable domain, not ports):
the browser applies SameSite=Lax to the attacker's forms, and the CSRF token does the rest.
"""

import html
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no {CHROMIUM}: apt-get install -y chromium", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT = 5_000  # ms, for every navigation and wait of Playwright
MALLORY = ("mallory", "mallory's password")  # the attacker's own account


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(WAIT)
    context.set_default_navigation_timeout(WAIT)
    yield context.new_page()
    context.close()


@pytest.fixture
def cookies_seen(app):
    """What the browser sent: a list of (method, path, the Cookie header), for every request."""
    seen = []
    wsgi_app = app.wsgi_app

    def recording(environ, start_response):
        seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], environ.get("HTTP_COOKIE")))
        return wsgi_app(environ, start_response)

    app.wsgi_app = recording
    return seen


@pytest.fixture
def attacker_site(live_server):
    """evil(path): the URL, on another site, of a page whose form posts itself to the app.

    /logout: an empty form to /logout. /login: mallory's name and password to /login.
    """
    username, password = MALLORY
    forms = {"/logout": {}, "/login": {"username": username, "password": password}}

    @Request.application
    def evil(request):
        if request.path not in forms:  # /favicon.ico
            return Response(status=404)
        fields = forms[request.path]
        inputs = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
            for name, value in fields.items()
        )
        body = (
            f'<h1>You won a prize!</h1><form method="post" action="{live_server}{request.path}">'
            f"{inputs}</form><script>document.forms[0].submit()</script>"
        )
        return Response(body, mimetype="text/html")

    server = make_server("127.0.0.1", 0, evil, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield lambda path: f"http://localhost:{server.server_port}{path}"  # localhost: another site
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def log_in_through_the_form(page, live_server, username, password):
    page.goto(live_server + "/login?next=/profile")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button:has-text('Log in')")
    assert page.url == live_server + "/profile"
    assert page.text_content("h1") == f"Profile of {username}"


def visit_and_follow_the_forged_form(page, url, target):
    """Open the attacker's page; its script posts the form: return the app's answer to it."""
    with page.expect_response(lambda r: r.url == target and r.request.method == "POST") as info:
        page.goto(url)
    return info.value


@pytest.fixture
def accounts(auth):
    auth.register()  # alice, the victim
    auth.register(*MALLORY)  # the attacker's account, for the login CSRF
    return auth


def test_another_site_can_neither_log_you_out_nor_log_you_in(
    page, live_server, attacker_site, accounts, cookies_seen
):
    log_in_through_the_form(page, live_server, accounts.username, accounts.password)

    forged = visit_and_follow_the_forged_form(
        page, attacker_site("/logout"), live_server + "/logout"
    )
    assert forged.status == 400  # CSRFProtect: no token in the form
    assert "The CSRF token is missing." in page.text_content("p.error")
    assert ("POST", "/logout", None) in cookies_seen  # SameSite=Lax: the cookie stayed home
    # Still alice: the 400 set no cookie either. (Without CSRFProtect, login_required answers the
    # cookie-less POST with a redirect and a new session, whose Set-Cookie replaces alice's.)
    page.goto(live_server + "/profile")
    assert page.text_content("h1") == "Profile of alice"

    forged = visit_and_follow_the_forged_form(page, attacker_site("/login"), live_server + "/login")
    assert forged.status == 400
    assert "The CSRF token is missing." in page.text_content("p.error")
    page.goto(live_server + "/profile")
    assert page.text_content("h1") == "Profile of alice"  # not mallory's profile


def test_login_csrf_on_a_fresh_browser_is_refused(page, live_server, attacker_site, accounts):
    forged = visit_and_follow_the_forged_form(page, attacker_site("/login"), live_server + "/login")
    assert forged.status == 400
    page.goto(live_server + "/profile")
    assert page.url == live_server + "/login?next=%2Fprofile"  # logged in as nobody


def test_the_logout_button_logs_out_and_the_old_cookie_opens_nothing(
    browser, page, live_server, accounts
):
    log_in_through_the_form(page, live_server, accounts.username, accounts.password)
    [before] = [c for c in page.context.cookies() if c["name"] == "session"]

    with page.expect_navigation():
        page.click("button:has-text('Log out')")
    assert page.url == live_server + "/"
    assert "You are logged out." in page.text_content("p.flash")
    page.goto(live_server + "/profile")
    assert page.url == live_server + "/login?next=%2Fprofile"

    thief = browser.new_context()  # another browser, with the cookie copied before logout
    try:
        thief.add_cookies([before])
        stolen = thief.new_page()
        stolen.goto(live_server + "/profile", timeout=WAIT)
        assert stolen.url == live_server + "/login?next=%2Fprofile"
    finally:
        thief.close()
