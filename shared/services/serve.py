"""Run one example with the servers it needs: `nox -s serve -- level2_architecture/11_caching`.

Reads the example's `skill.toml`:

    needs = ["redis", "celery"]                       # which servers to provide
    serve = ["flask --app level2_architecture/12_background_tasks/app.py run",
             "celery --workdir level2_architecture/12_background_tasks -A tasks worker --pool=solo"]

starts an embedded server for each need that no environment variable already names, exports
DATABASE_URL, REDIS_URL, CELERY_BROKER_URL and CELERY_RESULT_BACKEND, starts every `serve` command
from the repository root, and on Ctrl-C (or when one command exits) stops them all by PID, then the
servers. Without a `serve` entry it runs `flask --app <folder>/app.py run`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from shared.roadmap.cli import ROOT, example_for
from shared.roadmap.document import RoadmapError
from shared.services import servers
from shared.testing import stop


def commands_of(folder: Path, root: Path) -> tuple[list[str], list[str]]:
    """(needs, serve commands) from the example's skill.toml."""
    data = tomllib.loads((folder / "skill.toml").read_text(encoding="utf-8"))
    needs = list(data.get("needs", []))
    serve = data.get("serve")
    rel = folder.relative_to(root).as_posix()
    if serve is None:
        if not (folder / "app.py").exists():
            raise RoadmapError(f"{rel}/skill.toml: say how to run it: serve = [...]")
        serve = [f"flask --app {rel}/app.py run"]
    if isinstance(serve, str):
        serve = [serve]
    return needs, serve


def provide(needs: list[str], stack: contextlib.ExitStack) -> dict[str, str]:
    """Start what `needs` asks for and no variable names; return the variables to export."""
    env: dict[str, str] = {}
    if "postgres" in needs:
        if servers.postgres_from_env():
            print("PostgreSQL: DATABASE_URL from your environment")
        else:
            server = stack.enter_context(servers.postgres_server())
            database = stack.enter_context(servers.fresh_database(server))
            env["DATABASE_URL"] = database.url
            print(f"PostgreSQL: embedded, a fresh database for this run: {database.url}")
    if {"redis", "celery", "rq"} & set(needs):
        if url := os.environ.get("REDIS_URL"):
            print("Redis: REDIS_URL from your environment")
        else:
            url = stack.enter_context(servers.redis_server()) + "/0"
            env["REDIS_URL"] = url
            print(f"Redis: embedded, {url}")
        if "celery" in needs:
            broker = env["CELERY_BROKER_URL"] = os.environ.get("CELERY_BROKER_URL") or url
            backend = env["CELERY_RESULT_BACKEND"] = os.environ.get("CELERY_RESULT_BACKEND") or url
            print(f"Celery: broker {broker}, results {backend}")
    if "nginx" in needs and servers.nginx_binary() is None:
        print(f"note: nginx is not installed ({servers.NGINX_INSTALL}); the app runs without it")
    return env


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(selector: str, root: Path = ROOT) -> int:
    example = example_for(selector, root)
    needs, commands = commands_of(example.path, root)
    # Ctrl-C, and a plain `kill`, stop everything cleanly, even when started from a script that
    # ignores SIGINT (as background jobs of a non-interactive shell do).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.ExitStack() as stack:
        env = {**os.environ, **provide(needs, stack)}
        # The commands (flask, celery, rq, gunicorn) from the venv this runs in, first.
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        procs: list[subprocess.Popen] = []
        try:
            for command in commands:
                print(f"$ {command}", flush=True)
                try:
                    procs.append(subprocess.Popen(shlex.split(command), cwd=root, env=env))
                except FileNotFoundError as exc:
                    message = f"cannot start `{command}`: {exc.strerror}: {exc.filename}"
                    raise RoadmapError(message) from None
            print("Running. Ctrl-C stops everything.", flush=True)
            while all(proc.poll() is None for proc in procs):
                time.sleep(0.2)
            ended = next(proc for proc in procs if proc.poll() is not None)
            print(f"`{shlex.join(ended.args)}` exited with code {ended.returncode}; stopping.")
            return ended.returncode
        except KeyboardInterrupt:
            print("\nStopping.")
            return 0
        finally:
            for proc in reversed(procs):
                stop(proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.services.serve", description=__doc__)
    parser.add_argument("selector", help="a row number (2.11), a folder, or part of its name")
    args = parser.parse_args(argv)
    try:
        return serve(args.selector)
    except RoadmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
