import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app import create_app
from pipeline import ROOT

BIN = Path(sys.executable).parent  # actionlint, act and check-jsonschema are in the venv


@pytest.fixture
def app(postgres, redis_url):
    """The app on this run's PostgreSQL database and this test's Redis db, table made afresh."""
    app = create_app({"TESTING": True, "DATABASE_URL": postgres.url, "REDIS_URL": redis_url})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def tool():
    """tool(name): the path of a binary from this venv (actionlint, act, check-jsonschema)."""

    def path(name: str) -> str:
        found = BIN / name
        assert found.is_file(), f"{name} is not in {BIN}: install the level3 dependency group"
        return str(found)

    return path


@pytest.fixture
def offline():
    """The prefix that runs a command with no network at all (a network namespace of its own),
    where this user may make one; [] elsewhere (the machine has no network but registries)."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if shutil.which("unshare") and probe.returncode == 0 else []


@pytest.fixture
def copy_of_example(tmp_path):
    """copy_of_example(): this example copied to a temporary folder, as the root of a new git
    repository on branch main with one commit (act reads the branch and commit from git)."""

    def make(edit=None) -> Path:
        dest = Path(tempfile.mkdtemp(dir=tmp_path)) / "repo"
        shutil.copytree(
            ROOT,
            dest,
            ignore=shutil.ignore_patterns(
                "__pycache__", ".pytest_cache", ".ruff_cache", "dist", "instance"
            ),
        )
        if edit is not None:
            edit(dest)
        git = ["git", "-C", str(dest), "-c", "user.name=ci", "-c", "user.email=ci@example.com"]
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "ci"]):
            subprocess.run([*git, *args], check=True, env=env, capture_output=True)
        return dest

    return make


@pytest.fixture
def ruff():
    """The ruff that act's lint job runs here: this venv's (the level3 group has it, held to the
    lint session's minor version); on GitHub, the job installs its own with pipx."""
    return BIN / "ruff"


@pytest.fixture(scope="session")
def scripts():
    """The build and deploy scripts as modules (scripts.build.build(...), scripts.deploy...)."""
    import importlib.util
    import types

    loaded = types.SimpleNamespace()
    for name in ("build", "deploy"):
        spec = importlib.util.spec_from_file_location(f"ci_{name}", ROOT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        setattr(loaded, name, module)
    return loaded
