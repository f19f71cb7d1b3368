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
from dataclasses import dataclass, replace
from pathlib import Path

from shared.roadmap.document import FAILING, VERIFIED, RoadmapError
from shared.roadmap.examples import Example, example_for, load, select
from shared.roadmap.runner import run_all
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


def _run_tests(folder: Path) -> int:
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "--tb=short", "-p", "shared.pytest_learner"]
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    return subprocess.run(cmd, cwd=folder, env=env).returncode


def cmd_watch(selector: str, once: bool, root: Path = ROOT, poll: float = 0.5) -> int:
    example = example_for(selector, root)
    folder = practice_dir(example, root)
    if not folder.exists():
        print(f"No practice copy yet: run  nox -s exercise -- {example.folder}")
        return 2
    seen: dict[str, float] = {}
    while True:
        now = _snapshot(folder)
        if now != seen:
            seen = now
            stamp = time.strftime("%H:%M:%S")
            print(f"\n── {stamp}  testing {folder.relative_to(root)}/ ──", flush=True)
            code = _run_tests(folder)
            if code == 0:
                print(f"\n✔ All tests pass: «{example.title}» is done.")
                print("This practice run marks nothing in roadmap.md. What next: nox -s next")
                return 0
            print("\n✘ Not yet. Read the first failure above, edit, save: the tests run again.")
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
    notices is named. Names each example that breaks a rule: a blanked example whose tests still
    pass has tests that do not test its skill.
    """
    examples = select(selectors, root)
    pythons = {ex.folder: python_for(ex, envdir) for ex in examples}
    # A folder of this run's own: two proofs at once (two terminals, two helpers) never meet.
    base = Path(tempfile.mkdtemp(prefix="run-", dir=_mkdirs(root / PRACTICE / PROOF)))
    problems, runs, checks = [], [], []  # checks: (folder, label of the blanked run, what it is)
    for example in examples:
        try:
            regions = make_copy(example.path, base / example.folder)
        except PracticeError as exc:
            problems.append(f"{example.folder}: {exc}")
            continue
        if missing := [r for r in regions if not r.hint]:
            where = ", ".join(f"{r.path.name}:{r.start + 1}" for r in missing)
            problems.append(f"{example.folder}: regions without a hint at {where}")
        runs.append(example)
        blanked = f"{example.folder} (blanked)"
        runs.append(replace(example, path=base / example.folder, folder=blanked))
        checks.append((example.folder, blanked, "every exercise region"))
        pythons[blanked] = pythons[example.folder]
        for n, region in enumerate(regions if each_region else [], 1):
            where = f"{region.path.relative_to(example.path)}:{region.start + 1}"
            label = f"{example.folder} (region {n})"
            dest = base / f"{example.folder}.region{n}"
            make_copy(example.path, dest, only=region)
            runs.append(replace(example, path=dest, folder=label))
            checks.append((example.folder, label, f"the region at {where} ({region.hint})"))
            pythons[label] = pythons[example.folder]
    kind = "blanked and with each region alone blanked" if each_region else "and blanked"
    print(
        f"proof: running {len(examples)} example(s) as they are {kind} ({len(runs)} runs)…",
        flush=True,
    )
    # A blanked run only has to fail once: -x stops it at its first failure.
    results = run_all(
        runs,
        stop_at_first_failure={label for _, label, _ in checks},
        python_for=lambda ex: pythons[ex.folder],
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
        print(
            f"  {folder:<{width}}  as it is: {whole.counts():<22} "
            f"blanked: {len(mine) - len(still)}/{len(mine)} runs fail  {verdict}"
        )
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
        "--each-region", action="store_true", help="also blank each region alone: each must fail"
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
