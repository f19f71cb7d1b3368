import os
import shutil
import subprocess
import sys
from pathlib import Path

import pipeline
import pytest
from app import create_app

BIN = Path(sys.executable).parent  # actionlint, act, check-jsonschema and pre-commit: this venv's


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def tool():
    """tool(name): the path of a binary of this venv (the transverse dependency group)."""

    def path(name: str) -> str:
        found = BIN / name
        assert found.is_file(), f"{name} is not in {BIN}: install the transverse dependency group"
        return str(found)

    return path


@pytest.fixture
def edited(tmp_path):
    """edited(path, old, new): a copy of that file in a temp folder with `old` replaced by `new`
    (which must be there: an edit that changes nothing would prove nothing)."""

    def make(path: Path, old: str, new: str, name: str | None = None) -> Path:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path.name}"
        dest = tmp_path / (name or path.name)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text.replace(old, new, 1), encoding="utf-8")
        return dest

    return make


@pytest.fixture
def offline():
    """The prefix that runs a command with no network at all (a network namespace of its own),
    where this user may make one; [] elsewhere."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if shutil.which("unshare") and probe.returncode == 0 else []


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    ident = ["-c", "user.name=ci", "-c", "user.email=ci@example.com"]
    subprocess.run(
        ["git", "-C", str(repo), *ident, *args], check=True, env=env, capture_output=True
    )


@pytest.fixture
def repository_copy(tmp_path):
    """repository_copy(edit=None): the repository as committed (`git archive HEAD`: no one's
    work in progress) with this folder's ci.yml as its .github/workflows/ci.yml, made a new git
    repository on branch main with one commit, as act reads a repository."""

    def make(edit=None) -> Path:
        dest = tmp_path / f"repo{len(list(tmp_path.glob('repo*')))}"
        dest.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(pipeline.REPO), "archive", "HEAD"], capture_output=True, check=False
        )
        assert archive.returncode == 0, (
            f"act runs the lint job on the repository as committed: {pipeline.REPO} needs to be a "
            f"git clone with a commit ({archive.stderr.decode(errors='replace').strip()})"
        )
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
        workflow = dest / ".github" / "workflows" / "ci.yml"
        workflow.parent.mkdir(parents=True, exist_ok=True)
        workflow.write_bytes(pipeline.WORKFLOW.read_bytes())
        if edit is not None:
            edit(dest)
        _git(dest, "init", "-q", "-b", "main")
        _git(dest, "add", "-A")
        _git(dest, "commit", "-q", "-m", "ci")
        return dest

    return make


@pytest.fixture
def lint_path():
    """A PATH on which the lint job's `nox -s lint --no-venv --no-install` finds nox and ruff:
    nox as the README installs it; ruff from this venv, PATH, or the .nox/lint venv that
    `nox -s lint` builds."""
    nox = shutil.which("nox")
    candidates = [
        BIN / "ruff",
        shutil.which("ruff"),
        pipeline.REPO / ".nox" / "lint" / "bin" / "ruff",
    ]
    ruff = next((str(c) for c in candidates if c and Path(c).is_file()), None)
    if nox is None or ruff is None:
        pytest.skip(
            "act's lint job runs nox and ruff from PATH: `python3 -m pip install nox`, "
            "then `nox -s lint` (it builds .nox/lint, which has ruff)"
        )
    dirs = dict.fromkeys([str(Path(ruff).parent), str(Path(nox).parent)])
    return os.pathsep.join([*dirs, os.environ.get("PATH", "")])
