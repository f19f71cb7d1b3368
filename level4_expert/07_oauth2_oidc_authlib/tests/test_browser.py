"""The whole flow in a real browser: Chromium (Playwright) on the app under gunicorn and the live
provider, through the provider's own login, consent and logout pages, over real HTTP."""

import os
import re
from pathlib import Path

import pytest

from shared.services.wsgi import gunicorn

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no {CHROMIUM}: apt-get install -y chromium", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

HERE = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT = 10_000  # ms, for every navigation and wait of Playwright


@pytest.fixture(scope="module")
def live_app(provider):
    """The app under gunicorn (2 threads) on the port the provider knows it by."""
    env = {
        **os.environ,
        "OIDC_DISCOVERY_URL": provider.discovery,
        "OIDC_CLIENT_SECRET": "test-client-secret",
        "SECRET_KEY": "e2e-secret-key",
    }
    with gunicorn(
        "app:create_app()", cwd=HERE, env=env, args=("--threads", "2"), port=provider.e2e_port
    ) as url:
        yield url


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
    # loopback only: the provider's pages @import a web font, which is not fetched
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_app, provider, username):
    page.goto(live_app + "/")
    page.get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(provider.url) + "/interaction/"))
    page.get_by_placeholder("Enter any login").fill(username)
    page.get_by_placeholder("and password").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # the consent page
    expect(page).to_have_url(live_app + "/")


def test_login_userinfo_and_logout_in_a_browser(page, live_app, provider):
    log_in(page, live_app, provider, "carol")
    expect(page.locator("#user")).to_have_text("carol")
    cookie = next(c for c in page.context.cookies() if c["name"] == "rp_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    me = page.request.get(live_app + "/api/me")  # with the browser's cookies
    assert me.status == 200 and me.json()["userinfo"]["email"] == "carol@example.test"

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(re.escape(provider.url) + "/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.locator(".flash")).to_have_text("You are logged out.")
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert page.request.get(live_app + "/api/me").status == 401

    # the provider's session ended too: logging in asks for the login again (no silent SSO)
    page.get_by_role("link", name="Log in").click()
    expect(page.get_by_placeholder("Enter any login")).to_be_visible()


def test_another_user_in_another_browser_has_their_own_session(browser, page, live_app, provider):
    log_in(page, live_app, provider, "dave")
    other = browser.new_context()
    try:
        other.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
        second = other.new_page()
        second.set_default_timeout(WAIT)
        log_in(second, live_app, provider, "erin")
        expect(second.locator("#user")).to_have_text("erin")
        page.reload()
        expect(page.locator("#user")).to_have_text("dave")
    finally:
        other.close()
