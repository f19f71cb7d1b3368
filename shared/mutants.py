"""Mutation testing of the exercise regions: `nox -s mutants [-- 1.9 ...]`.

The proof blanks each region and checks that a test fails. This goes further: it changes the
region's lines one small way at a time (a `<` becomes `<=`, a number grows by one, `and` becomes
`or`, a decorator is removed, an exception type is replaced, a loop runs zero times, a call is
deleted) and runs the example's tests on each change, a *mutant*. A mutant the tests do not
notice *survives*: the region could be written that way, wrongly, and still pass. Only the lines
inside the Python regions are mutated: the rest of an example is scaffolding a learner does not
write.

The tool is cosmic-ray (https://cosmic-ray.readthedocs.io): it mutates module-level and decorated
code (Flask's views are both; mutmut 3 leaves decorated functions alone), lets a session be
narrowed to given lines (its work items carry positions), and runs any test command, so each
example's tests run in their own level's venv, as `nox -s level2` runs them.

A surviving mutant is fixed by a better test or skill check, or, when the change does not alter
what the code does (an equivalent mutant), listed in `shared/equivalent-mutants/<row>.toml` with a
one-line reason.
The session fails while a survivor has neither.

    python -m shared.mutants [selectors] [--venvs .nox] [--jobs 2]
"""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from shared.practice import IGNORED, PRACTICE, PracticeError, Region, regions_of
from shared.roadmap.document import RoadmapError
from shared.roadmap.examples import Example, select
from shared.roadmap.venvs import python_for

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = "shared/equivalent-mutants"  # in the repository: <row>.toml, each mutant with a reason
MUTANTS = ".mutants"  # under PRACTICE: this run's copies of the examples

# cosmic-ray has no operator that removes a statement, and in Flask code the skill is often one
# call: `db.session.commit()`, `app.register_blueprint(bp)`, `login_user(user)`. This module adds
# one: each call standing alone as a statement, on one line of a region, is replaced by `pass`.
DELETE_CALL = "shared/DeleteCallStatement"
# Operators that rename or insert variables make mutants that are mostly NameErrors at import: they
# cost a test run each and say nothing a blanked region does not. Every other core operator runs.
SKIPPED_OPERATORS = ("core/VariableReplacer", "core/VariableInserter")


@dataclass
class Mutant:
    file: str  # relative to the example
    line: int
    operator: str
    diff: str
    outcome: str = ""  # killed, survived, timeout, incompetent

    @property
    def key(self) -> str:
        """How an equivalent-mutants file names it: the file, then the lines removed -> added."""
        removed = [ln[1:].strip() for ln in self.diff.splitlines() if ln.startswith("-")]
        added = [ln[1:].strip() for ln in self.diff.splitlines() if ln.startswith("+")]
        removed = [ln for ln in removed if not ln.startswith("--")]
        added = [ln for ln in added if not ln.startswith("++")]
        return f"{self.file}: {' | '.join(removed)} -> {' | '.join(added)}"


@dataclass
class Report:
    example: Example
    mutants: list[Mutant] = field(default_factory=list)
    not_python: list[Region] = field(default_factory=list)
    error: str = ""

    def count(self, outcome: str) -> int:
        return sum(m.outcome == outcome for m in self.mutants)


def load_equivalent(folder: Path) -> dict[tuple[str, str], str]:
    """(row, mutant key) -> the reason it changes nothing, from `<row>.toml` files such as

    [[equivalent]]
    mutant = 'app.py: if request.method == "POST": -> if request.method >= "POST":'
    reason = "GET, HEAD and OPTIONS all sort before POST: only POST is >= it here"
    """
    known = {}
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("equivalent", []):
            if set(entry) != {"mutant", "reason"} or not str(entry["reason"]).strip():
                raise RoadmapError(f"{path.name}: each entry has a mutant and a reason, no more")
            known[(path.stem, entry["mutant"])] = entry["reason"]
    return known


def python_lines(regions: list[Region], example: Path) -> dict[str, list[tuple[int, int]]]:
    """1-based line ranges inside each Python region (the markers themselves excluded)."""
    lines: dict[str, list[tuple[int, int]]] = {}
    for region in regions:
        if region.path.suffix == ".py" and region.end > region.start + 1:
            rel = str(region.path.relative_to(example))
            lines.setdefault(rel, []).append((region.start + 2, region.end))
    return lines


def work_items(copy: Path, lines: dict[str, list[tuple[int, int]]]):
    """cosmic-ray's mutations of the files, kept only where they touch a region's lines, then
    this module's own: one per call statement of a region, deleted."""
    from cosmic_ray.commands.init import _all_work_items

    paths = [copy / rel for rel in lines]
    for item in _all_work_items(paths, {}):
        (mutation,) = item.mutations
        if mutation.operator_name.startswith(SKIPPED_OPERATORS):
            continue
        rel = str(Path(mutation.module_path).relative_to(copy))
        first, last = mutation.start_pos[0], mutation.end_pos[0]
        if any(first <= end and start <= last for start, end in lines[rel]):
            yield rel, mutation
    for rel, ranges in lines.items():
        tree = ast.parse((copy / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Call)
                and node.lineno == node.end_lineno
                and any(start <= node.lineno <= end for start, end in ranges)
            ):
                yield rel, node.lineno


def _delete_call(path: Path, line: int, command: str, timeout: float):
    """Replace the call statement on `line` by `pass`, run the tests, put the file back."""
    from cosmic_ray.testing import run_tests

    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    text = lines[line - 1]
    indent = text[: len(text) - len(text.lstrip())]
    lines[line - 1] = f"{indent}pass\n"
    mutated = "".join(lines)
    try:
        path.write_text(mutated, encoding="utf-8")
        outcome, output = run_tests(command, timeout)
    finally:
        path.write_text(original, encoding="utf-8")
    diff = "".join(difflib.unified_diff(original.splitlines(True), mutated.splitlines(True), n=0))
    return outcome.value, output, diff


def _tests_command(python: str, folder: Path) -> list[str]:
    # env -C: cosmic-ray runs the command in its own working directory, the tests need the example's
    return ["env", "-C", str(folder), python, "-m", "pytest", "-x", "-q", "-p", "no:warnings"]


def mutate_example(example: Example, python: str, base: Path, jobs: int) -> Report:
    import attrs
    from cosmic_ray.mutating import mutate_and_test

    report = Report(example)
    try:
        regions = regions_of(example.path)
    except PracticeError as exc:
        report.error = str(exc)
        return report
    report.not_python = [r for r in regions if r.path.suffix != ".py"]
    lines = python_lines(regions, example.path)
    if not lines:
        return report
    copies = []
    for n in range(jobs):  # one copy per worker: two mutants never share a file
        copy = base / f"{example.folder}.{n}"
        shutil.copytree(example.path, copy, ignore=IGNORED)
        copies.append(copy)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # as cosmic-ray runs them: no stale .pyc
    started = time.monotonic()
    baseline = subprocess.run(
        _tests_command(python, copies[0]), env=env, capture_output=True, text=True
    )
    took = time.monotonic() - started
    if baseline.returncode != 0:
        report.error = "its tests fail unmutated:\n" + baseline.stdout[-2000:]
        return report
    timeout = max(30.0, 2 * took + 10)  # a mutant that loops forever is killed by this
    found = list(work_items(copies[0], lines))

    def run(index: int) -> Mutant:
        rel, mutation = found[index]
        copy = copies[index % jobs]
        command = shlex.join(_tests_command(python, copy))
        if isinstance(mutation, int):  # this module's own operator: a call statement deleted
            outcome, output, diff = _delete_call(copy / rel, mutation, command, timeout)
            outcome = "timeout" if output == "timeout" else outcome
            return Mutant(rel, mutation, DELETE_CALL, diff, outcome)
        mutation = attrs.evolve(mutation, module_path=copy / rel)
        result = mutate_and_test([mutation], command, timeout)
        outcome = result.test_outcome.value if result.test_outcome else "incompetent"
        if result.output == "timeout":
            outcome = "timeout"
        diff = (result.diff or "").replace(str(copy) + "/", "")
        return Mutant(rel, mutation.start_pos[0], mutation.operator_name, diff, outcome)

    # Worker n only ever touches copy n: indexes n, n + jobs, n + 2 * jobs, ...
    def worker(n: int) -> list[Mutant]:
        done = []
        for i in range(n, len(found), jobs):
            done.append(run(i))
            if n == 0 and len(done) % 10 == 0:  # a sign of life on slow examples
                print(f"    {example.folder}: {i + 1}/{len(found)} mutants tested…", flush=True)
        return done

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for mutants in pool.map(worker, range(jobs)):
            report.mutants += mutants
    report.mutants.sort(key=lambda m: (m.file, m.line, m.operator))
    return report


def _print(report: Report, equivalent: dict[tuple[str, str], str]) -> list[str]:
    """Prints one example's figures and its survivors; returns the unexplained survivors."""
    folder, row = report.example.folder, report.example.row
    if report.error:
        print(f"  {folder}: ERROR {report.error}")
        return [f"{folder}: {report.error.splitlines()[0]}"]
    survivors = [m for m in report.mutants if m.outcome == "survived"]
    explained = [m for m in survivors if (row, m.key) in equivalent]
    unexplained = [m for m in survivors if (row, m.key) not in equivalent]
    total = len(report.mutants)
    killed = total - len(survivors)
    score = f"{killed}/{total}" + (f" (+{len(explained)} equivalent)" if explained else "")
    # A mutant whose tests outrun the timeout counts as killed (it may loop forever), but on a
    # busy machine a slow run can time out too: say how many, so a figure is never flattered.
    timeouts = sum(m.outcome == "timeout" for m in report.mutants)
    score += f" ({timeouts} by timeout)" * bool(timeouts)
    extra = f", {len(report.not_python)} non-Python region(s) not mutated" * bool(report.not_python)
    print(f"  {folder:<50} killed {score:<24}{extra}", flush=True)
    for mutant in unexplained:
        print(f"    SURVIVED {mutant.operator} at {mutant.file}:{mutant.line}")
        print(f"      key: {mutant.key}")
        for line in mutant.diff.splitlines():
            if line[:1] in "+-" and not line.startswith(("+++", "---")):
                print(f"      {line}")
    return [f"{folder}: {m.key}" for m in unexplained]


def cmd_mutants(
    selectors: list[str], root: Path = ROOT, envdir: Path | None = None, jobs: int = 2
) -> int:
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        print("error: cosmic-ray is not installed: run it as `nox -s mutants`", file=sys.stderr)
        return 2
    examples = select(selectors, root)
    equivalent = load_equivalent(root / EQUIVALENT)
    pythons = {ex.folder: python_for(ex, envdir) for ex in examples}
    base_dir = root / PRACTICE / MUTANTS
    base_dir.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="run-", dir=base_dir))
    print(f"mutants: {len(examples)} example(s), {jobs} at a time; only region lines are mutated")
    started = time.monotonic()
    reports, problems = [], []
    try:
        for example in examples:
            report = mutate_example(example, pythons[example.folder], base, jobs)
            reports.append(report)
            problems += _print(report, equivalent)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    total = sum(len(r.mutants) for r in reports)
    survived = sum(r.count("survived") for r in reports)
    explained = sum(
        (r.example.row, m.key) in equivalent
        for r in reports
        for m in r.mutants
        if m.outcome == "survived"
    )
    minutes = (time.monotonic() - started) / 60
    print(
        f"mutants: {total - survived}/{total} killed, {explained} equivalent (listed in "
        f"{EQUIVALENT}/), {survived - explained} unexplained, in {minutes:.1f} min"
    )
    if problems:
        print("mutants failed: each survivor above needs a test that kills it, or an entry in")
        print(f"{EQUIVALENT}/<row>.toml saying why it changes nothing (its key, as printed).")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.mutants", description=__doc__)
    parser.add_argument("selectors", nargs="*", help="sections (1 2) or rows (1.9); default: all")
    parser.add_argument("--venvs", type=Path, default=None, help="nox's venv folder")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    args = parser.parse_args(argv)
    try:
        return cmd_mutants(args.selectors, envdir=args.venvs, jobs=max(1, args.jobs))
    except (RoadmapError, PracticeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
