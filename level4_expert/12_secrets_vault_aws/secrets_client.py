"""Where the app's secrets come from: one interface, two secret stores, and a small TTL cache.

    provider = VaultProvider(url, role_id, secret_id)          # or AwsSecretsManagerProvider(...)
    secrets = CachedSecrets(provider, ttl=30)
    secrets.get("app/api")["api_key"]

A provider raises only the three errors below. Their messages name the secret's path, never a
value, and `from None` drops the library's exception (and what it held) from the traceback.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import boto3
import hvac
import hvac.exceptions
import requests
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from redaction import REDACTOR, Redactor


class SecretsError(Exception):
    """A secret could not be read. The message names its path, never a value."""


class SecretNotFound(SecretsError):
    """No secret at that path."""


class SecretDenied(SecretsError):
    """The store refused: the app's policy does not allow that path (or its login was refused)."""


class SecretsUnavailable(SecretsError):
    """The store did not answer in time, or not at all."""


@runtime_checkable
class SecretsProvider(Protocol):
    """What the app needs from a secret store: the latest version of one secret, as a dict."""

    def read(self, path: str) -> dict[str, str]: ...


class VaultProvider:
    """A KV version 2 secrets engine of a Vault-API server (HashiCorp Vault, OpenBao), logged in
    with AppRole: the app holds a role_id and a secret_id, never a token of a person."""

    def __init__(self, url: str, role_id: str, secret_id: str, *, mount="secret", timeout=1.0):
        # token="": without it, hvac takes VAULT_TOKEN or ~/.vault-token (a dev server's root!)
        self._client = hvac.Client(url=url, token="", timeout=timeout)
        self._role_id, self._secret_id, self._mount = role_id, secret_id, mount

    def login(self) -> None:
        # exercise: start - log in with AppRole (role_id, secret_id): hvac keeps the token it gets
        self._client.auth.approle.login(role_id=self._role_id, secret_id=self._secret_id)
        # exercise: end

    def _read(self, path: str) -> dict[str, str]:
        response = self._client.secrets.kv.v2.read_secret_version(
            path=path, mount_point=self._mount, raise_on_deleted_version=True
        )
        return response["data"]["data"]

    def read(self, path: str) -> dict[str, str]:
        try:
            if not self._client.token:
                self.login()
            try:
                return self._read(path)
            except hvac.exceptions.Forbidden:
                self.login()  # the token may have expired: log in again once, then read again
                return self._read(path)
        except (hvac.exceptions.Forbidden, hvac.exceptions.InvalidRequest):
            # 403: the policy does not allow the path; 400: AppRole refused the role/secret id
            raise SecretDenied(f"not allowed to read {path!r}") from None
        except hvac.exceptions.InvalidPath:
            raise SecretNotFound(f"no secret at {path!r}") from None
        except (hvac.exceptions.VaultError, requests.RequestException):
            raise SecretsUnavailable(f"Vault did not answer for {path!r}") from None


logger = logging.getLogger(__name__)
# botocore's loggers that write whole bodies at DEBUG ("Response body: b'{...SecretString...}'"),
# before the app knows the value it could redact: they never log at DEBUG in this process.
BODY_LOGGERS = ("botocore.endpoint", "botocore.parsers")


class AwsSecretsManagerProvider:
    """AWS Secrets Manager: each secret's SecretString is a JSON object, {"api_key": "..."}.

    boto3 finds the credentials itself (environment, ~/.aws, an instance role); `endpoint_url`
    is for an emulator such as moto. One attempt, short timeouts: the cache, not boto3's
    retries, is what keeps the app going."""

    def __init__(self, *, endpoint_url=None, region="us-east-1", timeout=1.0):
        # exercise: start - botocore logs request and response bodies at DEBUG: keep those at INFO
        for name in BODY_LOGGERS:
            logging.getLogger(name).setLevel(logging.INFO)
        # exercise: end
        config = Config(
            connect_timeout=timeout, read_timeout=timeout, retries={"total_max_attempts": 1}
        )
        self._client = boto3.client(
            "secretsmanager", endpoint_url=endpoint_url, region_name=region, config=config
        )

    def read(self, path: str) -> dict[str, str]:
        try:
            response = self._client.get_secret_value(SecretId=path)
        except ClientError as exc:
            code = exc.response["Error"]["Code"]
            if code == "ResourceNotFoundException":
                raise SecretNotFound(f"no secret at {path!r}") from None
            if code in ("AccessDeniedException", "AccessDenied"):
                raise SecretDenied(f"not allowed to read {path!r}") from None
            raise SecretsUnavailable(f"Secrets Manager answered {code} for {path!r}") from None
        except BotoCoreError:  # refused, timed out
            raise SecretsUnavailable(f"Secrets Manager did not answer for {path!r}") from None
        try:
            secret = json.loads(response["SecretString"])
        except (KeyError, ValueError):  # a binary secret, or plain text: JSONDecodeError
            secret = None
        if not isinstance(secret, dict):
            raise SecretsError(f"the secret at {path!r} is not a JSON object") from None
        return secret


class CachedSecrets:
    """Secrets read through a provider and kept `ttl` seconds. A rotated secret is picked up
    within `ttl`, without a restart; while the store is down, a value younger than `ttl` is
    still served; an older one never is (it may have been revoked): the read fails instead."""

    def __init__(
        self,
        provider: SecretsProvider,
        ttl: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        redactor: Redactor = REDACTOR,
    ):
        self.provider, self.ttl, self._clock, self._redactor = provider, ttl, clock, redactor
        self._cache: dict[str, tuple[float, dict[str, str]]] = {}  # path -> (read at, value)
        self._lock = threading.Lock()

    def get(self, path: str) -> dict[str, str]:
        # exercise: start - serve the cached value while it is younger than self.ttl; else read it
        now = self._clock()
        with self._lock:
            cached = self._cache.get(path)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        value = self.provider.read(path)  # SecretsError: nothing cached is served past its TTL
        with self._lock:
            self._cache[path] = (now, value)
        # exercise: end
        self._redactor.remember(*value.values())
        logger.info("secret %r read from the store", path)  # its path: never its value
        return value
