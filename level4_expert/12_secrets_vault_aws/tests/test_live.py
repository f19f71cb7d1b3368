"""Under real gunicorn, on moto, every logger at DEBUG: concurrent clients, a rotation, and a
server log (stdout and stderr) that holds no secret value."""

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from shared.testing import HOST, free_port, running

CLIENTS = 16
EXAMPLE = Path(__file__).resolve().parents[1]


def test_concurrent_clients_a_rotation_and_a_log_without_secrets(aws, aws_write, path, made_up):
    old, new = made_up(), made_up()
    aws_write(path, {"api_key": old})
    port = free_port()
    env = {
        "SECRETS_BACKEND": "aws", "AWS_ENDPOINT_URL": aws.url, "API_KEY_SECRET": path,
        "SECRETS_TTL": "0.5", "LOG_LEVEL": "DEBUG",
    }  # fmt: skip
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"), "--bind", f"{HOST}:{port}",
        "--no-control-socket", "--worker-class", "gthread", "--threads", "8",
        "--log-level", "debug", "app:create_app()",
    ]  # fmt: skip
    url = f"http://{HOST}:{port}/api/report"

    def statuses(value):
        with ThreadPoolExecutor(CLIENTS) as pool:
            return list(pool.map(
                lambda _: requests.get(url, headers={"X-API-Key": value}, timeout=10).status_code,
                range(CLIENTS),
            ))  # fmt: skip

    with running(cmd, port=port, cwd=EXAMPLE, env=env) as proc:
        assert statuses(old) == [200] * CLIENTS
        aws_write(path, {"api_key": new})
        time.sleep(0.55)
        assert statuses(new) == [200] * CLIENTS
        assert statuses(old) == [401] * CLIENTS
    log = proc.output
    assert f"secret '{path}' read from the store" in log  # the app's own lines are there
    assert "DEBUG botocore" in log and "DEBUG urllib3" in log  # and the libraries', at DEBUG
    assert old not in log and new not in log
    assert "Traceback" not in log
