"""Run one example's tests in a pytest process of its own and read back what happened."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .document import FAILING, PARTLY, VERIFIED
from .examples import Example

TIMEOUT = 600.0  # seconds for one example's whole test run


@dataclass
class Result:
    folder: str
    passed: int = 0
    failed: int = 0  # failures and errors, collection errors included
    skipped: int = 0
    seconds: float = 0.0
    first_error: str = ""  # "test id: first line of the message"
    skip_reasons: list[str] = field(default_factory=list)

    @property
    def mark(self) -> str:
        if self.failed or self.first_error or not self.passed:
            return FAILING
        return PARTLY if self.skipped else VERIFIED

    def counts(self) -> str:
        parts = [f"{self.passed} passed"]
        parts += [f"{self.failed} failed"] if self.failed else []
        parts += [f"{self.skipped} skipped"] if self.skipped else []
        return ", ".join(parts)


def _first_line(text: str | None, limit: int = 200) -> str:
    line = next((ln.strip() for ln in (text or "").splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _problem_line(problem: ET.Element) -> str:
    """The message of a failure, or for a collection error (whose message says only that) the
    exception line pytest marks with `E`."""
    message = problem.get("message") or ""
    if message and message != "collection failure":
        return _first_line(message)
    raised = [ln[1:].strip() for ln in (problem.text or "").splitlines() if ln.startswith("E ")]
    return _first_line(raised[-1] if raised else message or problem.text)


def _why(output: str) -> str:
    """What pytest said went wrong outside any test case: its ERROR/FAILED lines and the warnings
    it raised at the end (an unclosed socket found once the tests are over), else its last line."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    told = [
        ln for ln in lines
        if ln.startswith(("ERROR", "FAILED", "E ")) or "ExceptionWarning: " in ln
    ]  # fmt: skip
    return " | ".join(told[-3:]) if told else (lines[-1] if lines else "")


def _read_junit(xml_path: Path, result: Result) -> None:
    for case in ET.parse(xml_path).getroot().iter("testcase"):
        name = "::".join(filter(None, (case.get("classname", ""), case.get("name", ""))))
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        skipped = case.find("skipped")
        if problem is not None:
            result.failed += 1
            if not result.first_error:
                result.first_error = f"{name}: {_problem_line(problem)}"
        elif skipped is not None:
            result.skipped += 1
            reason = _first_line(skipped.get("message") or skipped.text)
            if reason and reason not in result.skip_reasons:
                result.skip_reasons.append(reason)
        else:
            result.passed += 1


def run_example(
    example: Example,
    python: str = sys.executable,
    timeout: float = TIMEOUT,
    stop_at_first_failure: bool = False,
) -> Result:
    """`python -m pytest` with the example folder as cwd; counts read from a JUnit XML report."""
    result = Result(example.folder)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="roadmap-") as tmp:
        xml_path = Path(tmp) / "junit.xml"
        cmd = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={xml_path}"]
        cmd += ["-x"] if stop_at_first_failure else []
        proc = subprocess.Popen(
            cmd,
            cwd=example.path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, so a timeout can stop all it started
        )
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
            result.first_error = f"timed out after {timeout:.0f} s"
        result.seconds = time.monotonic() - started
        if xml_path.exists():
            try:
                _read_junit(xml_path, result)
            except ET.ParseError as exc:
                result.first_error = result.first_error or f"unreadable test report: {exc}"
    if proc.returncode == 5 and not result.first_error:
        result.first_error = "no test ran (pytest collected nothing)"
    elif proc.returncode not in (0, 1, 5) and not result.first_error:
        tail = [ln for ln in output.splitlines() if ln.strip()][-1:] or [""]
        result.first_error = f"pytest exited with code {proc.returncode}: {_first_line(tail[0])}"
    elif proc.returncode == 1 and not result.failed and not result.first_error:
        result.first_error = "pytest reported a failure: " + _first_line(_why(output))
    if result.first_error and not result.failed:
        result.failed = 1  # an error outside any test (a broken conftest, a timeout) counts once
    return result


def run_all(
    examples: list[Example],
    jobs: int | None = None,
    last_seconds: dict[str, float] | None = None,
    stop_at_first_failure: set[str] = frozenset(),
    python_for: Callable[[Example], str] | None = None,
) -> dict[str, Result]:
    """Run every example, `jobs` at a time (default: the core count); results by folder.

    With `last_seconds` (each folder's duration last time), the longest start first, examples never
    timed before ahead of all: the slow ones no longer start last and leave a core idle at the end.
    `python_for` picks each example's interpreter (its level's or its group's venv); `stop_at_first_
    failure` names the runs that only have to fail once (pytest -x).
    """
    jobs = jobs or os.cpu_count() or 2
    last = last_seconds or {}
    ordered = sorted(examples, key=lambda ex: -last.get(ex.folder, float("inf")))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(
            pool.map(
                lambda ex: run_example(
                    ex,
                    python=python_for(ex) if python_for else sys.executable,
                    stop_at_first_failure=ex.folder in stop_at_first_failure,
                ),
                ordered,
            )
        )
    return {result.folder: result for result in results}
