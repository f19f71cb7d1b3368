import pytest
from bookshop import create_app
from flask import template_rendered

ADMIN_KEY = "test-admin-key"


@pytest.fixture
def app():
    return create_app({"TESTING": True, "ADMIN_KEY": ADMIN_KEY})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def admin_headers():
    return {"X-Admin-Key": ADMIN_KEY}


@pytest.fixture
def rendered(app):
    """The templates the app renders during the test, as (name, file path) pairs."""
    seen = []

    def record(sender, template, context, **extra):
        seen.append((template.name, template.filename))

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)
