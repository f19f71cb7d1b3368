"""Run the committed nginx.conf on this machine, without Docker (the tests and `nox -s serve` do).

    python level2_architecture/13_docker_gunicorn_nginx/local_nginx.py --port 8080

nginx.conf is written for docker compose: `listen 80`, `server app:8000`, static files in
/app/static/. local_config() rewrites exactly those three lines, and puts nginx's temp folders
in its own temporary prefix folder. Everything else runs as committed.
"""

import argparse
import contextlib
import re
import signal
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIME_TYPES = Path("/etc/nginx/mime.types")
TEMP_PATHS = "".join(
    f"    {name}_temp_path {name}_temp;\n"  # relative: inside nginx's prefix folder
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
)


def local_config(text, *, port, upstream, static_dir=HERE / "static"):
    """The text of nginx.conf, rewritten to listen on 127.0.0.1:`port` in front of `upstream`."""
    rewrites = [
        (r"listen\s+80\s*;", f"listen 127.0.0.1:{port};"),
        (r"server\s+app:8000\s*;", f"server {upstream};"),
        (r"alias\s+/app/static/\s*;", f"alias {Path(static_dir).resolve()}/;"),
        (r"http\s*\{\n", "http {\n" + TEMP_PATHS),
    ]
    if not MIME_TYPES.exists():  # nginx from elsewhere than apt or the Docker image
        rewrites.append((r"include\s+/etc/nginx/mime\.types\s*;", "types { text/css css; }"))
    for pattern, replacement in rewrites:
        text, count = re.subn(pattern, replacement.replace("\\", "\\\\"), text)
        if count != 1:
            raise ValueError(f"nginx.conf: expected one match for {pattern!r}, found {count}")
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="where nginx listens")
    parser.add_argument("--upstream", default="127.0.0.1:5000", help="where gunicorn listens")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE.parents[1]))  # the repository root, for `shared`
    from shared.services.servers import NGINX_INSTALL, nginx_binary, nginx_running

    # `docker stop` and `nox -s serve` send SIGTERM: leave the `with` block, so nginx stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if nginx_binary() is None:
        print(f"nginx is not installed ({NGINX_INSTALL}): use gunicorn at {args.upstream}")
        threading.Event().wait()
    config = local_config((HERE / "nginx.conf").read_text(), port=args.port, upstream=args.upstream)
    with nginx_running(config, port=args.port):
        print(f"nginx: http://127.0.0.1:{args.port} -> gunicorn at {args.upstream}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C
            threading.Event().wait()


if __name__ == "__main__":
    main()
