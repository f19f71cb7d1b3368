"""Secrets read at run time from a secret store (Vault's API or AWS Secrets Manager), cached a
few seconds, and never written to a log line, an error page or a traceback.

    flask --app level4_expert/12_secrets_vault_aws/app.py run

with SECRETS_BACKEND=vault (VAULT_ADDR, VAULT_ROLE_ID, VAULT_SECRET_ID) or SECRETS_BACKEND=aws
(AWS_ENDPOINT_URL for an emulator, the AWS_* credentials) in the environment. create_app() only
wires: the settings, the secrets (secrets_client.py), the log scrubbing (redaction.py), the API.
"""

import logging
import os

import redaction
from api import api, register_error_handlers
from flask import Flask
from secrets_client import AwsSecretsManagerProvider, CachedSecrets, VaultProvider

SETTINGS = {  # from the environment; none of them is a secret but VAULT_SECRET_ID
    "SECRETS_BACKEND": "vault",
    "VAULT_ADDR": "http://127.0.0.1:8200",
    "VAULT_ROLE_ID": "",
    "VAULT_SECRET_ID": "",  # a secret: give it as 2.14 shows (an env var, a *_FILE), never in git
    "AWS_ENDPOINT_URL": "",  # empty: the real AWS; moto's URL for the emulator
    "AWS_DEFAULT_REGION": "us-east-1",
    "SECRETS_TTL": "30",  # seconds a secret is kept before it is read again
    "SECRETS_TIMEOUT": "1",  # seconds the store has to answer
    "API_KEY_SECRET": "app/api",  # where the API key lives in the store
    "LOG_LEVEL": "",  # e.g. DEBUG: log every logger of the process to stderr
}


def make_provider(config):
    timeout = float(config["SECRETS_TIMEOUT"])
    if config["SECRETS_BACKEND"] == "aws":
        return AwsSecretsManagerProvider(
            endpoint_url=config["AWS_ENDPOINT_URL"] or None,
            region=config["AWS_DEFAULT_REGION"],
            timeout=timeout,
        )
    if config["SECRETS_BACKEND"] == "vault":
        return VaultProvider(
            config["VAULT_ADDR"],
            config["VAULT_ROLE_ID"],
            config["VAULT_SECRET_ID"],
            timeout=timeout,
        )
    raise ValueError(f"SECRETS_BACKEND must be vault or aws, not {config['SECRETS_BACKEND']!r}")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update({name: os.environ.get(name, default) for name, default in SETTINGS.items()})
    app.config.update(config or {})
    redaction.install()  # before anything can log a secret
    if app.config["LOG_LEVEL"]:
        logging.basicConfig(
            level=app.config["LOG_LEVEL"], format="%(levelname)s %(name)s: %(message)s"
        )
    provider = app.config.get("SECRETS_PROVIDER") or make_provider(app.config)  # tests give one
    app.extensions["secrets"] = CachedSecrets(provider, ttl=float(app.config["SECRETS_TTL"]))
    app.register_blueprint(api)
    register_error_handlers(app)
    return app
