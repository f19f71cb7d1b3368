"""A second opinion: the Compose Specification's JSON schema, shipped inside check-jsonschema
(`--builtin-schema vendor.compose-spec`: no network). It checks the shape only: an undefined
service in depends_on passes it, and Compose refuses it (tests/test_compose.py)."""

import subprocess
import sys
from pathlib import Path

import pytest
import stack

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
TEXT = stack.COMPOSE_FILE.read_text(encoding="utf-8")
COPIES = {  # name -> (old, new): each a broken copy of the root file
    "key": ("      start_period: 20s\n", "      start_delay: 20s\n"),
    "port": ('      - "127.0.0.1:6379:6379"\n', "      - [6379]\n"),
    "undefined": ("      worker:\n        condition", "      wrk:\n        condition"),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One run of check-jsonschema on the root file and on each broken copy: {file: errors}."""
    folder = tmp_path_factory.mktemp("schema")
    files = {"root": stack.COMPOSE_FILE}
    for name, (old, new) in COPIES.items():
        assert old in TEXT, f"docker-compose.yml no longer holds {old!r}"
        files[name] = folder / f"{name}.yml"
        files[name].write_text(TEXT.replace(old, new), encoding="utf-8")
    done = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--builtin-schema",
            "vendor.compose-spec",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    lines = (done.stdout + done.stderr).splitlines()
    errors = {name: [ln for ln in lines if str(path) in ln] for name, path in files.items()}
    return done.returncode, errors, files


def test_the_compose_spec_schema_accepts_the_file(report):
    code, errors, _ = report
    assert code == 1  # the broken copies
    assert errors["root"] == []


def test_the_schema_refuses_a_misspelt_key_and_a_port_of_the_wrong_type(report):
    _, errors, _ = report
    assert any("$.services.rabbitmq.healthcheck: 'start_delay'" in ln for ln in errors["key"])
    assert any("$.services.redis.ports[0]" in ln for ln in errors["port"])


def test_the_schema_alone_misses_an_undefined_service(report):
    _, errors, files = report
    assert errors["undefined"] == []  # the schema: fine
    done = stack.compose("--profile", "*", "config", "-q", file=files["undefined"])
    assert done.returncode != 0  # compose: no
    assert 'service "ledger" depends on undefined service "wrk"' in done.stderr
