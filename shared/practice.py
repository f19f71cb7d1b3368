"""Practice mode: an example with the lines that *are* the skill taken out, for a learner to write.

    python -m shared.practice exercise 1.3 [--reset]   # make practice/level1_basics/03_.../
    python -m shared.practice watch 1.3 [--once]       # rerun its tests on every save
    python -m shared.practice next                     # the first row of the checklist not ✅
    python -m shared.practice proof [1 2 ...]          # blanked, every example's tests must fail

Regions are marked in the reference examples, each start line with a hint:

    # exercise: start - register the blueprint with a url_prefix          (Python, conf, toml, ...)
    ...
    # exercise: end

    {# exercise: start - one <li> per task #} ... {# exercise: end #}      (Jinja templates)
    /* exercise: start - ... */ ... /* exercise: end */                    (CSS, JavaScript)

Each marker stands alone on its line. A blanked region becomes one `TODO` comment carrying the hint,
and in Python also a `...` statement, so the copy stays valid code that does nothing.

The verdict ("done" or "not yet") always comes from the reference example's tests, run against the
learner's copy of the code (`verdict`): a copy's edited tests change nothing. The skill checks
(`tests/test_skill.py`, failures starting "Skill missing: ") run first and are all reported; the
proof applies the cheats of `shared/tests/cheats/` and each must be "not yet".
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from shared.roadmap.document import FAILING, VERIFIED, RoadmapError
from shared.roadmap.examples import Example, example_for, load, select
from shared.roadmap.files import fingerprint, passes
from shared.roadmap.runner import Result, run_all
from shared.roadmap.venvs import python_for

ROOT = Path(__file__).resolve().parents[1]

PRACTICE = "practice"  # ignored by git; one copy per example, laid out like the repository
PROOF = ".proof"  # under PRACTICE: the proof's own throw-away copies
IGNORED = shutil.ignore_patterns("__pycache__", ".pytest_cache", "instance", ".env", "*.pyc")

_MARKER = re.compile(
    r"^(?P<indent>\s*)(?P<open>#|\{#|/\*|//)\s*exercise:\s*(?P<kind>start|end)"
    r"(?:\s*-\s*(?P<hint>.*?))?\s*(?P<close>#\}|\*/)?\s*$"
)
_CLOSE = {"#": "", "//": "", "{#": " #}", "/*": " */"}


class PracticeError(Exception):
    """A problem a learner or an example's author must fix, naming the file and line."""


@dataclass(frozen=True)
class Region:
    path: Path
    start: int  # 0-based line of the start marker
    end: int  # 0-based line of the end marker
    hint: str


def find_regions(path: Path, text: str) -> list[Region]:
    """The exercise regions of one file; unbalanced or nested markers are errors."""
    regions, open_at, hint = [], None, ""
    for no, line in enumerate(text.splitlines()):
        if "exercise:" not in line:
            continue
        match = _MARKER.match(line)
        if match is None:
            raise PracticeError(f"{path}:{no + 1}: an exercise marker must stand alone on its line")
        if match["kind"] == "start":
            if open_at is not None:
                raise PracticeError(
                    f"{path}:{no + 1}: a region starts inside the one at {open_at + 1}"
                )
            open_at, hint = no, (match["hint"] or "").strip()
        else:
            if open_at is None:
                raise PracticeError(f"{path}:{no + 1}: `exercise: end` without a start")
            regions.append(Region(path, open_at, no, hint))
            open_at = None
    if open_at is not None:
        raise PracticeError(f"{path}:{open_at + 1}: `exercise: start` is never ended")
    return regions


def blank(path: Path, text: str, only: int | None = None) -> str:
    """`text` with each region replaced by a TODO comment (and `...` in Python); with `only`, just
    the region that starts on that 0-based line."""
    lines = text.splitlines(keepends=True)
    for region in reversed(find_regions(path, text)):
        if only is not None and region.start != only:
            continue
        match = _MARKER.match(lines[region.start].rstrip("\r\n"))
        indent, opener = match["indent"], match["open"]
        hint = region.hint or "write the lines this exercise is about"
        newline = "\r\n" if lines[region.start].endswith("\r\n") else "\n"
        todo = [f"{indent}{opener} TODO: {hint}{_CLOSE[opener]}{newline}"]
        if path.suffix == ".py":
            todo.append(f"{indent}...{newline}")
        lines[region.start : region.end + 1] = todo
    return "".join(lines)


def _text_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # images and other binary files


def regions_of(folder: Path) -> list[Region]:
    return [region for path, text in _text_files(folder) for region in find_regions(path, text)]


def _check_valid(path: Path, text: str) -> None:
    if path.suffix == ".py":
        try:
            compile(text, str(path), "exec")
        except SyntaxError as exc:
            raise PracticeError(
                f"{path}:{exc.lineno}: blanked, it is no longer Python: {exc.msg}"
            ) from exc
    elif "templates" in path.parts:
        try:
            import jinja2
        except ImportError:  # the engine runs without Flask too; the level venvs have Jinja
            return
        try:
            jinja2.Environment().parse(text)
        except jinja2.TemplateSyntaxError as exc:
            raise PracticeError(
                f"{path}:{exc.lineno}: blanked, it is no longer Jinja: {exc}"
            ) from exc


def make_copy(source: Path, dest: Path, only: Region | None = None) -> list[Region]:
    """Copy an example to `dest` with every region blanked (or, with `only`, that one region of the
    reference); returns the reference's regions."""
    regions = regions_of(source)
    if not regions:
        raise PracticeError(f"{source}: no `exercise: start` region, so nothing to practise")
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest, ignore=IGNORED)
    for path, text in _text_files(dest):
        if only is not None and path.relative_to(dest) != only.path.relative_to(source):
            continue
        if "exercise:" in text:
            blanked = blank(path, text, None if only is None else only.start)
            _check_valid(path, blanked)
            path.write_text(blanked, encoding="utf-8")
    return regions


def practice_dir(example: Example, root: Path = ROOT) -> Path:
    return root / PRACTICE / example.folder


def cmd_exercise(selector: str, reset: bool, root: Path = ROOT) -> int:
    example = example_for(selector, root)
    dest = practice_dir(example, root)
    rel = dest.relative_to(root)
    if dest.exists() and not reset:
        print(f"{rel}/ is already there, with your work in it; nothing was changed.")
        print(f"To start afresh: nox -s exercise -- --reset {example.folder}")
        return 0
    regions = make_copy(example.path, dest)
    print(f"Practice copy of {example.folder}/ written to {rel}/ ({example.title}).")
    print(f"{len(regions)} region(s) to write, marked TODO:")
    for region in regions:
        where = region.path.relative_to(example.path)
        print(f"  {rel}/{where}:{region.start + 1}  {region.hint}")
    print("\nIts tests fail until you write them. Then, in another terminal:")
    print(f"  nox -s watch -- {example.folder}      (reruns the tests on every save)")
    print(f"The reference solution stays in {example.folder}/; peek only when stuck.")
    return 0


def _snapshot(folder: Path) -> dict[str, float]:
    return {
        str(p): p.stat().st_mtime
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


# The reference's test files: the verdict always comes from these, never from the copy's.
CONFIG_FILES = {"conftest.py", "pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml"}
VERDICT = ".verdict"  # under PRACTICE: the copy with the reference tests put back, as it is tested
SKILL_MISSING = "Skill missing: "  # how a skill check's failure starts (README, "Practise")


def is_test_file(rel: Path) -> bool:
    """Part of an example's tests: anything under tests/, and every conftest.py."""
    return rel.parts[0] == "tests" or rel.name == "conftest.py"


def _is_test_module(rel: Path) -> bool:
    return rel.parts[0] == "tests" and rel.suffix == ".py" and rel.name.startswith("test_")


@dataclass
class Verdict:
    done: bool
    edited: list[str]  # reference test files the copy changed or removed: not used
    own: list[str]  # the learner's own test modules: they ran too
    ignored: list[str]  # the learner's own conftest.py and pytest settings: not used
    skills: list[str]  # the "Skill missing: ..." messages of the failures
    output: str


def _files(folder: Path) -> dict[Path, Path]:
    return {
        p.relative_to(folder): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".pytest_cache" not in p.parts
    }


def verdict(
    example: Example, copy: Path, run_dir: Path, python: str = sys.executable, echo: bool = True
) -> Verdict:
    """Run the reference example's tests against the learner's copy of the code.

    The copy is laid out again in `run_dir` with every test file of the reference put back as it
    is (an edited or deleted reference test changes nothing), the learner's own conftest.py and
    pytest settings left out (they could skip or weaken the reference tests), then the reference
    test modules run, skill checks first. The learner's own test modules run after, in a pytest
    process of their own, so they can add to the verdict but never take from it.
    """
    reference, mine = _files(example.path), _files(copy)
    tested = run_dir / example.folder
    if tested.exists():
        shutil.rmtree(tested)
    tested.mkdir(parents=True)
    edited, own, ignored = [], [], []
    for rel, path in mine.items():
        if rel in reference and is_test_file(rel):
            if path.read_bytes() != reference[rel].read_bytes():
                edited.append(str(rel))
            continue
        if rel not in reference and (rel.name in CONFIG_FILES or rel.name.endswith(".pth")):
            ignored.append(str(rel))
            continue
        if rel not in reference and _is_test_module(rel):
            own.append(str(rel))
        (tested / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, tested / rel)
    for rel, path in reference.items():
        if is_test_file(rel):
            if rel not in mine:
                edited.append(str(rel))
            (tested / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, tested / rel)
    modules = sorted(str(rel) for rel in reference if _is_test_module(rel))
    # The skill checks first, all of them (each names a skill to write), then the behaviour, up to
    # its first failure (one thing at a time, with the requests the test made).
    skill = [m for m in modules if Path(m).name == "test_skill.py"]
    done, text = True, ""
    for group, stop in ((skill, False), ([m for m in modules if m not in skill], True)):
        if group:
            code, out = _pytest(python, tested, group, copy, example, echo, stop)
            done, text = done and code == 0, text + out
    if done and own:
        if echo:
            print(f"\n── your own tests: {', '.join(own)} ──", flush=True)
        code, out = _pytest(python, tested, own, copy, example, echo, True)
        done, text = code == 0, text + out
    return Verdict(done, sorted(edited), own, ignored, _skills_missing(text), text)


def _skills_missing(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if SKILL_MISSING in line:
            message = line[line.index(SKILL_MISSING) :].rstrip().rstrip("'\"")
            if message not in found:
                found.append(message)
    return found


def _pytest(
    python: str,
    folder: Path,
    modules: list[str],
    copy: Path,
    example: Example,
    echo: bool,
    stop_at_first: bool,
) -> tuple[int, str]:
    """Run pytest on some modules of `folder`; its paths are shown as the learner's (`copy`)."""
    cmd = [python, "-m", "pytest", "-q", "--tb=short", "-p", "shared.pytest_learner"]
    cmd += ["-x"] if stop_at_first else []
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    # Tests show where they are: the reference's; the code under test is the learner's copy.
    swaps = [(str(folder / "tests"), str(example.path / "tests")), (str(folder), str(copy))]
    for absolute, shown in list(swaps):
        with contextlib.suppress(ValueError):
            swaps.append((os.path.relpath(absolute, ROOT), os.path.relpath(shown, ROOT)))
    lines = []
    with subprocess.Popen(
        [*cmd, *modules], cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, errors="replace",
    ) as process:  # fmt: skip
        for line in process.stdout:
            for old, new in swaps:
                line = line.replace(old, new)
            lines.append(line)
            if echo:
                print(line, end="", flush=True)
    return process.returncode, "".join(lines)


def _tell(result: Verdict) -> None:
    if result.edited:
        print(
            f"\nNote: {', '.join(result.edited)} differ from the reference example's tests: the "
            "verdict ran the reference's, so editing or deleting them changes nothing. Tests of "
            "your own go in a new file (tests/test_mine.py); they run after the reference's."
        )
    if result.ignored:
        print(
            f"Note: {', '.join(result.ignored)} not used: the reference's conftest.py and pytest "
            "settings are the ones the verdict runs with."
        )


def cmd_watch(selector: str, once: bool, root: Path = ROOT, poll: float = 0.5) -> int:
    example = example_for(selector, root)
    folder = practice_dir(example, root)
    if not folder.exists():
        print(f"No practice copy yet: run  nox -s exercise -- {example.folder}")
        return 2
    # The copy as it is tested (reference tests put back) lives in a folder of this watch's own.
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=_mkdirs(root / PRACTICE / VERDICT)))
    try:
        return _watch(example, folder, run_dir, once, root, poll)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            run_dir.parent.rmdir()


def _watch(example: Example, folder: Path, run_dir: Path, once: bool, root: Path, poll: float):
    seen: dict[str, float] = {}
    while True:
        now = _snapshot(folder)
        if now != seen:
            seen = now
            stamp = time.strftime("%H:%M:%S")
            print(f"\n── {stamp}  testing {folder.relative_to(root)}/ ──", flush=True)
            result = verdict(example, folder, run_dir)
            _tell(result)
            if result.done:
                print(f"\n✔ All tests pass: «{example.title}» is done.")
                print("This practice run marks nothing in roadmap.md. What next: nox -s next")
                return 0
            print("\n✘ Not yet. Read the first failure above, edit, save: the tests run again.")
            for skill in result.skills:
                print(f"  {skill}")
            if once:
                return 1
        time.sleep(poll)


def cmd_next(root: Path = ROOT) -> int:
    _, doc, mapping = load(root)
    for row in doc.rows:
        if row.mark == VERIFIED and mapping.example(row):
            continue
        example = mapping.example(row)
        print(f"Next: {row.number} {row.mark} «{row.skill}»")
        if example is None:
            print("No example for it yet: README.md, 'Add an example', says how to write one.")
        else:
            print(f"  example:  {example.folder}/ ({example.title})")
            print(f"  practise: nox -s exercise -- {row.number}")
            print(f"  then:     nox -s watch -- {row.number}")
        return 0
    print("Every row of the checklist is ✅. Well done.")
    return 0


CHEATS = "shared/tests/cheats"  # in the repository: one folder per cheat, cheat.toml and files/
WEAK_TESTS = "def test_ok():\n    pass\n"  # what a learner in a hurry puts in place of the tests


@dataclass(frozen=True)
class Cheat:
    """A region written without the skill, as a learner in a hurry would: it must not be done."""

    name: str
    row: str
    what: str
    expect: tuple[str, ...]  # each appears in the failing verdict: the missing skill, named
    files: Path  # laid out like the example: the files whose regions the cheat fills


def load_cheats(folder: Path) -> list[Cheat]:
    cheats = []
    for toml in sorted(folder.glob("*/cheat.toml")):
        data = tomllib.loads(toml.read_text(encoding="utf-8"))
        where = toml.relative_to(folder.parent)
        if set(data) != {"row", "cheat", "expect"}:
            raise PracticeError(f"{where}: needs exactly the keys row, cheat, expect")
        expect = data["expect"]
        texts = isinstance(expect, list) and all(isinstance(e, str) for e in expect)
        if not expect or not texts:
            raise PracticeError(f"{where}: expect is a list of the texts the failure must show")
        if not (toml.parent / "files").is_dir():
            raise PracticeError(f"{where}: the cheat's files go in files/, laid out as the example")
        files = toml.parent / "files"
        cheats.append(Cheat(toml.parent.name, data["row"], data["cheat"], tuple(expect), files))
    return cheats


def apply_cheat(cheat: Cheat, example: Example, copy: Path) -> None:
    """Fill a blanked copy as the cheat does, and replace its tests with one that always passes."""
    for path in sorted(cheat.files.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(cheat.files)
        reference = example.path / rel
        if not reference.is_file() or not find_regions(reference, reference.read_text("utf-8")):
            raise PracticeError(
                f"cheat {cheat.name}: {rel} is not a file with exercise regions in {example.folder}"
            )
        shutil.copy2(path, copy / rel)
    for path in (copy / "tests").glob("test_*.py"):
        path.write_text(WEAK_TESTS, encoding="utf-8")


def check_cheats(
    examples: list[Example],
    base: Path,
    pythons: dict[str, str],
    cheats: list[Cheat],
    jobs: int | None = None,
) -> list[str]:
    """Each cheat of these examples, applied to a copy whose tests are replaced by one that
    always passes, gets "not yet" from the verdict, naming what it expects. The cheats run `jobs`
    at a time (default: the core count), each in a folder of its own; they print in their order."""
    by_row = {ex.row: ex for ex in examples}

    def judge(cheat: Cheat) -> tuple[str, str | None]:
        example = by_row[cheat.row]
        copy = base / "cheats" / cheat.name / example.folder
        # The reference, with the cheat's files in place of its own: a cheat holds only the
        # files it writes differently, and each cheat is judged on its own shortcut.
        started = time.monotonic()
        shutil.copytree(example.path, copy, ignore=IGNORED)
        apply_cheat(cheat, example, copy)
        result = verdict(example, copy, base / "cheats" / f"{cheat.name}.tested",
                         pythons[example.folder], echo=False)  # fmt: skip
        missing = [text for text in cheat.expect if text not in result.output]
        verdict_line = "done (!)" if result.done else "not yet"
        ok = "ok" if not result.done and not missing else "WRONG"
        seconds = time.monotonic() - started
        line = f"  cheat {cheat.name:<40} {verdict_line:<8} {ok:<5} {seconds:5.1f} s"
        if result.done:
            return line, f"cheat {cheat.name} ({cheat.what}) passes the reference tests"
        if missing:
            first = result.skills[0] if result.skills else _first_failure(result.output)
            return line, f"cheat {cheat.name} fails, but without {missing[0]!r}; it says: {first}"
        return line, None

    mine = [cheat for cheat in cheats if cheat.row in by_row]
    problems = []
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        for line, problem in pool.map(judge, mine):
            print(line, flush=True)
            problems += [problem] if problem else []
    return problems


def _first_failure(output: str) -> str:
    errors = [line.strip() for line in output.splitlines() if line.startswith("E ")]
    return errors[0] if errors else output.strip().splitlines()[-1:][0] if output.strip() else ""


def _mkdirs(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def cmd_proof(
    selectors: list[str],
    root: Path = ROOT,
    each_region: bool = False,
    envdir: Path | None = None,
) -> int:
    """For every example: its tests pass as it is, and fail with its exercise regions blanked.

    With `each_region`, also with each region blanked alone: a region whose absence no test
    notices is named (one more run per region: for the examples you change, not every CI run).
    Names each example that breaks a rule: a blanked example whose tests still pass has tests
    that do not test its skill.
    """
    examples = select(selectors, root)
    pythons = {ex.folder: python_for(ex, envdir) for ex in examples}
    # A folder of this run's own: two proofs at once (two terminals, two helpers) never meet.
    base = Path(tempfile.mkdtemp(prefix="run-", dir=_mkdirs(root / PRACTICE / PROOF)))
    problems, runs, checks = [], [], []  # checks: (folder, label of the blanked run, what it is)
    recorded, reused = passes(root), {}
    for example in examples:
        try:
            regions = make_copy(example.path, base / example.folder)
        except PracticeError as exc:
            problems.append(f"{example.folder}: {exc}")
            continue
        if missing := [r for r in regions if not r.hint]:
            where = ", ".join(f"{r.path.name}:{r.start + 1}" for r in missing)
            problems.append(f"{example.folder}: regions without a hint at {where}")
        # An unchanged example that passed its last level run here is not run as it is again.
        last = recorded.get(example.folder, {})
        if last.get("fingerprint") == fingerprint(root, example.folder, pythons[example.folder]):
            reused[example.folder] = Result(example.folder, passed=last.get("passed", 1))
        else:
            runs.append(example)
        blanked = f"{example.folder} (blanked)"
        runs.append(replace(example, path=base / example.folder, folder=blanked))
        checks.append((example.folder, blanked, "every exercise region"))
        pythons[blanked] = pythons[example.folder]
        # One region alone blanked is the same run as all of them blanked.
        for n, region in enumerate(regions if each_region and len(regions) > 1 else [], 1):
            where = f"{region.path.relative_to(example.path)}:{region.start + 1}"
            label = f"{example.folder} (region {n})"
            dest = base / f"{example.folder}.region{n}"
            make_copy(example.path, dest, only=region)
            runs.append(replace(example, path=dest, folder=label))
            checks.append((example.folder, label, f"the region at {where} ({region.hint})"))
            pythons[label] = pythons[example.folder]
    kind = "blanked and with each region alone blanked" if each_region else "and blanked"
    same = f"; {len(reused)} unchanged since they passed a level run" if reused else ""
    print(
        f"proof: running {len(examples)} example(s) as they are {kind} ({len(runs)} runs{same})…",
        flush=True,
    )
    # A blanked run only has to fail once: -x stops it at its first failure.
    results = (
        run_all(
            runs,
            stop_at_first_failure={label for _, label, _ in checks},
            python_for=lambda ex: pythons[ex.folder],
        )
        | reused
    )
    width = max((len(folder) for folder, _, _ in checks), default=10)
    for folder in dict.fromkeys(folder for folder, _, _ in checks):
        whole = results[folder]
        mine = [(results[label], what) for f, label, what in checks if f == folder]
        still = [what for result, what in mine if result.mark != FAILING]
        verdict = "ok"
        if whole.mark == FAILING:
            verdict = "FAILS AS IT IS"
            problems.append(
                f"{folder}: its tests fail on the reference example: {whole.first_error}"
            )
        if still:
            verdict = "STILL PASSES BLANKED"
            problems += [f"{folder}: its tests pass with {what} taken out" for what in still]
        counts = whole.counts() + (" (level run)" if folder in reused else "")
        print(
            f"  {folder:<{width}}  as it is: {counts:<34} "
            f"blanked: {len(mine) - len(still)}/{len(mine)} runs fail  {verdict:<5} "
            f"{sum(result.seconds for result, _ in mine):5.1f} s"
        )
    tested = [ex for ex in examples if ex.folder in results]
    problems += check_cheats(tested, base, pythons, load_cheats(root / CHEATS))
    shutil.rmtree(base, ignore_errors=True)
    with contextlib.suppress(OSError):
        base.parent.rmdir()  # .proof itself, when no other proof is running
    if problems:
        print("proof failed:\n  " + "\n  ".join(problems))
        return 1
    print(f"proof: all {len(examples)} example(s) pass as they are and fail without their regions.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.practice", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    exercise = sub.add_parser("exercise", help="make (or --reset) the practice copy of an example")
    exercise.add_argument("selector", help="a row number (1.3), a folder, or part of its name")
    exercise.add_argument("--reset", action="store_true", help="start the copy afresh")
    watch = sub.add_parser("watch", help="rerun the practice copy's tests on every save")
    watch.add_argument("selector")
    watch.add_argument("--once", action="store_true", help="run once and exit (no watching)")
    sub.add_parser("next", help="the first row of the checklist that is not ✅")
    proof = sub.add_parser("proof", help="every example's tests must fail once blanked")
    proof.add_argument(
        "selectors", nargs="*", help="sections (1 2 3 4 t) or rows (2.4); default: all"
    )
    proof.add_argument(
        "--each-region",
        action="store_true",
        help="also blank each region alone (one more run per region; by default all at once)",
    )
    proof.add_argument(
        "--venvs", type=Path, default=None, help="nox's venv folder: each level in its own venv"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "exercise":
            return cmd_exercise(args.selector, args.reset)
        if args.command == "watch":
            return cmd_watch(args.selector, args.once)
        if args.command == "next":
            return cmd_next()
        return cmd_proof(args.selectors, each_region=args.each_region, envdir=args.venvs)
    except (RoadmapError, PracticeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
