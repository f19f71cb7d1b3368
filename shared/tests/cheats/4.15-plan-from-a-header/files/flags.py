"""Feature flags: OpenFeature's client, flagd's in-process evaluator on a flags file, and the
evaluation context built from the request.

    init_flags(app)                      # in create_app: one provider and client per app
    evaluate("banner", "Hello")          # in a view: the value for the current user, or the default
    publish_flags(path, definitions)     # rewrite the file atomically; every worker polls it
"""

import json
import logging
import os
import re
import tempfile
from pathlib import Path

import click
import yaml
from flask import Flask, current_app, request
from flask.cli import AppGroup, with_appcontext
from openfeature import api
from openfeature.contrib.provider.flagd import FlagdProvider
from openfeature.contrib.provider.flagd.config import ResolverType
from openfeature.evaluation_context import EvaluationContext
from openfeature.exception import OpenFeatureError
from openfeature.flag_evaluation import FlagEvaluationDetails

DEFINITIONS = Path(__file__).resolve().parent / "flags.yaml"  # what `init-flags` copies

# A user id as the auth layer would hand it over: short and plain. Anything else is anonymous.
USER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)

# The attributes flags target come from the server's own records, never from what the client
# claims: a header saying "plan: pro" would unlock the pro features for anyone.
USERS = {
    "alice": {"plan": "pro", "country": "FR"},
    "bruno": {"plan": "free", "country": "FR"},
    "chen": {"plan": "team", "country": "DE"},
}

log = logging.getLogger(__name__)


def init_flags(app: Flask) -> None:
    """One flagd provider per app, reading FLAGS_FILE in-process (no flagd server), polled every
    FLAGS_POLL_MS; its OpenFeature client goes to app.extensions["flags"]."""
    path = str(app.config["FLAGS_FILE"])
    # exercise: start - FlagdProvider on FLAGS_FILE (file resolver), per-app domain, its client
    provider = FlagdProvider(
        resolver_type=ResolverType.FILE,  # flagd's in-process evaluator on a file, no server
        offline_flag_source_path=path,
        deadline_ms=app.config["FLAGS_POLL_MS"],  # the file watcher's polling interval
    )
    domain = f"{app.import_name}-{id(app)}"  # a domain per app: tests build several apps
    try:
        api.set_provider_and_wait(provider, domain)
    except OpenFeatureError as exc:  # missing or corrupt file: serve defaults, keep polling
        log.warning("flags file %s unreadable, serving defaults: %r", path, exc)
    app.extensions["flags"] = api.get_client(domain)
    # exercise: end


def evaluation_context() -> EvaluationContext:
    """Who is asking: X-User-Id (the targeting key), with plan and country from USERS."""
    # exercise: start - valid X-User-Id: targeting_key + USERS attributes; else no key (anonymous)
    user_id = request.headers.get("X-User-Id", "")
    if not USER_ID.fullmatch(user_id):
        return EvaluationContext(attributes={"plan": "anonymous"})
    attributes = {"plan": request.headers.get("X-Plan", "free")}
    if "X-Country" in request.headers:
        attributes["country"] = request.headers["X-Country"]
    return EvaluationContext(targeting_key=user_id, attributes=attributes)
    # exercise: end


def evaluate(key: str, default):
    """The flag's value for the current request, or `default` (logged) when it cannot be had."""
    return details(key, default).value


def details(key: str, default) -> FlagEvaluationDetails:
    client = current_app.extensions["flags"]
    if isinstance(default, bool):
        get = client.get_boolean_details
    elif isinstance(default, str):
        get = client.get_string_details
    else:
        get = client.get_object_details
    result = get(key, default, evaluation_context())
    if result.error_code is not None:
        current_app.logger.warning(
            "flag %r: serving the default %r (%s: %s)",
            key,
            default,
            result.error_code.value,
            result.error_message,
        )
    return result


def publish_flags(path: str | Path, definitions: dict) -> None:
    """Write new flag definitions so that a reader sees the old file or the new one, never half."""
    path = Path(path)
    if path.suffix == ".yaml":
        text = yaml.safe_dump(definitions, sort_keys=False)
    else:
        text = json.dumps(definitions, indent=2)
    # exercise: start - temp file in the same folder, fsync, os.replace onto path; clean up on error
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    # exercise: end


@click.command("init-flags")
@with_appcontext
def init_flags_command() -> None:
    """Copy the flag definitions (flags.yaml) to FLAGS_FILE, the file the app reads."""
    path = Path(current_app.config["FLAGS_FILE"])
    path.parent.mkdir(parents=True, exist_ok=True)
    publish_flags(path, yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8")))
    click.echo(f"Flags written to {path}")


flags_cli = AppGroup("flags", help="Change the flags the running workers read.")


@flags_cli.command("set")
@click.argument("key")
@click.argument("variant")
def set_command(key: str, variant: str) -> None:
    """Serve VARIANT of flag KEY to everyone (its defaultVariant): a kill switch."""
    path = Path(current_app.config["FLAGS_FILE"])
    definitions = yaml.safe_load(path.read_text(encoding="utf-8"))
    flag = definitions["flags"].get(key)
    if flag is None:
        raise click.BadParameter(f"no flag {key!r} in {path}", param_hint="KEY")
    if variant not in flag["variants"]:
        known = ", ".join(flag["variants"])
        raise click.BadParameter(
            f"{key} has no variant {variant!r} ({known})", param_hint="VARIANT"
        )
    flag["defaultVariant"] = variant
    flag.pop("targeting", None)  # a kill switch wins over any targeting
    publish_flags(path, definitions)
    click.echo(f"{key} is now {variant!r} for everyone")
