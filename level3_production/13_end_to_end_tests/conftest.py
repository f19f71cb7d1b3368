import re

import pytest
from app import create_app
from extensions import db

CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'notes.db'}",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """The forms a user fills in: auth.register(), auth.login(), with the page's CSRF token."""

    username = "alice"
    password = "correct horse battery"

    def __init__(self, client):
        self._client = client

    def token(self, page="/login"):
        found = CSRF_TOKEN.search(self._client.get(page).get_data(as_text=True))
        return found.group(1) if found else ""

    def register(self):
        data = {"username": self.username, "password": self.password}
        return self._client.post("/register", data={**data, "csrf_token": self.token("/register")})

    def login(self):
        data = {"username": self.username, "password": self.password}
        return self._client.post("/login", data={**data, "csrf_token": self.token()})


@pytest.fixture
def auth(client):
    return AuthActions(client)


# exercise: start - keep each test's outcome on its item, so a fixture can tell that it failed
@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# exercise: end
