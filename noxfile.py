"""Sessions of the Flask skills monorepo.

    nox                      lint, the engine's tests, every level, the READMEs, the proof (CI)
    nox -s level1            run Level 1's examples and tick their rows in roadmap.md
    nox -s skill -- 1.3      run one example's tests (row number, folder, or part of its name)
    nox -s serve -- 2.11     run one example's app with the servers it needs (`-- --fresh 2.11`)
    nox -s readmes           run every README's Run-it and Try-it commands (`-- 2.11`: one)
    nox -s roadmap           progress; `-- --check` fails if roadmap.md disagrees with a fresh run
    nox -s engine            the roadmap engine's own tests
    nox -s lint              ruff check and ruff format --check

Practice (README.md, "Practise"):
    nox -s exercise -- 1.3   copy an example to practice/ with the skill's lines taken out
    nox -s watch -- 1.3      rerun that copy's tests on every save
    nox -s next              the first row of the checklist that is not ✅
    nox -s proof             every example passes as it is and fails with its regions blanked
                             (`-- --each-region 2.6`: each region alone too, for what you change)
    nox -s mutants           mutation testing of the regions (`-- 1.9`: one example); slow

One venv per level: `nox -s level2` builds `.nox/level2`, and every other session that runs a
Level 2 example (skill, serve, readmes, exercise, watch, proof, roadmap -- --check) runs it in that
venv, built only if it is missing or its dependency group changed. An example with `group = "x"`
in its skill.toml runs in `.nox/group-x` instead. Venvs are built with uv when it is installed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

# The engine is standard library only, so it can be imported before any venv exists.
from shared.roadmap.document import RoadmapError  # noqa: E402
from shared.roadmap.examples import Example, example_for, load, select  # noqa: E402
from shared.roadmap.sections import SECTIONS, group_session  # noqa: E402
from shared.roadmap.venvs import python_in, venv_name  # noqa: E402

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = [
    "lint",
    "engine",
    *(section.session for section in SECTIONS),
    "readmes",
    "proof",
]

PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
ENVDIR = ROOT / ".nox"  # where nox keeps the venvs (its default --envdir)
STAMP = ".flask-skills-requirements"  # in a venv: what it was built from


def _examples() -> list[Example]:
    """Every example, or none when the folders do not match roadmap.md: the sessions that run
    examples then report that error themselves."""
    try:
        return load(ROOT)[2].examples()
    except RoadmapError:
        return []


def groups_of(section_key: str | None = None) -> list[str]:
    return sorted(
        {ex.group for ex in _examples() if ex.group and section_key in (None, ex.section)}
    )


# venv name -> the dependency groups it is built from
VENVS = {section.session: [section.group] for section in SECTIONS}
VENVS |= {group_session(group): [group] for group in groups_of()}


def requirements(venv: str) -> list[str]:
    found: list[str] = []
    for group in VENVS[venv]:
        found += nox.project.dependency_groups(PYPROJECT, group)
    return list(dict.fromkeys(found))


def _digest(packages: list[str]) -> str:
    text = json.dumps({"python": sys.version_info[:2], "requirements": packages, "bytecode": True})
    return hashlib.sha256(text.encode()).hexdigest()


def _stamp(venv: str) -> str:
    return _digest(requirements(venv))


# Where PYTHONDONTWRITEBYTECODE is set (CI machines, containers), nothing caches the compiled
# modules: every one of the hundreds of pytest processes would compile Flask, SQLAlchemy... again.
COMPILE = (
    "import compileall, sysconfig; "
    "compileall.compile_dir(sysconfig.get_paths()['purelib'], quiet=2, workers=0)"
)


def install_compiled(session: nox.Session, packages: list[str]) -> None:
    """Install these packages, compile them once, note in the venv what it was built from."""
    session.install(*packages)
    stamp = Path(session.virtualenv.location) / STAMP
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != _digest(packages):
        session.run_install("python", "-c", COMPILE, silent=True)
        stamp.write_text(_digest(packages), encoding="utf-8")


def install(session: nox.Session, venv: str) -> None:
    """Install the venv's dependency groups (compiled, stamped)."""
    install_compiled(session, requirements(venv))


def ensure_venv(session: nox.Session, venv: str) -> str:
    """The python of `.nox/<venv>`, built by its own session first if missing or out of date."""
    stamp = ENVDIR / venv / STAMP
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != _stamp(venv):
        session.log(f"building the venv .nox/{venv} (once; later sessions reuse it)")
        session.run(sys.executable, "-m", "nox", "-s", venv, "--install-only", external=True)
    return str(python_in(ENVDIR / venv))


def venv_session(venv: str, doc: str, requires: list[str] | None = None):
    def run(session: nox.Session) -> None:
        install(session, venv)
        section = next((s for s in SECTIONS if s.session == venv), None)
        if section is not None:
            session.run(
                "python", "-m", "shared.roadmap", "--venvs", str(ENVDIR), "run", section.key,
                *session.posargs,
            )  # fmt: skip

    run.__doc__ = doc
    nox.session(name=venv, requires=requires or [])(run)


for _section in SECTIONS:
    venv_session(
        _section.session,
        f"Run the examples of {_section.folder}/ and tick their rows.",
        [group_session(group) for group in groups_of(_section.key)],
    )
for _group in groups_of():
    venv_session(group_session(_group), f"Build the venv of dependency group {_group!r}.")


def one_example(session: nox.Session, usage: str) -> tuple[Example, str]:
    """The example the session's one positional argument names, and its venv's python."""
    names = [arg for arg in session.posargs if not arg.startswith("--")]
    if len(names) != 1:
        session.error(f"name one example: {usage}")
    try:
        example = example_for(names[0], ROOT)
    except RoadmapError as exc:
        session.error(str(exc))
    return example, ensure_venv(session, venv_name(example))


def flags(session: nox.Session, *allowed: str) -> list[str]:
    return [arg for arg in session.posargs if arg in allowed]


@nox.session(venv_backend="none")
def skill(session: nox.Session) -> None:
    """Run one example: `nox -s skill -- 1.3` (or a folder, or a unique part of its name)."""
    example, python = one_example(session, "nox -s skill -- 1.3  (or -- level1_basics/03_routes)")
    session.run(
        python, "-m", "shared.roadmap", "--venvs", str(ENVDIR), "skill", example.row,
        external=True,
    )  # fmt: skip


@nox.session(venv_backend="none")
def serve(session: nox.Session) -> None:
    """Run one example with the servers it needs (`-- 2.11`; `-- --fresh 2.11` starts empty)."""
    example, python = one_example(session, "nox -s serve -- level2_architecture/11_caching")
    fresh = flags(session, "--fresh")
    session.run(python, "-m", "shared.services.serve", *fresh, example.row, external=True)


@nox.session(venv_backend="none")
def exercise(session: nox.Session) -> None:
    """Copy an example to practice/ with its exercise regions blanked (`-- --reset 1.3` anew)."""
    example, python = one_example(session, "nox -s exercise -- 1.3  (or -- --reset 1.3)")
    reset = flags(session, "--reset")
    session.run(python, "-m", "shared.practice", "exercise", example.row, *reset, external=True)


@nox.session(venv_backend="none")
def watch(session: nox.Session) -> None:
    """Rerun the practice copy's tests on every save (`-- 1.3`; `-- --once 1.3` runs once)."""
    example, python = one_example(session, "nox -s watch -- 1.3")
    once = flags(session, "--once")
    session.run(python, "-m", "shared.practice", "watch", example.row, *once, external=True)


@nox.session(name="next", venv_backend="none")
def next_skill(session: nox.Session) -> None:
    """The first row of the checklist, in roadmap order, that is not ✅, and how to practise it."""
    session.run(sys.executable, "-m", "shared.practice", "next", external=True)


def selected(session: nox.Session) -> list[Example]:
    try:
        return select([arg for arg in session.posargs if not arg.startswith("--")], ROOT)
    except RoadmapError as exc:
        session.error(str(exc))


def ensure_all(session: nox.Session, examples: list[Example]) -> dict[str, str]:
    """Every venv these examples run in, built where needed: venv name -> its python."""
    return {name: ensure_venv(session, name) for name in dict.fromkeys(map(venv_name, examples))}


@nox.session(venv_backend="none")
def proof(session: nox.Session) -> None:
    """Every example passes as it is and fails with its exercise regions out (`-- 1 2.4`: some;
    `-- --each-region`: each region blanked alone too, one more run per region)."""
    examples = selected(session)
    pythons = ensure_all(session, examples)
    session.run(
        next(iter(pythons.values()), sys.executable), "-m", "shared.practice", "proof",
        "--venvs", str(ENVDIR), *flags(session, "--each-region"), *(ex.row for ex in examples),
        external=True,
    )  # fmt: skip


@nox.session
def mutants(session: nox.Session) -> None:
    """Mutation testing of the Python regions (`-- 1.9`: one example); slow, not in plain nox."""
    examples = selected(session)
    ensure_all(session, examples)
    session.install(*nox.project.dependency_groups(PYPROJECT, "mutants"))
    jobs = [arg for arg in session.posargs if arg.startswith("--jobs=")]
    session.run(
        "python", "-m", "shared.mutants", "--venvs", str(ENVDIR), *jobs,
        *(ex.row for ex in examples),
    )  # fmt: skip


@nox.session(venv_backend="none")
def readmes(session: nox.Session) -> None:
    """Run every README's Run-it block and Try-it commands against the app (`-- 2.11`: one)."""
    examples = selected(session)
    pythons = ensure_all(session, examples)
    failed = []
    for name, python in pythons.items():
        rows = [ex.row for ex in examples if venv_name(ex) == name]
        try:
            session.run(python, "-m", "shared.readmes", *rows, external=True)
        except nox.command.CommandFailed:
            failed.append(name)
    if failed:
        session.error(f"READMEs that disagree with their app, in: {', '.join(failed)}")


@nox.session(venv_backend="none")
def roadmap(session: nox.Session) -> None:
    """Print progress; with `-- --check`, run every example and fail if roadmap.md disagrees."""
    if "--check" in session.posargs:
        ensure_all(session, selected(session))
        session.run(
            sys.executable, "-m", "shared.roadmap", "--venvs", str(ENVDIR), "check", external=True
        )
    else:
        session.run(sys.executable, "-m", "shared.roadmap", "status", external=True)


@nox.session(venv_backend="none")
def bench(session: nox.Session) -> None:
    """Timings as ratios measured in one run (`-- level1 watch`: some parts; `-- --quick`: a short
    pass that proves it runs); prints a table, writes bench-results.json. Not in plain nox."""
    for venv in ("level1", "level2", "level3"):  # watch, serving and cache run in these
        ensure_venv(session, venv)
    session.run(sys.executable, "-m", "shared.bench", *session.posargs, external=True)


@nox.session
def engine(session: nox.Session) -> None:
    """The roadmap engine's own tests (real files in temp folders, real servers)."""
    install_compiled(session, nox.project.dependency_groups(PYPROJECT, "engine"))
    # `-- shared/tests/test_services.py` runs that file only; `-- -k name` filters all of them.
    paths = [arg for arg in session.posargs if Path(arg.split("::")[0]).exists()]
    session.run("python", "-m", "pytest", *([] if paths else ["shared/tests"]), *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole repository."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
