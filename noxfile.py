"""Sessions of the Flask skills monorepo.

    nox                      lint, the engine's tests, then every level (what CI runs)
    nox -s level1            run Level 1's examples and tick their rows in roadmap.md
    nox -s skill -- 1.3      run one example's tests (row number, folder, or part of its name)
    nox -s serve -- 2.11     run one example's app with the servers it needs
    nox -s roadmap           progress; `-- --check` fails if roadmap.md disagrees with a fresh run
    nox -s engine            the roadmap engine's own tests
    nox -s lint              ruff check and ruff format --check

Practice (README.md, "Practise"):
    nox -s exercise -- 1.3   copy an example to practice/ with the skill's lines taken out
    nox -s watch -- 1.3      rerun that copy's tests on every save
    nox -s next              the first row of the checklist that is not ✅
    nox -s proof             every example passes as it is and fails with its regions blanked

Venvs are kept between runs (`.nox/<session>`), built with uv when it is installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from shared.roadmap.cli import load  # noqa: E402  (the engine is standard library only)
from shared.roadmap.document import SECTION_DIRS, RoadmapError  # noqa: E402
from shared.roadmap.examples import resolve  # noqa: E402

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = [
    "lint",
    "engine",
    "level1",
    "level2",
    "level3",
    "level4",
    "transverse",
    "proof",
]

PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
# nox session (and dependency group) -> roadmap section
LEVELS = {
    "level1": "1",
    "level2": "2",
    "level3": "3",
    "level4": "4",
    "transverse": "t",
}
GROUP_OF_SECTION = {section: name for name, section in LEVELS.items()}


def install(session: nox.Session, *groups: str) -> None:
    """Install pyproject.toml's [dependency-groups] into the session's venv."""
    requirements = []
    for group in groups:
        requirements += nox.project.dependency_groups(PYPROJECT, group)
    session.install(*dict.fromkeys(requirements))


def level_session(name: str, section: str) -> None:
    def session(session: nox.Session) -> None:
        install(session, name)
        session.run("python", "-m", "shared.roadmap", "run", section, *session.posargs)

    session.__doc__ = f"Run the examples of {SECTION_DIRS[section]}/ and tick their rows."
    nox.session(name=name)(session)


for _name, _section in LEVELS.items():
    level_session(_name, _section)


def one_example(session: nox.Session, usage: str, *extra_groups: str) -> str:
    """The row number that the session's one positional argument names; installs its level."""
    names = [arg for arg in session.posargs if not arg.startswith("--")]
    if len(names) != 1:
        session.error(f"name one example: {usage}")
    try:
        _, doc, mapping = load(ROOT)
        row = resolve(names[0], doc, mapping, ROOT)
    except RoadmapError as exc:
        session.error(str(exc))
    install(session, GROUP_OF_SECTION[row.section], *extra_groups)
    return row.number


@nox.session
def skill(session: nox.Session) -> None:
    """Run one example: `nox -s skill -- 1.3` (or a folder, or a unique part of its name)."""
    number = one_example(session, "nox -s skill -- 1.3  (or -- level1_basics/03_routes_methods)")
    session.run("python", "-m", "shared.roadmap", "skill", number)


@nox.session
def serve(session: nox.Session) -> None:
    """Run one example with the servers it needs (`-- 2.11`); Ctrl-C stops everything."""
    number = one_example(session, "nox -s serve -- level2_architecture/11_caching", "services")
    session.run("python", "-m", "shared.services.serve", number)


@nox.session
def exercise(session: nox.Session) -> None:
    """Copy an example to practice/ with its exercise regions blanked (`-- --reset 1.3` anew)."""
    number = one_example(session, "nox -s exercise -- 1.3  (or -- --reset 1.3)")
    reset = ["--reset"] if "--reset" in session.posargs else []
    session.run("python", "-m", "shared.practice", "exercise", number, *reset)


@nox.session
def watch(session: nox.Session) -> None:
    """Rerun the practice copy's tests on every save (`-- 1.3`; `-- --once 1.3` runs once)."""
    number = one_example(session, "nox -s watch -- 1.3")
    once = ["--once"] if "--once" in session.posargs else []
    session.run("python", "-m", "shared.practice", "watch", number, *once)


@nox.session(name="next", venv_backend="none")
def next_skill(session: nox.Session) -> None:
    """The first row of the checklist, in roadmap order, that is not ✅, and how to practise it."""
    session.run(sys.executable, "-m", "shared.practice", "next", external=True)


@nox.session
def proof(session: nox.Session) -> None:
    """Every example passes as it is and fails with its exercise regions out (`-- 1 2`: levels)."""
    install(session, *LEVELS)
    session.run("python", "-m", "shared.practice", "proof", *session.posargs)


@nox.session
def roadmap(session: nox.Session) -> None:
    """Print progress; with `-- --check`, run every example and fail if roadmap.md disagrees."""
    if "--check" in session.posargs:
        install(session, *LEVELS)
        session.run("python", "-m", "shared.roadmap", "check")
    else:
        session.run("python", "-m", "shared.roadmap", "status")


@nox.session
def engine(session: nox.Session) -> None:
    """The roadmap engine's own tests (real files in temp folders)."""
    install(session, "engine")
    session.run("python", "-m", "pytest", "shared/tests", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole repository."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
