"""End to end: a real Chromium (Playwright) on the app under a real gunicorn, as a user would.

register -> log in -> create -> a form error shown -> edit -> delete -> log out.
When a test here fails, the `page` fixture saves a screenshot into artifacts/ (see conftest.py).
"""

import os
import re
import subprocess
import sys
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
WAIT = 5_000  # ms, for every navigation and wait of Playwright


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app under gunicorn (2 threads), on its own SQLite file, tables created first."""
    db_file = tmp_path_factory.mktemp("e2e") / "notes.db"
    env = {
        **os.environ,
        "FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        "FLASK_SECRET_KEY": "e2e-secret",
        "FLASK_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    }
    app_py = str(HERE / "app.py")
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", app_py, "init-db"], env=env, cwd=HERE, check=True
    )
    with gunicorn("app:create_app()", cwd=HERE, env=env, args=("--threads", "2")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    return Path(os.environ.get("E2E_ARTIFACTS", HERE / "artifacts"))


# exercise: start - after a failed test, save page.screenshot() into the artifacts folder
@pytest.fixture
def page(browser, request, artifacts):
    context = browser.new_context()
    context.set_default_timeout(WAIT)
    context.set_default_navigation_timeout(WAIT)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        artifacts.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=artifacts / f"{request.node.name}.png", full_page=True)
    context.close()


# exercise: end


def test_full_journey(server, page):
    page.goto(server + "/register")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill("s3cret pass")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".flash")).to_have_text("Account created. You can log in now.")

    page.goto(server + "/login")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill("s3cret pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("nav strong")).to_have_text("carol")

    page.goto(server + "/notes")
    page.get_by_label("New note").fill("buy <milk> & 'eggs'")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("li .text")).to_have_text(["buy <milk> & 'eggs'"])

    # a form error, shown to the user, and nothing stored
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("alert")).to_have_text("A note cannot be empty.")
    expect(page.locator("li .text")).to_have_count(1)

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Text").fill("buy bread")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("li .text")).to_have_text(["buy bread"])

    page.get_by_role("button", name="Delete").click()
    expect(page.locator("li.empty")).to_have_text("No notes yet.")

    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".flash")).to_have_text("You are logged out.")
    page.goto(server + "/notes")
    expect(page).to_have_url(re.compile(r"/login\?next="))


INNER = """
from playwright.sync_api import expect

def test_fails_on_purpose(page):
    page.set_content("<h1>Welcome</h1>")
    expect(page.locator("h1")).to_have_text("Not this title", timeout=500)
"""


def test_screenshot_saved_when_a_test_fails(tmp_path):
    """An inner pytest run of a failing e2e test leaves its screenshot, a real PNG."""
    inner = HERE / "tests" / f"test_inner_{os.getpid()}.py"
    inner.write_text(Path(__file__).read_text() + INNER)  # same fixtures, plus the failing test
    try:
        env = {**os.environ, "E2E_ARTIFACTS": str(tmp_path)}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(inner),
             "-k", "fails_on_purpose"],
            cwd=HERE, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        inner.unlink()
    assert run.returncode == 1, run.stdout + run.stderr
    shot = tmp_path / "test_fails_on_purpose.png"
    assert shot.exists(), "Skill missing: save page.screenshot() into the artifacts after a failure"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
