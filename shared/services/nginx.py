"""nginx for tests and `serve`: the system's binary (pip cannot bring it), run from a temp prefix.

    with nginx_running(config_text, port=port):     # listens on 127.0.0.1:port, stopped by PID
        ...

`local_config()` turns an nginx.conf written for docker compose (`listen 80`, `server app:8000`,
`alias /app/static/`) into one for this machine, changing exactly those lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from shared.services.registry import SERVICES
from shared.testing import running

NGINX_INSTALL = SERVICES["nginx"].install
MIME_TYPES = Path("/etc/nginx/mime.types")
TEMP_PATHS = "".join(
    f"    {name}_temp_path {name}_temp;\n"  # relative: inside nginx's prefix folder
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
)


def nginx_binary() -> str | None:
    """The system's nginx, or None."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def local_config(
    text: str,
    *,
    port: int,
    upstream: str,
    static_dir: str | Path,
    listen: str = r"listen\s+80\s*;",
    server: str = r"server\s+app:8000\s*;",
    alias: str = r"alias\s+/app/static/\s*;",
) -> str:
    """A compose-style nginx.conf rewritten to listen on 127.0.0.1:`port` in front of `upstream`
    (host:port), serving `static_dir`, with its temp folders inside nginx's prefix. Each pattern
    must match exactly once: a config that drifted is an error, not a silent half-rewrite."""
    rewrites = [
        (listen, f"listen 127.0.0.1:{port};"),
        (server, f"server {upstream};"),
        (alias, f"alias {Path(static_dir).resolve()}/;"),
        (r"http\s*\{\n", "http {\n" + TEMP_PATHS),
    ]
    if not MIME_TYPES.exists():  # nginx from elsewhere than apt or the Docker image
        rewrites.append((r"include\s+/etc/nginx/mime\.types\s*;", "types { text/css css; }"))
    for pattern, replacement in rewrites:
        text, count = re.subn(pattern, replacement.replace("\\", "\\\\"), text)
        if count != 1:
            raise ValueError(f"nginx.conf: expected one match for {pattern!r}, found {count}")
    return text


@contextlib.contextmanager
def nginx_running(config: str, *, port: int, binary: str | None = None) -> Iterator[Path]:
    """Run nginx in the foreground with the text `config` as its nginx.conf, from a temp prefix.

    `config` must listen on 127.0.0.1:`port` and leave out `daemon`, `pid`, `error_log` and `user`
    at the top level: they are set here, so nothing is written outside the temp folder (yielded)
    but the access log if `config` names one. As root, the workers run as root too, so they can
    read files wherever the tests put them. Stopped by its master's PID.
    """
    binary = binary or nginx_binary()
    if binary is None:
        raise FileNotFoundError(f"nginx not installed: {NGINX_INSTALL}")
    with tempfile.TemporaryDirectory(prefix="nginx-") as prefix:
        conf = Path(prefix) / "nginx.conf"
        conf.write_text(config, encoding="utf-8")
        directives = f"daemon off; pid {prefix}/nginx.pid; error_log stderr warn;"
        if os.geteuid() == 0:
            directives += " user root;"
        cmd = [binary, "-p", prefix, "-c", str(conf), "-g", directives]
        with running(cmd, port=port, timeout=10):
            yield Path(prefix)


def main(argv: list[str] | None = None) -> int:
    """`python -m shared.services.nginx --config nginx.conf --port 8080 --upstream 127.0.0.1:5000
    --static static/`: a compose-style nginx.conf run on this machine, until SIGTERM or Ctrl-C."""
    import argparse
    import signal
    import sys
    import threading

    parser = argparse.ArgumentParser(
        prog="python -m shared.services.nginx", description=main.__doc__
    )
    parser.add_argument("--config", type=Path, required=True, help="an nginx.conf for compose")
    parser.add_argument("--port", type=int, default=8080, help="where nginx listens")
    parser.add_argument("--upstream", default="127.0.0.1:5000", help="the app server, host:port")
    parser.add_argument("--static", type=Path, required=True, help="the folder /static/ serves")
    args = parser.parse_args(argv)
    if nginx_binary() is None:
        print(f"nginx is not installed ({NGINX_INSTALL})", file=sys.stderr)
        return 1
    try:
        config = local_config(
            args.config.read_text(encoding="utf-8"),
            port=args.port,
            upstream=args.upstream,
            static_dir=args.static,
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stopped = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda *_: stopped.set())
    with nginx_running(config, port=args.port):
        print(f"nginx: http://127.0.0.1:{args.port} -> {args.upstream}", flush=True)
        stopped.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
