"""One contract, two secret stores: the same tests against OpenBao (Vault API) and moto (AWS)."""

import socket
import time

import pytest
from secrets_client import (
    CachedSecrets,
    SecretNotFound,
    SecretsError,
    SecretsProvider,
    SecretsUnavailable,
)

from shared.testing import HOST, free_port

TTL = 0.5


def test_a_provider_is_a_secrets_provider(backend):
    assert isinstance(backend.provider, SecretsProvider)  # it has read(): no base class needed
    assert not isinstance(object(), SecretsProvider)


def test_read_returns_the_secret_as_written(backend, path, made_up):
    secret = {"api_key": made_up(), "user": "reports"}
    backend.write(path, secret)
    assert backend.provider.read(path) == secret


def test_read_returns_the_latest_version(backend, path, made_up):
    backend.write(path, {"api_key": made_up()})
    new = made_up()
    backend.write(path, {"api_key": new})
    assert backend.provider.read(path) == {"api_key": new}


@pytest.mark.parametrize("missing", ["app/nothing-here", "app/a b", "app/ünïcode", "app/x" * 40])
def test_a_missing_secret_is_secret_not_found(backend, missing):
    with pytest.raises(SecretNotFound) as caught:
        backend.provider.read(missing)
    assert repr(missing) in str(caught.value)


def assert_clean(error: SecretsError, *values: str) -> None:
    """The message holds no value, and the library's exception is not chained (`from None`)."""
    assert error.__cause__ is None and error.__suppress_context__
    for value in values:
        assert value not in str(error)


def test_a_refused_connection_is_unavailable_at_once(backend, path):
    started = time.monotonic()
    with pytest.raises(SecretsUnavailable) as caught:
        backend.down_provider(f"http://{HOST}:{free_port()}").read(path)
    assert time.monotonic() - started < 1.0
    assert_clean(caught.value)


def test_a_hung_server_is_unavailable_within_the_timeout(backend, path):
    with socket.create_server((HOST, 0)) as hung:  # listens, never answers
        port = hung.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(SecretsUnavailable) as caught:
            backend.down_provider(f"http://{HOST}:{port}", timeout=0.3).read(path)
        elapsed = time.monotonic() - started
    assert 0.25 < elapsed < 1.5, elapsed  # one attempt, bounded by the timeout: no retries
    assert_clean(caught.value)


def test_the_cache_keeps_a_value_ttl_seconds_then_reads_the_new_version(backend, path, made_up):
    old, new = made_up(), made_up()
    backend.write(path, {"api_key": old})
    secrets = CachedSecrets(backend.provider, ttl=TTL)
    assert secrets.get(path)["api_key"] == old
    backend.write(path, {"api_key": new})
    assert secrets.get(path)["api_key"] == old  # within the TTL: the cached one
    time.sleep(TTL + 0.05)
    assert secrets.get(path)["api_key"] == new  # past it: the new version, no restart
