"""What both loaders share: the error, the environments, the names of the variables."""

import logging

ENVIRONMENTS = ("development", "testing", "production")
PREFIX = "APP_"  # every setting's variable starts with it: APP_SECRET_KEY, APP_MAIL__PORT
NESTED = "__"  # mail.port is APP_MAIL__PORT
# Public, in the code: good for development and tests, refused in production.
DEV_SECRET_KEY = "dev-only-secret-key-not-for-production"
MIN_SECRET_KEY_LENGTH = 32

log = logging.getLogger("settings")


class SettingsError(RuntimeError):
    """A setting is missing or wrong: the app refuses to start. The message never holds a value."""


def variable(path) -> str:
    """The variable that sets a field: ("mail", "port") or "mail.port" -> APP_MAIL__PORT."""
    parts = path.split(".") if isinstance(path, str) else [str(part) for part in path]
    return PREFIX + NESTED.join(parts).upper()


def refuse(loader: str, problems: list[str]) -> SettingsError:
    """The error to raise (and log) for these problems, one line each."""
    message = f"Invalid settings ({loader}):\n- " + "\n- ".join(problems)
    log.error("%s", message)
    return SettingsError(message)
