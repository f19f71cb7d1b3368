import pytest
from app import create_app
from settings import SECRETS, SETTINGS


class MadeUpSecrets:
    """Made-up values, easy to search for in pages and logs. The password needs URL-quoting on
    purpose, so its quoted form is searched for too."""

    def __init__(self):
        self.values = {
            "SECRET_KEY": "sk-test-4f1d9c2b7e8a",
            "DATABASE_PASSWORD": "p@ss:w/rd#42",
            "API_KEY": "api-test-93b0e6c1",
        }
        self.quoted_password = "p%40ss%3Aw%2Frd%2342"  # how the password looks inside a URL

    def assert_none_in(self, text):
        """None of the values, nor the quoted password, may ever reach a page or a log."""
        for needle in [*self.values.values(), self.quoted_password]:
            assert needle not in text


@pytest.fixture
def made_up():
    return MadeUpSecrets()


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No test sees the machine's own SECRET_KEY, DATABASE_PASSWORD_FILE, APP_NAME, ..."""
    for name in [*SETTINGS, *SECRETS, *(f"{name}_FILE" for name in SECRETS)]:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def write_env(tmp_path):
    """Write a .env file in the test's own temporary folder and return its path."""

    def write(values=None, text=""):
        lines = [f"{name}={value}" for name, value in (values or {}).items()]
        path = tmp_path / ".env"
        path.write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def secret_file(tmp_path):
    """Write a secret file like Docker's /run/secrets/<name> and return its path (as a string)."""

    def write(name, content):
        folder = tmp_path / "run" / "secrets"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(content, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def full_env(write_env, made_up):
    """A .env file holding every secret."""
    return write_env(made_up.values)


@pytest.fixture
def app(full_env):
    """The app started on `full_env` (and whatever the test put in the environment)."""
    return create_app({"TESTING": True}, env_file=full_env)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
