import copy
import json
import shutil
from pathlib import Path

import contracts
import pytest
from app import create_app

from shared.services.wsgi import gunicorn

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


@pytest.fixture(scope="session")
def optic():
    """Optic's binary, from the repository's package.json; without it, a skip (never a pass).

    Found here, not through contracts.py: the code under test cannot make these tests skip."""
    found = [d / "node_modules" / ".bin" / "optic" for d in EXAMPLE.parents]
    found = [path for path in found if path.exists()]
    if not found:
        pytest.skip("optic is not installed: run `npm ci` at the repository root")
    return found[0]


@pytest.fixture(scope="session")
def committed():
    """committed(version): the committed contract of that version, as a dict."""
    return lambda version: json.loads((EXAMPLE / "contracts" / f"{version}.json").read_text())


@pytest.fixture(scope="session", autouse=True)
def optic_once_per_pair():
    """Each Optic verdict computed once: breaking_changes on the same two files' bytes (and the
    same optic) answers what it answered the first time, for the tests and the CLI alike.

    Optic is a Node program (1.5 s or more a run) and its verdict depends on those bytes only:
    `contract-check` then `contract-write` on one folder, or v1's check here and in test_skill,
    ask it once. The real breaking_changes always gives the first answer; its errors are not
    kept, and a file that cannot be read goes to it as it is."""
    real, verdicts = contracts.breaking_changes, {}

    def once(committed, current, optic=contracts.OPTIC):
        try:
            key = (Path(committed).read_bytes(), Path(current).read_bytes(), str(optic))
        except OSError:
            return real(committed, current, optic)
        if key not in verdicts:
            verdicts[key] = real(committed, current, optic)
        return copy.deepcopy(verdicts[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(contracts, "breaking_changes", once)
        yield


@pytest.fixture(scope="session")
def diff(tmp_path_factory, optic):
    """diff(old, new): Optic's breaking changes of spec `new` against spec `old` (dicts)."""

    def run(old: dict, new: dict) -> list[str]:
        folder = tmp_path_factory.mktemp("diff")
        (folder / "old.json").write_text(contracts.dumps(old), "utf-8")
        (folder / "new.json").write_text(contracts.dumps(new), "utf-8")
        return contracts.breaking_changes(folder / "old.json", folder / "new.json", optic)

    return run


@pytest.fixture
def contracts_copy(tmp_path, optic):
    """A copy of contracts/ in tmp_path, to edit as the contracts committed before a change."""
    folder = tmp_path / "contracts"
    shutil.copytree(EXAMPLE / "contracts", folder)
    return folder


@pytest.fixture(scope="session")
def live_url():
    """The app under real gunicorn on 127.0.0.1 (one worker: the contacts live in its memory)."""
    with gunicorn("app:create_app()", cwd=EXAMPLE, args=("--workers", "1")) as url:
        yield url
