import pytest
from app import Note, create_app, db


@pytest.fixture
def app(tmp_path):
    """A fresh app whose SQLite database is a file in this test's own temporary folder."""
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}"}
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def add_note(app):
    """Insert a row directly with SQLAlchemy (not through the app) and return its id."""

    def add(title="Buy milk", content="2 litres"):
        with app.app_context():
            note = Note(title=title, content=content)
            db.session.add(note)
            db.session.commit()
            return note.id

    return add


@pytest.fixture
def rows(app):
    """Read the notes table directly: a list of (id, title, content) tuples."""

    def read():
        with app.app_context():
            notes = db.session.execute(db.select(Note).order_by(Note.id)).scalars()
            return [(n.id, n.title, n.content) for n in notes]

    return read
