"""Command line of the roadmap engine (what the nox sessions call)."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from .document import FAILING, NOT_BUILT, VERIFIED, RoadmapError, Row, render
from .examples import ROADMAP, Mapping, load, resolve
from .files import (
    durations,
    fingerprint,
    locked,
    remember_durations,
    remember_passes,
    write_atomic,
)
from .runner import Result, run_all
from .sections import SECTION_NAMES
from .venvs import python_for

ROOT = Path(__file__).resolve().parents[2]


def updates_for(rows: Iterable[Row], mapping: Mapping, results: dict[str, Result]) -> dict:
    updates = {}
    for row in rows:
        example = mapping.example(row)
        if example is None:
            updates[row.number] = (NOT_BUILT, None)
        else:
            updates[row.number] = (results[example.folder].mark, example.folder)
    return updates


def report(rows: list[Row], mapping: Mapping, results: dict[str, Result]) -> None:
    """One line per row: mark, number, folder or skill, counts, time, and why when it is not ✅."""
    width = max((len(ex.folder) for r in rows if (ex := mapping.example(r))), default=20)
    for row in rows:
        example = mapping.example(row)
        if example is None:
            print(f"  {NOT_BUILT}  {row.number:<5} {'(not built)':<{width}}  {row.skill}")
            continue
        res = results[example.folder]
        print(
            f"  {res.mark} {row.number:<5} {example.folder:<{width}}  "
            f"{res.counts():<28} {res.seconds:5.1f} s",
        )
        if res.first_error:
            print(f"        {res.first_error}")
        for reason in res.skip_reasons:
            print(f"        skipped: {reason}")


def run_rows(
    root: Path, rows: list[Row], mapping: Mapping, jobs: int | None, envdir: Path | None
) -> dict[str, Result]:
    examples = [ex for row in rows if (ex := mapping.example(row))]
    if not examples:
        return {}
    pythons = {ex.folder: python_for(ex, envdir) for ex in examples}  # a missing venv: an error now
    print(f"running {len(examples)} example(s), {jobs or os.cpu_count()} at a time…", flush=True)
    # Taken before the run (a test may leave a file behind): `nox -s proof` right after a level
    # run need not run an unchanged example as it is again.
    prints = {ex.folder: fingerprint(root, ex.folder, pythons[ex.folder]) for ex in examples}
    results = run_all(examples, jobs, durations(root), python_for=lambda ex: pythons[ex.folder])
    remember_durations(root, {folder: r.seconds for folder, r in results.items()})
    passed = {f: r for f, r in results.items() if r.mark == VERIFIED}
    remember_passes(
        root,
        {f: {"fingerprint": prints[f], "passed": r.passed} for f, r in passed.items()},
        set(results) - set(passed),
    )
    return results


def apply(root: Path, numbers: set[str], results: dict[str, Result]) -> bool:
    """Write the marks of rows `numbers` into roadmap.md, re-read under the lock.

    Returns whether the file changed."""
    with locked(root):
        text, doc, mapping = load(root)
        rows = [row for row in doc.rows if row.number in numbers]
        new = render(doc, updates_for(rows, mapping, results))
        if new == text:
            return False
        write_atomic(root / ROADMAP, new)
        return True


def cmd_run(
    root: Path,
    sections: list[str],
    selector: str | None,
    jobs: int | None,
    envdir: Path | None = None,
) -> int:
    _, doc, mapping = load(root)
    if selector:
        rows = [resolve(selector, doc, mapping, root)]
    else:
        rows = [row for row in doc.rows if row.section in sections]
    started = time.monotonic()
    results = run_rows(root, rows, mapping, jobs, envdir)
    report(rows, mapping, results)
    changed = apply(root, {row.number for row in rows}, results)
    marks = [mark for mark, _ in updates_for(rows, mapping, results).values()]
    names = ", ".join(dict.fromkeys(SECTION_NAMES[row.section] for row in rows))
    print(
        f"{names}: {marks.count(VERIFIED)}/{len(rows)} ✅, {marks.count(FAILING)} ❌ "
        f"in {time.monotonic() - started:.1f} s; {ROADMAP} {'updated' if changed else 'unchanged'}"
    )
    ran = list(results.values())
    if ran:  # the plain closing line CI tools read: counts over every test of this run
        print(
            f"tests: {sum(r.passed for r in ran)} passed, {sum(r.failed for r in ran)} failed, "
            f"{sum(r.skipped for r in ran)} skipped"
        )
    return 1 if FAILING in marks else 0


def cmd_status(root: Path) -> int:
    _, doc, mapping = load(root)
    for section, name in SECTION_NAMES.items():
        rows = doc.section_rows(section)
        done = sum(row.mark == VERIFIED for row in rows)
        print(f"{name}: {done}/{len(rows)} ✅")
        for row in rows:
            example = mapping.example(row)
            where = example.folder if example else "not built"
            if row.mark != VERIFIED:
                print(f"  {row.mark or '?'}  {row.number:<5} {where}: {row.skill}")
            elif example is None:
                print(
                    f"  ✅? {row.number:<5} {where}: ticked, but no example proves it: {row.skill}"
                )
    return 0


def cmd_check(root: Path, jobs: int | None, envdir: Path | None = None) -> int:
    """Run every example afresh and compare what would be written with roadmap.md as it is."""
    text, doc, mapping = load(root)
    results = run_rows(root, doc.rows, mapping, jobs, envdir)
    report(doc.rows, mapping, results)
    fresh = render(doc, updates_for(doc.rows, mapping, results))
    if fresh == text:
        print(f"{ROADMAP} agrees with a fresh run.")
        return 0
    diff = difflib.unified_diff(
        text.splitlines(),
        fresh.splitlines(),
        f"{ROADMAP} (committed)",
        f"{ROADMAP} (fresh run)",
        lineterm="",
    )
    print("\n".join(diff))
    print(f"{ROADMAP} disagrees with a fresh run: run `nox` and commit the {ROADMAP} it writes.")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.roadmap", description=__doc__)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="repository root (default: this one)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="examples run at once (default: cores)"
    )
    parser.add_argument(
        "--venvs",
        type=Path,
        default=None,
        help="the folder of nox's venvs (.nox): each example runs in its level's or group's venv "
        "there (default: everything in this Python)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run sections' examples and write their marks")
    run.add_argument(
        "sections",
        nargs="+",
        choices=list(SECTION_NAMES),
        metavar="SECTION",
        help="1, 2, 3, 4 or t (transverse)",
    )
    skill = sub.add_parser("skill", help="run one example and write its row's mark")
    skill.add_argument(
        "selector", help="a row number (1.3), a folder, or a unique part of its name"
    )
    sub.add_parser("status", help="print progress from roadmap.md; run nothing")
    sub.add_parser("check", help="fail if roadmap.md differs from what a fresh run writes")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "run":
            return cmd_run(root, args.sections, None, args.jobs, args.venvs)
        if args.command == "skill":
            return cmd_run(root, [], args.selector, args.jobs, args.venvs)
        if args.command == "status":
            return cmd_status(root)
        return cmd_check(root, args.jobs, args.venvs)
    except RoadmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
