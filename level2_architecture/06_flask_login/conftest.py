import pytest
from app import create_app
from extensions import db
from models import User


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


class AuthActions:
    """The forms a user fills in, as Flask's tutorial does it: auth.register(), auth.login(), ...

    Left out, `username` and `password` are those of the account auth.register() creates.
    """

    username = "alice"
    password = "correct horse battery"

    def __init__(self, client):
        self._client = client

    def register(self, username=None, password=None):
        return self._client.post("/register", data=self._form(username, password))

    def login(self, username=None, password=None, **extra):
        return self._client.post("/login", data={**self._form(username, password), **extra})

    def logout(self):
        return self._client.post("/logout")

    def _form(self, username, password):
        return {
            "username": self.username if username is None else username,
            "password": self.password if password is None else password,
        }


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def users(app):
    """Read the user table directly: a list of (username, password_hash)."""

    def read():
        with app.app_context():
            rows = db.session.execute(db.select(User).order_by(User.id)).scalars()
            return [(u.username, u.password_hash) for u in rows]

    return read


@pytest.fixture
def session_user_id():
    """session_user_id(client): the user id Flask-Login keeps in the client's signed session."""

    def read(client):
        with client.session_transaction() as session:
            return session.get("_user_id")

    return read
