"""Which Python runs an example: its section's venv (`.nox/level2`), or its own group's.

nox builds and keeps the venvs (`nox -s level2`, `nox -s group-airflow`); the engine, practice
mode, `serve` and the README runner only pick the right one, so a learner's second command never
builds a second venv. Without a venv folder (`envdir=None`) everything runs in this Python.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .document import RoadmapError
from .examples import Example
from .sections import BY_KEY, group_session


def venv_name(example: Example) -> str:
    """`level2` for a Level 2 example, `group-airflow` for one with `group = "airflow"`."""
    return group_session(example.group) if example.group else BY_KEY[example.section].session


def python_in(venv: Path) -> Path:
    return venv / "bin" / "python"


def python_for(example: Example, envdir: Path | None) -> str:
    """The interpreter with the example's packages: `envdir/<venv name>`, which must exist."""
    if envdir is None:
        return sys.executable
    # absolute, but not resolved: a venv's bin/python is a link that must not be followed
    python = python_in(Path(os.path.abspath(envdir)) / venv_name(example))
    if not python.exists():
        raise RoadmapError(
            f"{example.folder} runs in the venv {envdir.name}/{venv_name(example)}, which is not "
            f"built yet: `nox -s {venv_name(example)}` builds it"
        )
    return str(python)
