"""The one table of the roadmap's sections: key, folder, name, nox session, dependency group.

The engine, practice mode, the README runner and `noxfile.py` all read it; a new section (or a
renamed folder) is one line here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str  # "1".."4" or "t": the prefix of its row numbers ("2.11", "t.3")
    folder: str  # top-level folder of its examples
    name: str  # as reports print it
    session: str  # `nox -s <session>` runs its examples; its venv is `.nox/<session>`
    group: str  # the pyproject.toml [dependency-groups] entry that venv is built from


SECTIONS = (
    Section("1", "level1_basics", "Level 1", "level1", "level1"),
    Section("2", "level2_architecture", "Level 2", "level2", "level2"),
    Section("3", "level3_production", "Level 3", "level3", "level3"),
    Section("4", "level4_expert", "Level 4", "level4", "level4"),
    Section("t", "transverse", "Transverse", "transverse", "transverse"),
)
BY_KEY = {section.key: section for section in SECTIONS}
SECTION_DIRS = {section.key: section.folder for section in SECTIONS}
SECTION_NAMES = {section.key: section.name for section in SECTIONS}


def group_session(group: str) -> str:
    """The nox session (and `.nox/` folder) of an example's own dependency group."""
    return f"group-{group}"
