import re

import pytest
from app import create_app

# <input id="csrf_token" name="csrf_token" type="hidden" value="...">
FORM_TOKEN = re.compile(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)">')
META_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@pytest.fixture
def app():
    # CSRF stays ON: Flask-WTF checks tokens in tests exactly as in production.
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret-key"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def state(app):
    """What a forged request would change: (balance, transfers)."""
    account = app.extensions["account"]
    return lambda: (account.balance, list(account.transfers))


def form_token(client):
    """Load the page like a browser and read the hidden csrf_token field of the form."""
    response = client.get("/")
    assert response.status_code == 200
    return FORM_TOKEN.search(response.get_data(as_text=True)).group(1)


def meta_token(client):
    """Read the token the way the page's JavaScript does: from <meta name="csrf-token">."""
    return META_TOKEN.search(client.get("/").get_data(as_text=True)).group(1)
