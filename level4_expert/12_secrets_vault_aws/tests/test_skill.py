"""Skill checks: each region is written with the skill, not only with the right behaviour.

The usual shortcuts pass a happy path: the root token (or ~/.vault-token) instead of AppRole, a
cache that never expires or reads the wall clock, a "redaction" that masks our own messages but
leaves the traceback (and the exception object) in the record, botocore left at DEBUG. They fail.
"""

import ast
import inspect
import logging
import sys
import textwrap

import pytest
import redaction
from redaction import MASK, Redactor
from secrets_client import (
    BODY_LOGGERS,
    AwsSecretsManagerProvider,
    CachedSecrets,
    SecretsUnavailable,
    VaultProvider,
)


def called(function) -> set[str]:
    """The functions called in function's source, as written: "self._client.auth.approle.login"."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}


# --- AppRole ---------------------------------------------------------------------------------


def test_skill_the_provider_logs_in_with_approle(vault, path, monkeypatch):
    monkeypatch.setenv("VAULT_TOKEN", vault.root.token)  # a root token within reach: not taken
    vault.root.secrets.kv.v2.create_or_update_secret(path=path, secret={"api_key": "k" * 10})
    assert any(name.endswith("approle.login") for name in called(VaultProvider.login)), (
        "Skill missing: in VaultProvider.login, call self._client.auth.approle.login(role_id=..., "
        "secret_id=...)"
    )
    provider = VaultProvider(vault.url, vault.role_id, vault.secret_id)
    assert provider.read(path) == {"api_key": "k" * 10}
    token = provider._client.token
    info = vault.root.auth.token.lookup(token)["data"] if token else {}
    assert info.get("path") == "auth/approle/login", (
        "Skill missing: the app's token comes from an AppRole login, never the root token"
    )
    assert info["policies"] == ["app", "default"]


def test_skill_a_wrong_secret_id_is_refused(vault, path):
    provider = VaultProvider(vault.url, vault.role_id, "not-the-secret-id")
    with pytest.raises(Exception) as caught:
        provider.read(path)
    assert type(caught.value).__name__ == "SecretDenied", (
        "Skill missing: log in with the role_id and secret_id given: a wrong one is refused"
    )


# --- botocore's body dumps ---------------------------------------------------------------------


def test_skill_botocore_never_dumps_bodies_at_debug(monkeypatch, aws):
    for name in BODY_LOGGERS:
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)
    AwsSecretsManagerProvider(endpoint_url=aws.url)
    levels = {name: logging.getLogger(name).level for name in BODY_LOGGERS}
    assert levels == dict.fromkeys(BODY_LOGGERS, logging.INFO), (
        "Skill missing: set botocore.endpoint and botocore.parsers to logging.INFO when the "
        "provider is made: at DEBUG they log whole request and response bodies"
    )


# --- the TTL cache -----------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Store:
    """A provider that counts its reads; `value` is what it returns, `down` makes it fail."""

    def __init__(self):
        self.reads, self.value, self.down = [], "v1", False

    def read(self, path):
        self.reads.append(path)
        if self.down:
            raise SecretsUnavailable(f"down for {path!r}")
        return {"api_key": f"{self.value}-{path}"}


@pytest.fixture
def cache():
    clock, store = Clock(), Store()
    return clock, store, CachedSecrets(store, ttl=10, clock=clock, redactor=Redactor())


def test_skill_within_the_ttl_the_cached_value_is_served(cache):
    clock, store, secrets = cache
    first = secrets.get("app/a")
    store.value = "v2"
    clock.now += 9.9
    assert secrets.get("app/a") == first and store.reads == ["app/a"], (
        "Skill missing: serve the cached value while now - read_at < ttl (with self._clock)"
    )


def test_skill_past_the_ttl_the_store_is_read_again(cache):
    clock, store, secrets = cache
    secrets.get("app/a")
    store.value = "v2"
    clock.now += 10
    assert secrets.get("app/a") == {"api_key": "v2-app/a"}, (
        "Skill missing: at ttl seconds or later, read the secret again from the provider"
    )
    clock.now += 5
    assert secrets.get("app/a") == {"api_key": "v2-app/a"} and len(store.reads) == 2, (
        "Skill missing: keep the new value, and the time it was read"
    )


def test_skill_each_path_is_cached_on_its_own(cache):
    _, store, secrets = cache
    assert secrets.get("app/a") == {"api_key": "v1-app/a"}
    assert secrets.get("app/b") == {"api_key": "v1-app/b"}, "Skill missing: cache by path"
    secrets.get("app/a")
    assert store.reads == ["app/a", "app/b"]


def test_skill_store_down_the_cache_until_the_ttl_then_the_error(cache):
    clock, store, secrets = cache
    secrets.get("app/a")
    store.down = True
    clock.now += 5
    assert secrets.get("app/a") == {"api_key": "v1-app/a"}
    clock.now += 5
    with pytest.raises(SecretsUnavailable):
        secrets.get("app/a")  # never a value past its TTL: it may have been revoked
    store.down, store.value = False, "v3"
    assert secrets.get("app/a") == {"api_key": "v3-app/a"}, (
        "Skill missing: after the store is back, read it again (no failure is cached)"
    )


# --- redaction ---------------------------------------------------------------------------------


def test_skill_redact_masks_every_value_the_longest_first():
    redactor = Redactor()
    redactor.remember("abcd1234", "abcd1234-and-more", 'q"uo\\te', "abc")
    text = 'k=abcd1234-and-more, k2=abcd1234, json={"k": "q\\"uo\\\\te"}, short=abc'
    assert redactor.redact(text) == 'k=****, k2=****, json={"k": "****"}, short=abc', (
        "Skill missing: replace every remembered value by MASK, the longest first (its JSON "
        "form too); values under 4 characters are left"
    )
    assert Redactor().redact(text) == text


def make_record(msg, args=(), exc_info=None, stack_info=None):
    return logging.LogRecord("t", logging.ERROR, __file__, 1, msg, args, exc_info, None, stack_info)


def test_skill_scrub_renders_and_masks_the_message_and_the_traceback():
    redactor = Redactor()
    redactor.remember("sk-value-1")
    try:
        try:
            raise KeyError("sk-value-1")
        except KeyError as exc:
            raise RuntimeError("failed") from exc
    except RuntimeError:
        exc_info = sys.exc_info()
    record = redactor.scrub(make_record("key %s", ("sk-value-1",), exc_info, "Stack: sk-value-1"))
    assert (record.msg, record.args) == ("key ****", ()), (
        "Skill missing: render record.getMessage() now, redacted, into msg, and empty args"
    )
    assert record.exc_info is None, (
        "Skill missing: format the traceback into exc_text (redacted) and drop exc_info: the "
        "exception object holds the value"
    )
    assert "KeyError: '****'" in record.exc_text and "sk-value-1" not in record.exc_text
    assert record.stack_info == "Stack: ****"
    shown = logging.Formatter().format(record)
    assert "sk-value-1" not in shown and "RuntimeError: failed" in shown


def test_skill_scrub_survives_a_bad_format_string():
    record = Redactor().scrub(make_record("%d items", ("x",)))
    assert "%d items" in record.getMessage(), "Skill missing: a bad format is logged, not raised"


def test_skill_every_record_of_every_logger_is_scrubbed(app):
    factory = logging.getLogRecordFactory()
    assert getattr(factory, "redactor", None) is redaction.REDACTOR
    redaction.install()
    assert logging.getLogRecordFactory() is factory  # installed once, not chained
    redaction.REDACTOR.remember("sk-everywhere")
    record = logging.getLogger("any.library").makeRecord(
        "any.library", logging.INFO, __file__, 1, "saw %s", ("sk-everywhere",), None
    )
    assert record.getMessage() == f"saw {MASK}", (
        "Skill missing: scrub each record as the factory makes it"
    )
