import os

import pytest


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Each test starts with no APP_ENV and no FLASK_* variables from the machine."""
    for name in list(os.environ):
        if name == "APP_ENV" or name.startswith("FLASK_"):
            monkeypatch.delenv(name)
