"""compose.yaml, checked by the real Compose v2 binary offline (`config` needs no engine)."""

import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]  # the example folder
COMPOSE = (HERE / "compose.yaml").read_text(encoding="utf-8")


def test_compose_accepts_the_file(compose):
    done = compose("config", "-q")
    assert (done.returncode, done.stderr) == (0, "")


def test_compose_refuses_to_run_without_a_database_password(compose):
    done = compose("config", "-q", password=None)
    assert done.returncode != 0
    assert "required variable POSTGRES_PASSWORD is missing a value" in done.stderr


def broken(text, old, new):
    assert text.count(old) == 1, f"compose.yaml no longer holds {old!r}"
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        # app waits on a service that does not exist
        (
            "      migrate:\n        condition: service_completed_successfully\n",
            "      migrations:\n        condition: service_completed_successfully\n",
            'service "app" depends on undefined service "migrations"',
        ),
        # a condition compose does not know
        (
            "      app:\n        condition: service_healthy\n",
            "      app:\n        condition: service_ready\n",
            "services.nginx.depends_on.app.condition value must be one of",
        ),
        # a healthcheck key misspelt
        ("      start_period: 10s\n", "      start_delay: 10s\n", "start_delay"),
    ],
    ids=["undefined-service", "unknown-condition", "unknown-key"],
)
def test_compose_refuses_a_broken_copy(compose, tmp_path, old, new, error):
    copy = tmp_path / "compose.yaml"
    copy.write_text(broken(COMPOSE, old, new), encoding="utf-8")
    done = compose("config", "-q", file=copy)
    assert done.returncode != 0
    assert error in done.stderr


def test_only_nginx_publishes_a_port(compose_config):
    published = {
        name: [port["published"] for port in service.get("ports", [])]
        for name, service in compose_config["services"].items()
    }
    assert published == {"postgres": [], "redis": [], "migrate": [], "app": [], "nginx": ["8080"]}


def test_every_service_healthy_condition_waits_on_a_real_healthcheck(compose_config):
    """Compose accepts `condition: service_healthy` on a service without a healthcheck; the
    stack would then never start. So the test checks what `config` does not."""
    services = compose_config["services"]
    waited = {
        target
        for service in services.values()
        for target, dependency in service.get("depends_on", {}).items()
        if dependency["condition"] == "service_healthy"
    }
    assert waited == {"postgres", "redis", "app"}
    for name in waited:
        check = services[name].get("healthcheck", {})
        assert check.get("test", [""])[0] == "CMD" and not check.get("disable"), name
        assert check.get("retries", 0) >= 3 and re.fullmatch(r"\d+s", check["interval"]), name


def test_the_app_and_its_migration_read_the_same_database(compose_config):
    services = compose_config["services"]
    app, migrate = services["app"]["environment"], services["migrate"]["environment"]
    assert app["DATABASE_URL"] == migrate["DATABASE_URL"]
    assert app["DATABASE_URL"] == "postgresql://app:test-only@postgres:5432/app"
    assert app["REDIS_URL"] == "redis://redis:6379/0"
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"] == "test-only"
    # The same image for both: the migration is the app's own `flask init-db`.
    assert services["app"]["build"] == services["migrate"]["build"]
