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
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def state(app):
    """What a forged request would change: (balance, transfers)."""
    account = app.extensions["account"]
    return lambda: (account.balance, list(account.transfers))


def _page(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def form_token(client):
    """form_token(a_client=client): load the page like a browser, read the form's csrf_token."""
    return lambda a_client=client: FORM_TOKEN.search(_page(a_client)).group(1)


@pytest.fixture
def meta_token(client):
    """meta_token(a_client=client): read the token as the page's JavaScript does, from
    <meta name="csrf-token">."""
    return lambda a_client=client: META_TOKEN.search(_page(a_client)).group(1)
