"""Fixtures for the engine's tests: a throw-away repository holding the seed roadmap."""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.roadmap import files

SEED = Path(__file__).parent / "data" / "seed-roadmap.md"

PASSING = "def test_ok():\n    assert 1 + 1 == 2\n"


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def repo(seed_text: str) -> Iterator[Path]:
    """An empty repository: roadmap.md is the seed, byte for byte, and there are no examples.

    It lives in the system's temp folder, not under pytest's own (which every pytest process
    resets to mode 0700): as root, the embedded PostgreSQL runs as another user, who must be able
    to reach a data folder kept in the repository (`serve`'s `.serve/`).
    """
    root = Path(tempfile.mkdtemp(prefix="flask-skills-repo-"))
    (root / "roadmap.md").write_text(seed_text, encoding="utf-8", newline="")
    yield root
    for suffix in (
        "lock",
        "durations.json",
        "passes.json",
    ):  # the engine's files of this machine, for this repo
        files.machine_file(root, suffix).unlink(missing_ok=True)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def add_example():
    """add_example(repo, "level1_basics/01_x", skill, tests="...") writes a minimal example."""

    def add(root: Path, folder: str, skill: str, tests: str = PASSING, **files: str) -> Path:
        path = root / folder
        (path / "tests").mkdir(parents=True)
        (path / "skill.toml").write_text(
            f"skill = {skill!r}\ntitle = 'A test example'\nneeds = []\n", encoding="utf-8"
        )
        (path / "tests" / "test_example.py").write_text(textwrap.dedent(tests), encoding="utf-8")
        for name, text in files.items():
            (path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return add
