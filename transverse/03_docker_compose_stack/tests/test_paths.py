"""Every path the compose file names is in the repository: build contexts, Dockerfiles, bind
mounts, config files, env files. Compose itself checks only the env files."""

import re
from pathlib import Path

import pytest
import stack


def test_every_path_the_file_names_exists(stack_model):
    assert stack.missing_paths(stack_model) == []


def test_the_paths_checked_are_the_ones_the_file_names(stack_model):
    services = stack_model["services"]
    contexts = {s["build"]["context"] for s in services.values() if "build" in s}
    assert contexts == {
        str(stack.ROOT / "level3_production/10_compose_gunicorn_nginx"),
        str(stack.ROOT / "level3_production/11_celery_worker_production"),
    }
    assert stack_model["configs"]["prometheus"]["file"] == str(
        stack.ROOT / "transverse/03_docker_compose_stack/prometheus.yml"
    )
    env_files = {f["path"] for s in services.values() for f in s.get("env_file", [])}
    assert env_files == {str(stack.ROOT / "transverse/03_docker_compose_stack/stack.env")}
    binds = {
        v["source"]: name
        for name, s in services.items()
        for v in s.get("volumes", [])
        if v["type"] == "bind"
    }
    level3, level4 = (
        "level3_production/10_compose_gunicorn_nginx",
        "level4_expert/14_observability_dashboards",
    )
    assert binds == {
        str(stack.ROOT / level3 / "nginx.conf"): "nginx",
        str(stack.ROOT / level3 / "static"): "nginx",
        str(stack.ROOT / level4 / "grafana/provisioning"): "grafana",
        str(stack.ROOT / level4 / "grafana/dashboards"): "grafana",
    }


def writable_binds(model):
    return [
        f"{name}: {v['source']}"
        for name, s in sorted(model["services"].items())
        for v in s.get("volumes", [])
        if v["type"] == "bind" and not v.get("read_only")
    ]


def test_every_bind_mount_is_read_only(stack_model, broken_copy):
    """A container reads the repository's files (configs, provisioning, dashboards), never
    writes them: what it writes goes to a named volume. A mount without `:ro` is caught."""
    assert writable_binds(stack_model) == []
    copy = broken_copy("/grafana/dashboards:ro\n", "/grafana/dashboards\n")
    assert writable_binds(stack.model(copy)) == [
        f"grafana: {stack.ROOT}/level4_expert/14_observability_dashboards/grafana/dashboards"
    ]


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        (
            "    build: level3_production/10_compose_gunicorn_nginx\n    profiles: [app]\n    env",
            "    build: level3_production/10_compose\n    profiles: [app]\n    env",
            "app: build context",
        ),
        (
            "      dockerfile: ../../transverse/03_docker_compose_stack/worker.Dockerfile\n"
            "    profiles: [app]\n    env",
            "      dockerfile: Dockerfile\n    profiles: [app]\n    env",
            "worker: Dockerfile",
        ),
        (
            "10_compose_gunicorn_nginx/nginx.conf:",
            "10_compose_gunicorn_nginx/nginx.cfg:",
            "nginx: bind",
        ),
        ("03_docker_compose_stack/prometheus.yml", "03_docker_compose_stack/prom.yml", "configs "),
        (
            "14_observability_dashboards/grafana/provisioning:",
            "14_observability_dashboards/provisioning:",
            "grafana: bind",
        ),
    ],
    ids=["build-context", "dockerfile", "bind-source", "config-file", "bind-folder"],
)
def test_a_path_that_is_not_there_is_caught_though_compose_accepts_it(
    broken_copy, old, new, missing
):
    copy = broken_copy(old, new)
    assert stack.compose("--profile", "*", "config", "-q", file=copy).returncode == 0
    found = stack.missing_paths(stack.model(copy))
    assert found and found[0].startswith(missing), found
    assert all(line.startswith(missing.split(":")[0]) for line in found), found  # that one only


def test_an_env_file_that_is_not_there_is_caught(broken_copy):
    copy = broken_copy(
        "    env_file: [transverse/03_docker_compose_stack/stack.env]\n    environment:",
        "    env_file: [transverse/03_docker_compose_stack/app.env]\n    environment:",
    )
    found = stack.missing_paths(stack.model(copy))  # model() keeps env files as paths
    assert found == [
        f"app: env file: {stack.ROOT}/transverse/03_docker_compose_stack/app.env does not exist"
    ]


def copied_sources(dockerfile):
    """The sources of the Dockerfile's COPY instructions from the build context (not --from)."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text(encoding="utf-8"))
    copies = re.findall(r"^COPY (?!--from)(.+)$", text, re.M)
    return {source for args in copies for source in args.split()[:-1]}


def test_every_file_an_image_copies_is_in_its_build_context(stack_model):
    """A build context that exists is not enough: `COPY tasks.py` fails if tasks.py is not in it."""
    checked = set()
    for service in stack_model["services"].values():
        if build := service.get("build"):
            context = Path(build["context"])
            dockerfile = context / build.get("dockerfile", "Dockerfile")
            for source in copied_sources(dockerfile):
                assert (context / source).exists(), f"{dockerfile}: COPY {source}"
                checked.add(source)
    assert {"tasks.py", "worker.py", "views.py", "requirements.txt"} <= checked


def test_a_copy_of_a_file_the_context_lacks_is_caught(tmp_path):
    dockerfile = tmp_path / "worker.Dockerfile"
    dockerfile.write_text("FROM python:3.12-slim\nCOPY app.py \\\n    jobs.py ./\n", "utf-8")
    context = stack.ROOT / "level3_production/11_celery_worker_production"
    assert copied_sources(dockerfile) == {"app.py", "jobs.py"}
    assert [s for s in sorted(copied_sources(dockerfile)) if not (context / s).exists()] == [
        "jobs.py"
    ]
