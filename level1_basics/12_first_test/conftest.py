"""Fixtures: the objects many tests need, built fresh for each test.

pytest finds this file by itself. A test asks for a fixture by naming it as an argument:
`def test_home(client):` gets the `client` made below. Nothing to import.
"""

import pytest
from app import create_app


@pytest.fixture
def app():
    """A new application for each test, in testing mode.

    TESTING=True makes Flask re-raise errors from a view into the test (you see the real
    traceback, not just "500"). A new app also means a new, empty to-do list: tests never
    see each other's data.
    """
    app = create_app({"TESTING": True, "SECRET_KEY": "test"})
    yield app
    # Code after `yield` runs when the test is over: clean up here (close files, drop tables...).


@pytest.fixture
def client(app):
    """A fake browser: it sends requests to the app without a server or a network.

    It keeps cookies between requests, like a browser, so the session works.
    """
    return app.test_client()


@pytest.fixture
def runner(app):
    """Runs the app's `flask` commands (here `flask greet`) and captures what they print."""
    return app.test_cli_runner()
