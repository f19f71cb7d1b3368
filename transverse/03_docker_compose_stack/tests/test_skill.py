"""Skill checks: each function of stack.py on small models written here, as `docker compose
config --format json` writes them, so a check that only looks for one spelling fails. A failing
check starts with "Skill missing: "."""

import ast
import inspect

import stack


def service(**fields):
    return {"image": "x", **fields}


def port(published, host_ip=None):
    found = {"mode": "ingress", "target": 80, "published": str(published), "protocol": "tcp"}
    return found | ({"host_ip": host_ip} if host_ip is not None else {})


def test_skill_public_ports_lists_every_port_not_bound_to_loopback():
    model = {
        "services": {
            "web": service(ports=[port(8080, "127.0.0.1"), port(8443)]),
            "db": service(ports=[port(5432, "0.0.0.0")]),
            "cache": service(ports=[port(6379, "::")]),
            "job": service(),
        }
    }
    assert stack.public_ports(model) == [
        "cache: :::6379",
        "db: 0.0.0.0:5432",
        "web: 0.0.0.0:8443",
    ], (
        "Skill missing: public_ports(model) returns 'service: ip:port' for every published port "
        "whose host_ip is not 127.0.0.1 (no host_ip means every interface: shown as 0.0.0.0)"
    )


def test_skill_unhealthy_waits_names_healthy_waits_on_services_without_a_healthcheck():
    model = {
        "services": {
            "db": service(healthcheck={"test": ["CMD", "pg_isready"]}),
            "cache": service(),  # no healthcheck
            "off": service(healthcheck={"disable": True}),
            "none": service(healthcheck={"test": ["NONE"]}),
            "job": service(restart="no"),
            "web": service(
                depends_on={
                    "db": {"condition": "service_healthy"},
                    "cache": {"condition": "service_healthy"},
                    "job": {"condition": "service_completed_successfully"},
                }
            ),
            "proxy": service(
                depends_on={
                    "off": {"condition": "service_healthy"},
                    "none": {"condition": "service_healthy"},
                }
            ),
        }
    }
    assert stack.unhealthy_waits(model) == [
        "proxy waits for none to be healthy, but none has no healthcheck",
        "proxy waits for off to be healthy, but off has no healthcheck",
        "web waits for cache to be healthy, but cache has no healthcheck",
    ], (
        "Skill missing: unhealthy_waits(model) lists each `condition: service_healthy` whose "
        "target has no healthcheck (none, `disable: true` or test NONE), sorted; other "
        "conditions (service_completed_successfully) need none"
    )


def test_skill_missing_paths_checks_every_kind_of_path(tmp_path):
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "app.env").write_text("A=1\n")
    there, gone = str(tmp_path / "ctx"), str(tmp_path / "gone")
    model = {
        "services": {
            "ok": service(
                build={"context": there},  # Dockerfile by default
                volumes=[{"type": "bind", "source": there, "target": "/x"}],
                env_file=[{"path": str(tmp_path / "app.env")}],
            ),
            "bad": service(
                build={"context": there, "dockerfile": "../other.Dockerfile"},
                volumes=[
                    {"type": "bind", "source": gone, "target": "/y"},
                    {"type": "volume", "source": "data", "target": "/z"},  # a named volume
                ],
                env_file=[
                    {"path": str(tmp_path / "no.env")},
                    {"path": str(tmp_path / "optional.env"), "required": False},
                ],
            ),
            "lost": service(build={"context": gone, "dockerfile": "Dockerfile"}),
        },
        "configs": {"conf": {"file": str(tmp_path / "conf.yml")}, "inline": {"content": "x"}},
        "secrets": {"key": {"file": str(tmp_path / "key.txt")}, "env": {"environment": "KEY"}},
    }
    found = [line.split(": /")[0] for line in stack.missing_paths(model)]
    assert sorted(found) == sorted(
        [
            "bad: Dockerfile",
            "bad: bind mount",
            "bad: env file",
            "lost: build context",
            "lost: Dockerfile",
            "configs conf",
            "secrets key",
        ]
    ), (
        "Skill missing: missing_paths(model) lists build contexts, Dockerfiles (relative to "
        "their context, `Dockerfile` by default), bind-mount sources (not named volumes), "
        "required env files, and the `file:` of configs and secrets that do not exist"
    )


def test_skill_server_variables_are_read_from_the_registry_not_written_down(tmp_path):
    registry = tmp_path / "registry.py"
    registry.write_text(
        "SERVICES = {s.name: s for s in (\n"
        '    Service("db", "DB", ("MY_DB_URL", "DB_URL"), "x"),\n'
        '    Service("mq", "MQ", variables=("MQ_URL",)),\n'
        '    Service("web", "web"),\n'
        ")}\n"
    )
    assert stack.server_variables(registry) == {"MY_DB_URL", "DB_URL", "MQ_URL"}, (
        "Skill missing: server_variables(registry) reads the `variables` of every Service(...) "
        "of the registry's source (third argument or variables=), so .env.example follows it"
    )
    source = inspect.getsource(stack.server_variables)
    written = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "_URL" in node.value
    ]
    assert written == [], f"Skill missing: compute the variables, do not write them down: {written}"
