"""Run one example with the servers it needs: `nox -s serve -- level2_architecture/11_caching`.

    python -m shared.services.serve 2.12            # its `serve` commands, with its `needs`
    python -m shared.services.serve --fresh 2.12    # the same, with empty embedded servers

For each service the example's `needs` names (see registry.py), a variable of your environment wins
(DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, KAFKA_BOOTSTRAP_SERVERS); otherwise an embedded server
is started that keeps its data in `.serve/<folder>/` (ignored by git), so a restarted `serve` finds
yesterday's rows and jobs, as a real server would (the Kafka mock cluster keeps nothing). Then the
example's `serve` commands start from the repository root, each in a process group of its own, with
DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, CELERY_RESULT_BACKEND and KAFKA_BOOTSTRAP_SERVERS
exported (and written to `.serve/<folder>/env`, for a second terminal to `source`). Ctrl-C (or
SIGTERM) stops them all, by PID, then the servers. A command or server that dies while serving is
named, the rest are stopped, and the exit is non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from shared.roadmap.document import RoadmapError
from shared.roadmap.examples import Example, example_for
from shared.services import kafka, nginx, postgres, redis_db
from shared.services.registry import source, with_requirements
from shared.testing import stop

ROOT = Path(__file__).resolve().parents[2]
DATA = ".serve"  # under the repository root, ignored by git: the embedded servers' files
DATABASE = "flask_skills"  # the database `serve` makes on its embedded PostgreSQL


def data_dir(example: Example, root: Path) -> Path:
    return root / DATA / example.folder


def provide(
    needs: list[str] | tuple[str, ...],
    stack: contextlib.ExitStack,
    keep_in: Path | None = None,
) -> dict[str, str]:
    """Start what `needs` asks for and no variable names; return the variables to export.

    With `keep_in`, embedded servers keep their files there (a restart finds them); without it
    they start empty and leave nothing behind.
    """
    env: dict[str, str] = {}
    needs = with_requirements(list(needs))
    if "postgres" in needs:
        where = source("postgres")
        if where.from_env:
            print(where.describe())
        else:
            server = stack.enter_context(
                postgres.postgres_server(keep_in / "postgres" if keep_in else None)
            )
            database = postgres.create_database(server, name=DATABASE if keep_in else "")
            env["DATABASE_URL"] = database.url
            kept = f", kept in {keep_in / 'postgres'}" if keep_in else ", empty"
            print(f"PostgreSQL: embedded{kept}: {database.url}")
    if "redis" in needs:
        where = source("redis")
        if where.from_env:
            url = where.value
            print(where.describe())
        else:
            url = stack.enter_context(redis_db.redis_server(keep_in / "redis" if keep_in else None))
            url += "/0"
            env["REDIS_URL"] = url
            kept = f", kept in {keep_in / 'redis'}" if keep_in else ", empty"
            print(f"Redis: embedded{kept}: {url}")
        if "celery" in needs:
            broker = env["CELERY_BROKER_URL"] = source("celery").value or url
            backend = env["CELERY_RESULT_BACKEND"] = os.environ.get("CELERY_RESULT_BACKEND") or url
            print(f"Celery: broker {broker}, results {backend}")
    if "kafka" in needs:
        where = source("kafka")
        if where.from_env:
            print(where.describe())
        else:
            bootstrap = stack.enter_context(kafka.kafka_server())
            env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
            print(f"Kafka: embedded (librdkafka's mock cluster), empty: {bootstrap}")
    if "nginx" in needs and nginx.nginx_binary() is None:
        raise RoadmapError(
            f"this example runs nginx, which is not installed: {nginx.NGINX_INSTALL}"
        )
    return env


def write_env_file(path: Path, variables: dict[str, str]) -> Path:
    """`export NAME=value` lines a shell can `source`; removed again when serve stops."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"export {name}={shlex.quote(value)}\n" for name, value in sorted(variables.items())]
    path.write_text("".join(lines), encoding="utf-8")
    return path


class Stop(Exception):
    """Ctrl-C, SIGTERM or SIGHUP: stop everything."""


def _stop_signal(signum, frame):
    raise Stop(signal.Signals(signum).name)


def serve(selector: str, root: Path = ROOT, fresh: bool = False) -> int:
    example = example_for(selector, root)
    if not example.serve:
        raise RoadmapError(f"{example.folder}/skill.toml: say how to run it: serve = [...]")
    keep_in = data_dir(example, root)
    if fresh:
        shutil.rmtree(keep_in, ignore_errors=True)
    # Ctrl-C, a plain `kill` and a closed terminal stop everything cleanly, even when started from
    # a script that ignores SIGINT (as background jobs of a non-interactive shell do).
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop_signal)
    procs: list[tuple[str, subprocess.Popen]] = []
    try:
        with contextlib.ExitStack() as stack:
            exported = provide(example.needs, stack, keep_in)
            env = {**os.environ, **exported}
            if exported:  # for a second terminal: `source .serve/<folder>/env`
                stack.callback(write_env_file(keep_in / "env", exported).unlink, missing_ok=True)
                print(f"Variables for another terminal: source {DATA}/{example.folder}/env")
            # The commands (flask, celery, rq, gunicorn) from the venv this runs in, first.
            env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
            try:
                for command in example.serve:
                    print(f"$ {command}", flush=True)
                    try:
                        # A group of its own: Ctrl-C reaches only us, and we stop it by its PID.
                        proc = subprocess.Popen(
                            shlex.split(command), cwd=root, env=env, start_new_session=True
                        )
                    except FileNotFoundError as exc:
                        message = f"cannot start `{command}`: {exc.strerror}: {exc.filename}"
                        raise RoadmapError(message) from None
                    procs.append((command, proc))
                print("Running. Ctrl-C stops everything.", flush=True)
                parent = os.getppid()
                while True:
                    if os.getppid() != parent:  # nox, or the shell, was killed: do not linger
                        print("serve: the process that started it has gone; stopping.")
                        return 1
                    for command, proc in procs:
                        if proc.poll() is not None:
                            print(
                                f"serve: `{command}` exited with code {proc.returncode} while "
                                "serving; stopping the rest.",
                                flush=True,
                            )
                            return proc.returncode or 1
                    time.sleep(0.2)
            finally:
                for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                    signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
                for _, proc in reversed(procs):
                    stop(proc)
    except Stop as exc:
        print(f"\nserve: {exc} received; stopped {example.folder} and its servers.", flush=True)
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.services.serve", description=__doc__)
    parser.add_argument("selector", help="a row number (2.11), a folder, or part of its name")
    parser.add_argument("--fresh", action="store_true", help="start the embedded servers empty")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return serve(args.selector, args.root.resolve(), fresh=args.fresh)
    except RoadmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
