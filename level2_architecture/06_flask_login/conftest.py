import re
import threading

import pytest
from app import create_app
from auth import load_user
from extensions import db
from models import User
from werkzeug.serving import make_server

# <input type="hidden" name="csrf_token" value="...">, in every form of the site
CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


@pytest.fixture
def db_file(tmp_path):
    return tmp_path / "users.db"


@pytest.fixture
def make_app(db_file):
    """make_app(): an app whose SQLite database is a file in this test's own temporary folder.

    fast_hashes: one round of PBKDF2 instead of scrypt, so a register or a login takes
    microseconds, not a tenth of a second (test_production_stores_slow_scrypt_hashes keeps scrypt).
    tables: create them, as `flask init-db` does.
    """
    apps = []

    def make(*, fast_hashes=True, tables=True):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        }
        if fast_hashes:
            config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1"
        app = create_app(config)
        if tables:
            with app.app_context():
                db.create_all()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def live_server(app):
    """The app under werkzeug's threaded server on a free loopback port: real concurrent requests.

    Yields its URL. Each request runs in a thread of its own, with its own database session.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def csrf_token():
    """csrf_token(html): the token of the page's forms, read as a browser reads it ("" if none)."""

    def read(html):
        found = CSRF_TOKEN.search(html)
        return found.group(1) if found else ""

    return read


class AuthActions:
    """The forms a user fills in, as Flask's tutorial does it: auth.register(), auth.login(), ...

    Each loads its page first and posts the form's CSRF token with the fields, as a browser does.
    Left out, `username` and `password` are those of the account auth.register() creates.
    """

    username = "alice"
    password = "correct horse battery"

    def __init__(self, client):
        self._client = client

    def token(self, page="/login"):
        """The CSRF token of the form on `page`, for this client's session."""
        found = CSRF_TOKEN.search(self._client.get(page).get_data(as_text=True))
        return found.group(1) if found else ""

    def register(self, username=None, password=None):
        data = {**self._form(username, password), "csrf_token": self.token("/register")}
        return self._client.post("/register", data=data)

    def login(self, username=None, password=None, **extra):
        data = {**self._form(username, password), "csrf_token": self.token(), **extra}
        return self._client.post("/login", data=data)

    def logout(self):
        return self._client.post("/logout", data={"csrf_token": self.token()})

    def _form(self, username, password):
        return {
            "username": self.username if username is None else username,
            "password": self.password if password is None else password,
        }


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def auth_for():
    """auth_for(a_client): the same actions for another client (another browser)."""
    return AuthActions


@pytest.fixture
def users(app):
    """Read the user table directly: a list of (username, password_hash)."""

    def read():
        with app.app_context():
            rows = db.session.execute(db.select(User).order_by(User.id)).scalars()
            return [(u.username, u.password_hash) for u in rows]

    return read


@pytest.fixture
def logged_in_as(app):
    """logged_in_as(client): the username of the user the client's signed session opens, or None.

    Flask-Login keeps get_id() in session["_user_id"]; the app's user_loader turns it into a user.
    """

    def read(client):
        with client.session_transaction() as session:
            user_id = session.get("_user_id")
        if user_id is None:
            return None
        with app.app_context():
            user = load_user(user_id)
            return user and user.username

    return read
