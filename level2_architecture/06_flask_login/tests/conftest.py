import pytest
from app import User, create_app, db

PASSWORD = "correct horse battery"


@pytest.fixture
def db_file(tmp_path):
    return tmp_path / "users.db"


@pytest.fixture
def app(db_file):
    """A fresh app whose SQLite database is a file in this test's own temporary folder."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def register(client):
    """Register a user through the real /register form."""

    def post(username="alice", password=PASSWORD):
        return client.post("/register", data={"username": username, "password": password})

    return post


@pytest.fixture
def login(client):
    def post(username="alice", password=PASSWORD, **extra):
        return client.post("/login", data={"username": username, "password": password, **extra})

    return post


@pytest.fixture
def users(app):
    """Read the user table directly: a list of (username, password_hash)."""

    def read():
        with app.app_context():
            rows = db.session.execute(db.select(User).order_by(User.id)).scalars()
            return [(u.username, u.password_hash) for u in rows]

    return read


def session_user_id(client):
    """The user id Flask-Login keeps in the signed session cookie, or None."""
    with client.session_transaction() as session:
        return session.get("_user_id")
