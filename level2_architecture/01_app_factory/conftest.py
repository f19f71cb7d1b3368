import pytest
from notes import create_app
from notes.extensions import db


@pytest.fixture
def make_app(tmp_path):
    """Build apps with the factory, each with its own name and its own SQLite file in tmp_path."""
    apps = []

    def make(name, **settings):
        app = create_app(
            {
                "TESTING": True,
                "NOTES_NAME": name,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.db",
                **settings,
            }
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """One app, as most tests need: named "Work", with its own database."""
    return make_app("Work")


@pytest.fixture
def client(app):
    return app.test_client()
