import pytest
import stack
from app import create_app


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def stack_model():
    """The root docker-compose.yml as Compose resolves it, every profile on."""
    return stack.model()


@pytest.fixture
def broken_copy(tmp_path):
    """broken_copy(old, new, file=...) -> a copy of a root file in tmp_path with `old` (which must
    be there exactly once) replaced by `new`. Compose still resolves its paths from the root."""

    def make(old, new, file=stack.COMPOSE_FILE):
        text = file.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{file.name} no longer holds {old!r} exactly once"
        copy = tmp_path / file.name
        copy.write_text(text.replace(old, new), encoding="utf-8")
        return copy

    return make
