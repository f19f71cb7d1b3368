import json
import shutil
from pathlib import Path

import pytest
from app import create_app

EXAMPLE = Path(__file__).resolve().parent


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def committed():
    """The committed openapi.json, as a dict."""
    return json.loads((EXAMPLE / "openapi.json").read_text("utf-8"))


@pytest.fixture
def copies(tmp_path):
    """Copies of openapi.json and CHANGELOG.md in tmp_path, and an app reading them.

    copies.edit_spec(change) and copies.edit_changelog(change) rewrite a copy;
    copies.run("spec-check", version="1.2.0") runs a command, the app at that version.
    """

    class Copies:
        spec = tmp_path / "openapi.json"
        changelog = tmp_path / "CHANGELOG.md"

        def edit_spec(self, change):
            spec = json.loads(self.spec.read_text("utf-8"))
            change(spec)
            self.spec.write_text(json.dumps(spec), "utf-8")

        def edit_changelog(self, change):
            self.changelog.write_text(change(self.changelog.read_text("utf-8")), "utf-8")

        def run(self, command, version=None):
            config = {"TESTING": True, "SPEC_FILE": str(self.spec)}
            config |= {"CHANGELOG_FILE": str(self.changelog)}
            config |= {"API_VERSION": version} if version else {}
            return create_app(config).test_cli_runner().invoke(args=[command])

    shutil.copy(EXAMPLE / "openapi.json", Copies.spec)
    shutil.copy(EXAMPLE / "CHANGELOG.md", Copies.changelog)
    return Copies()
